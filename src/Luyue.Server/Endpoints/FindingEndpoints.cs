using System.ComponentModel;
using System.Text;
using Luyue.Core.Events;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Findings in the CONTRACT.md format, filtered, with cursor pagination.</summary>
public static class FindingEndpoints
{
    public static RouteGroupBuilder MapFindings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/findings").WithTags("Findings").RequireAuthorization(Policies.Merchant);
        group.MapGet("/", List).WithName("ListFindings")
            .WithSummary("Findings filtered by order, shop, platform, rule, kind, status and time range [from, to); `next` is the cursor of the following page")
            .WithDescription("status applies to violations and penalties: standing (neither retracted, exempted nor revoked since), retracted, " +
                             "exempted (violations) or revoked (penalties); other kinds have no status and never match it.")
            .Produces<FindingPageShape>()
            .ProducesValidationProblem();
        return group;
    }

    public static async Task<IResult> List(HttpContext http, IStore store,
        [Description("Order id")] string? order,
        [Description("Shop id")] string? shop,
        [Description("tmall, taote, douyin, 1688 or aliexpress")] string? platform,
        [Description("Rule id, e.g. tmall.pickup-timeout")] string? rule,
        [Description("warning, violation, retracted, exempted, penalty, revoked, strike, rejected or sanction")] string? kind,
        [Description("Violations and penalties only: standing, retracted, exempted or revoked")] string? status,
        [Description("Findings at or after this time (ISO-8601 with offset)")] string? from,
        [Description("Findings before this time (ISO-8601 with offset)")] string? to,
        [Description("The `next` of the previous page")] long? cursor,
        [Description("Page size, 1 to 1000 (default 100)")] int? limit,
        CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        var query = new FindingQuery(Caller.From(http.User).Tenant)
        {
            Order = order, Shop = shop, Platform = platform, Rule = rule, Kind = kind,
            From = QueryHelpers.Time(problems, "from", from), To = QueryHelpers.Time(problems, "to", to), After = cursor, Limit = Math.Clamp(limit ?? 100, 1, 1000),
        };
        if (status is not null && !FindingStatusFilter.Known.Contains(status))
        {
            problems["status"] = [$"'{status}' is not {string.Join(", ", FindingStatusFilter.Known)}"];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var page = status is null ? await store.QueryFindingsAsync(query, ct) : await FindingStatusFilter.QueryAsync(store, query, status, ct);
        return TypedResults.Content(Page(page.Items.Select(f => f.Json), page.Next), "application/json", Encoding.UTF8);
    }

    /// <summary>`{"items":[…],"next":…}` with the stored finding JSON written through as is.</summary>
    internal static string Page(IEnumerable<string> items, long? next)
    {
        var text = new StringBuilder("{\"items\":[");
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                text.Append(',');
            }

            text.Append(item);
            first = false;
        }

        text.Append("],\"next\":").Append(next is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null").Append('}');
        return text.ToString();
    }
}
