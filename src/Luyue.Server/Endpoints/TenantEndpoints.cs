using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Tenants and their API keys: admin only.</summary>
public static class TenantEndpoints
{
    public sealed record NewTenant(string? Name, string? Id);

    public sealed record TenantBody(string Id, string Name, string CreatedAt);

    public sealed record NewKey(string? Role);

    public sealed record KeyBody(string Id, string Tenant, string Role, string Key);

    public static RouteGroupBuilder MapTenants(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/tenants").WithTags("Tenants").RequireAuthorization(Policies.Admin);
        group.MapPost("/", CreateTenant).WithName("CreateTenant").WithSummary("Create a tenant (admin)");
        group.MapGet("/{id}", GetTenant).WithName("GetTenant").WithSummary("One tenant (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/keys", CreateKey).WithName("CreateApiKey").WithSummary("Create an API key for a tenant with a role: merchant, reviewer or admin (admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Created<TenantBody>, ValidationProblem>> CreateTenant(NewTenant body, IStore store, IClock clock, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["a tenant needs a name"] });
        }

        var id = string.IsNullOrWhiteSpace(body.Id) ? ApiKeys.NewId("t") : body.Id.Trim();
        if (await store.GetTenantAsync(id, ct) is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"tenant '{id}' exists already"] });
        }

        var tenant = await store.CreateTenantAsync(id, name, clock.GetCurrentInstant(), ct);
        return TypedResults.Created($"/v1/tenants/{tenant.Id}", Body(tenant));
    }

    public static async Task<Results<Ok<TenantBody>, ProblemHttpResult>> GetTenant(string id, IStore store, CancellationToken ct) =>
        await store.GetTenantAsync(id, ct) is { } tenant
            ? TypedResults.Ok(Body(tenant))
            : TypedResults.Problem(title: "Not found", detail: $"no tenant '{id}'", statusCode: StatusCodes.Status404NotFound);

    private static TenantBody Body(Tenant tenant) =>
        new(tenant.Id, tenant.Name, Luyue.Core.Events.InstantText.Format(tenant.CreatedAt, Offset.FromHours(8)));

    public static async Task<Results<Created<KeyBody>, ProblemHttpResult, ValidationProblem>> CreateKey(
        string id, NewKey body, IStore store, IClock clock, CancellationToken ct)
    {
        if (await store.GetTenantAsync(id, ct) is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"no tenant '{id}'", statusCode: StatusCodes.Status404NotFound);
        }

        if (!Enum.TryParse<Role>(body.Role ?? "merchant", ignoreCase: true, out var role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"'{body.Role}' is not merchant, reviewer or admin"] });
        }

        var key = ApiKeys.NewKey();
        var record = new ApiKey(ApiKeys.NewId("k"), id, role, ApiKeys.Hash(key), clock.GetCurrentInstant());
        await store.AddApiKeyAsync(record, ct);
        // No Location: a key cannot be read back, only its hash is stored.
        return TypedResults.Created((string?)null, new KeyBody(record.Id, id, role.ToString().ToLowerInvariant(), key));
    }
}
