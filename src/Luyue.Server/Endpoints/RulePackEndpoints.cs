using Luyue.Core.Rules;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>The packs in force for the caller's tenant, and uploading a new version (validated; effective for orders paid on or after its date).</summary>
public static class RulePackEndpoints
{
    public sealed record PackSummary(string Platform, string Version, string EffectiveFrom, int Rules, string Source, string Origin);

    public static IEndpointRouteBuilder MapRulePacks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/rulepacks").WithTags("Rule packs").RequireAuthorization(Policies.Merchant);
        group.MapGet("/", List).WithName("ListRulePacks").WithSummary("Every pack version in force for the tenant")
            .Produces<ItemList<PackSummary>>();
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
