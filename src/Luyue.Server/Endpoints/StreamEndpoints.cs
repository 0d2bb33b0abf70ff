using System.Text;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;

namespace Luyue.Server.Endpoints;

/// <summary>
/// New findings of the caller's tenant as Server-Sent Events (`event: finding`, `id:` the finding's sequence). A client
/// that reconnects with Last-Event-ID first gets what it missed from the store.
/// </summary>
public static class StreamEndpoints
{
    public static IEndpointRouteBuilder MapStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/stream", Stream).WithName("FindingStream").WithTags("Findings")
            .WithSummary("Server-Sent Events of new findings for the caller's tenant; resumes after Last-Event-ID")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/event-stream")
            .AddOpenApiOperationTransformer(OpenApiSetup.DescribeStream)
            .RequireAuthorization(Policies.Merchant);
        return app;
    }

    private static async Task Stream(HttpContext http, FindingHub hub, IStore store, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var (id, reader) = hub.Subscribe(tenant);
        try
        {
            long last = 0;
            if (long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var resume))
            {
                // Missed while disconnected: from the store, then live (duplicates of the overlap are skipped by sequence).
                var page = await store.QueryFindingsAsync(new FindingQuery(tenant) { After = resume, Limit = 1000 }, ct);
                while (page.Items.Count > 0)
                {
                    foreach (var finding in page.Items)
                    {
                        await Write(http.Response, finding, ct);
                        last = finding.Sequence;
                    }

                    if (page.Next is null)
                    {
                        break;
                    }

                    page = await store.QueryFindingsAsync(new FindingQuery(tenant) { After = page.Next, Limit = 1000 }, ct);
                }
            }

            await http.Response.WriteAsync(": connected\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            await foreach (var finding in reader.ReadAllAsync(ct))
            {
                if (finding.Sequence > last)
                {
                    await Write(http.Response, finding, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
        finally
        {
            hub.Unsubscribe(tenant, id);
        }
    }

    private static async Task Write(HttpResponse response, StoredFinding finding, CancellationToken ct)
    {
        var text = new StringBuilder().Append("id: ").Append(finding.Sequence).Append("\nevent: finding\ndata: ").Append(finding.Json).Append("\n\n");
        await response.WriteAsync(text.ToString(), ct);
        await response.Body.FlushAsync(ct);
    }
}
