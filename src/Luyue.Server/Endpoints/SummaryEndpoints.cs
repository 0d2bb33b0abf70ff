using Luyue.Core.Findings;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>The monitor summary (about to time out / overdue per rule) and the ledger, per tenant.</summary>
public static class SummaryEndpoints
{
    public sealed record MonitorRow(string Rule, int AboutToTimeOut, int Overdue);

    public static IEndpointRouteBuilder MapSummaries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Summaries").RequireAuthorization(Policies.Merchant);
        group.MapGet("/monitor", Monitor).WithName("MonitorSummary")
            .WithSummary("Per monitor (rule): warnings whose deadline has not passed and no violation yet (即将超时), and standing violations (已超时)")
            .Produces<ItemList<MonitorRow>>();
        group.MapGet("/ledger", Ledger).WithName("Ledger")
            .WithSummary("Penalties charged, exempted, revoked and refunded, and net, by shop, rule or shop-rule")
            .Produces<ItemList<LedgerRow>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Monitor(HttpContext http, TenantFindings board, IClock clock, string? shop, string? platform, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        var rows = (await board.OpenAsync(tenant, clock.GetCurrentInstant(), shop, platform, ct))
            .GroupBy(o => o.Finding.Rule)
            .Select(g => new MonitorRow(g.Key, g.Count(o => o.State == OpenState.Soon), g.Count(o => o.State == OpenState.Overdue)))
            .OrderBy(r => r.Rule, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new { items = rows });
    }

    private static async Task<IResult> Ledger(HttpContext http, IStore store, string? by, CancellationToken ct)
    {
        var grouping = by switch
        {
            null or "shop" => LedgerGrouping.Shop,
            "rule" => LedgerGrouping.Rule,
            "shop-rule" => LedgerGrouping.ShopRule,
            _ => (LedgerGrouping?)null,
        };
        if (grouping is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = [$"'{by}' is not shop, rule or shop-rule"] });
        }

        var ledger = new Ledger();
        foreach (var stored in await QueryHelpers.AllAsync(store, new FindingQuery(Caller.From(http.User).Tenant), ct))
        {
            if (QueryHelpers.Parse(stored) is { } finding)
            {
                ledger.Add(finding);
            }
        }

        return TypedResults.Ok(new { items = ledger.Rows(grouping.Value) });
    }
}
