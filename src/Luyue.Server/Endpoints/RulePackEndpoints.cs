using Luyue.Core.Rules;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>The packs in force for the caller's tenant, and uploading a new version (validated; effective for orders paid on or after its date).</summary>
public static class RulePackEndpoints
{
    public sealed record PackSummary(string Platform, string Version, string EffectiveFrom, int Rules, string Source, string Origin);

    /// <summary>
    /// One rule of a pack version. <c>parameters</c> is the rule's object in the pack, as written; <c>inForce</c> says
    /// whether its version is the one an order paid now is judged by (RULES §8).
    /// </summary>
    public sealed record RuleShape(
        string Platform, string Version, string EffectiveFrom, bool InForce, string Id, string? Title, string? Description, string? Source,
        string PackSource, System.Text.Json.JsonElement Parameters);

    public static IEndpointRouteBuilder MapRulePacks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/rulepacks").WithTags("Rule packs").RequireAuthorization(Policies.Merchant);
        group.MapGet("/", List).WithName("ListRulePacks").WithSummary("Every pack version in force for the tenant")
            .Produces<ItemList<PackSummary>>();
        group.MapGet("/rules", Rules).WithName("ListRules")
            .WithSummary("Every rule of every pack version the tenant has, with its parameters (the pack's JSON), source article, and whether its version is in force now")
            .Produces<ItemList<RuleShape>>();
        group.MapGet("/{platform}/{version}", Get).WithName("GetRulePack")
            .WithSummary("One pack version's JSON, as uploaded or embedded (the Location of an upload)")
            .Produces<System.Text.Json.JsonElement>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Upload).WithName("UploadRulePack")
            .WithSummary("Upload a pack version (the rule-pack JSON); it is validated and applies to orders paid on or after its effectiveFrom")
            .Produces<PackSummary>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer(OpenApiSetup.DescribeRulePack);
        return app;
    }

    private static IResult List(HttpContext http, RuleBooks books)
    {
        var book = books.For(Caller.From(http.User).Tenant);
        return TypedResults.Ok(new
        {
            items = book.Packs.OrderBy(p => p.Platform, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom)
                .Select(p => new PackSummary(p.Platform, p.Version, p.EffectiveFrom.ToString("yyyy-MM-dd", null), p.Rules.Count, p.SourceArticle, p.Origin)),
        });
    }

    private static async Task<IResult> Get(string platform, string version, HttpContext http, RuleBooks books, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        var known = books.For(tenant).Packs.Any(p => p.Platform == platform && p.Version == version);
        return known && await books.PackJsonAsync(tenant, platform, version, ct) is { } json
            ? TypedResults.Content(json, "application/json", System.Text.Encoding.UTF8)
            : TypedResults.Problem(title: "Not found", detail: $"no rule pack {platform} {version}", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Rules(HttpContext http, RuleBooks books, IClock clock, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        var book = books.For(tenant);
        var now = clock.GetCurrentInstant();
        var rules = new List<RuleShape>();
        foreach (var pack in book.Packs.OrderBy(p => p.Platform, StringComparer.Ordinal).ThenByDescending(p => p.EffectiveFrom))
        {
            if (await books.PackJsonAsync(tenant, pack.Platform, pack.Version, ct) is not { } json)
            {
                continue;
            }

            var inForce = book.PackFor(pack.Platform, now)?.Version == pack.Version;
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("rules", out var list))
            {
                continue;
            }

            foreach (var rule in list.EnumerateArray())
            {
                rules.Add(new RuleShape(pack.Platform, pack.Version, pack.EffectiveFrom.ToString("yyyy-MM-dd", null), inForce,
                    Text(rule, "id") ?? "", Text(rule, "title"), Text(rule, "description"), Text(rule, "source"), pack.SourceArticle, rule.Clone()));
            }
        }

        return TypedResults.Ok(new ItemList<RuleShape>(rules));
    }

    private static string? Text(System.Text.Json.JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;

    private static async Task<IResult> Upload(HttpContext http, RuleBooks books, IClock clock, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        var json = await reader.ReadToEndAsync(ct);
        try
        {
            var pack = await books.UploadAsync(Caller.From(http.User).Tenant, json, clock.GetCurrentInstant(), ct);
            return TypedResults.Created($"/v1/rulepacks/{pack.Platform}/{pack.Version}",
                new PackSummary(pack.Platform, pack.Version, pack.EffectiveFrom.ToString("yyyy-MM-dd", null), pack.Rules.Count, pack.SourceArticle,
                    RuleBooks.OriginOf(pack.Platform, pack.Version)));
        }
        catch (RulePackException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
                title: "Invalid rule pack");
        }
    }
}
