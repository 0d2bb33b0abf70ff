using Luyue.Core.Storage;
using Luyue.Server.Auth;

namespace Luyue.Server.Endpoints;

/// <summary>Who the caller is: the workbench shows the tenant and offers the reviewer queue only to reviewers.</summary>
public static class MeEndpoints
{
    public sealed record Me(string Tenant, string? Name, string Role);

    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/me", Get).WithName("Me").WithTags("Tenants")
            .WithSummary("The caller's tenant, its name, and the key's role (merchant or reviewer)")
            .Produces<Me>()
            .RequireAuthorization(Policies.Merchant);
        return app;
    }

    private static async Task<IResult> Get(HttpContext http, IStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var tenant = await store.GetTenantAsync(caller.Tenant, ct);
        return TypedResults.Ok(new Me(caller.Tenant, tenant?.Name, caller.Role.ToString().ToLowerInvariant()));
    }
}
