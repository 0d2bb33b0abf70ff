using Microsoft.Extensions.FileProviders;

namespace Luyue.Server.Endpoints;

/// <summary>
/// The merchant workbench (src/Luyue.Workbench): static files copied next to the server build under wwwroot/, served at
/// <c>/</c>. It is a page of the same HTTP API that integrators use, with the key the user gives it; the files carry no
/// tenant data, so they need no key. Any other path without a file extension, outside the API, answers the page, so
/// that a reload of a workbench address works.
/// </summary>
public static class WorkbenchEndpoints
{
    /// <summary>Paths the page answers: those without a file extension (under the API, v1/, they stay not found).</summary>
    public const string FallbackPattern = "{*path:nonfile}";

    public static WebApplication MapWorkbench(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The workbench changes with the server build: revalidate rather than serve a stale page.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        var index = Path.Combine(root, "index.html");
        app.MapFallback(FallbackPattern, (HttpContext http) =>
                http.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) || http.Request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal)
                    ? Results.NotFound()
                    : Results.File(index, "text/html; charset=utf-8"))
            .WithName("Workbench").WithSummary("The workbench page, for a reload of any of its addresses").ExcludeFromDescription();
        return app;
    }
}
