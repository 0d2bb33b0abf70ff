using System.ComponentModel;
using System.Globalization;
using Luyue.Core.Engine;
using Luyue.Core.Findings;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>
/// The monitor lists of the workbench: every open finding (about to time out, overdue) with where it stands (carrier,
/// pickup outlet) and how long is left, filtered, sorted by time left and paged, with the counts per monitor.
/// </summary>
public static class MonitorEndpoints
{
    /// <summary>One open finding as a monitor row. <c>secondsLeft</c> is negative once the deadline has passed.</summary>
    public sealed record MonitorItem(
        string Monitor, string State, string Rule, string? Order, string? Shop, string? Platform, string? Carrier, string? Tracking,
        string? Outlet, Instant? Deadline, long? SecondsLeft, Instant At, decimal? Amount, string? PackVersion);

    public sealed record MonitorCount(string Monitor, int AboutToTimeOut, int Overdue);

    /// <summary>A page of rows; <c>total</c> counts every row matching the filters, <c>next</c> is the cursor of the following page.</summary>
    public sealed record MonitorPage(int Total, IReadOnlyList<MonitorCount> Counts, IReadOnlyList<MonitorItem> Items, string? Next);

    public static IEndpointRouteBuilder MapMonitorItems(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/monitor/items", List).WithName("MonitorItems").WithTags("Summaries")
            .WithSummary("Open findings per monitor (about to time out, overdue) with carrier and pickup outlet, filtered, sorted by time left, a page at a time")
            .WithDescription("counts are per monitor over the shop, platform, carrier and outlet filters (not monitor and state), as the overview shows them.")
            .Produces<MonitorPage>()
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.Merchant);
        return app;
    }

    private static async Task<IResult> List(HttpContext http, TenantFindings board, EngineHost host, IClock clock,
        [Description("ship, pickup, update, delivery, route, fake-sign, 1688, taote, douyin or aliexpress")] string? monitor,
        [Description("soon (about to time out) or overdue")] string? state,
        [Description("Shop id")] string? shop,
        [Description("tmall, taote, douyin, 1688 or aliexpress")] string? platform,
        [Description("Carrier code, e.g. zto")] string? carrier,
        [Description("Pickup outlet (site name), exact")] string? outlet,
        [Description("timeLeft (least first, the default) or -timeLeft")] string? sort,
        [Description("The `next` of the previous page")] string? cursor,
        [Description("Page size, 1 to 500 (default 50)")] int? limit,
        CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        if (monitor is not null && !MonitorTypes.All.Contains(monitor))
        {
            problems["monitor"] = [$"'{monitor}' is not {string.Join(", ", MonitorTypes.All)}"];
        }

        if (state is not null and not ("soon" or "overdue"))
        {
            problems["state"] = [$"'{state}' is not soon or overdue"];
        }

        if (sort is not null and not ("timeLeft" or "-timeLeft"))
        {
            problems["sort"] = [$"'{sort}' is not timeLeft or -timeLeft"];
        }

        var offset = 0;
        if (cursor is not null && (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            problems["cursor"] = [$"'{cursor}' is not the next of a previous page"];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var tenant = Caller.From(http.User).Tenant;
        var now = clock.GetCurrentInstant();
        var open = await board.OpenAsync(tenant, now, shop, platform, ct);
        // Carrier and outlet come from the engines' order views: for every row only when a filter needs them, else
        // for the page's rows alone (one ask per partition either way).
        var filtered = carrier is not null || outlet is not null;
        var views = filtered ? await ViewsAsync(host, tenant, open) : null;
        var rows = open.Select(o => Row(o, views?.GetValueOrDefault(o.Finding.Order ?? ""), now))
            .Where(r => (carrier is null || r.Carrier == carrier) && (outlet is null || r.Outlet == outlet))
            .ToList();

        var counts = MonitorTypes.All.Select(m => new MonitorCount(m,
            rows.Count(r => r.Monitor == m && r.State == "soon"), rows.Count(r => r.Monitor == m && r.State == "overdue"))).ToList();
        var matching = rows.Where(r => (monitor is null || r.Monitor == monitor) && (state is null || r.State == state));
        // Time left, then order and rule so that pages cut the same list on every request.
        var ordered = (sort == "-timeLeft" ? matching.OrderByDescending(r => r.SecondsLeft ?? long.MaxValue) : matching.OrderBy(r => r.SecondsLeft ?? long.MaxValue))
            .ThenBy(r => r.Order, StringComparer.Ordinal).ThenBy(r => r.Rule, StringComparer.Ordinal).ToList();
        var size = Math.Clamp(limit ?? 50, 1, 500);
        var page = ordered.Skip(offset).Take(size).ToList();
        if (!filtered)
        {
            var pageViews = await ViewsAsync(host, tenant, page.Select(r => r.Open));
            page = page.ConvertAll(r => Row(r.Open, pageViews.GetValueOrDefault(r.Open.Finding.Order ?? ""), now));
        }

        var next = offset + size < ordered.Count ? (offset + size).ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new MonitorPage(ordered.Count, counts, page.ConvertAll(r => r.Item), next));
    }

    private static Task<IReadOnlyDictionary<string, OrderView>> ViewsAsync(EngineHost host, string tenant, IEnumerable<OpenFinding> open) =>
        host.ViewsAsync(tenant, open.Select(o => o.Finding.Order).OfType<string>().Distinct(StringComparer.Ordinal).ToList());

    /// <summary>A row with the open finding it shows (to add the order's carrier and outlet to a page's rows).</summary>
    private sealed record Shown(OpenFinding Open, MonitorItem Item)
    {
        public string Monitor => Item.Monitor;
        public string State => Item.State;
        public string? Carrier => Item.Carrier;
        public string? Outlet => Item.Outlet;
        public string? Order => Item.Order;
        public string Rule => Item.Rule;
        public long? SecondsLeft => Item.SecondsLeft;
    }

    private static Shown Row(OpenFinding open, OrderView? view, Instant now)
    {
        var f = open.Finding;
        var shipment = view?.Shipments.FirstOrDefault(s => s.Tracking == f.Tracking || s.Transfers.Any(t => t.Tracking == f.Tracking))
                       ?? view?.Shipments.LastOrDefault();
        var outlet = shipment?.Scans.FirstOrDefault(s => s.Milestone == "pickup")?.Site;
        return new Shown(open, new MonitorItem(open.Monitor, open.State == OpenState.Soon ? "soon" : "overdue", f.Rule, f.Order, f.Shop ?? view?.Shop,
            f.Platform ?? view?.Platform, shipment?.Carrier, f.Tracking ?? shipment?.Tracking, outlet, f.Deadline,
            f.Deadline is { } deadline ? (long)Math.Floor((deadline - now).TotalSeconds) : null, f.At, f.Amount ?? view?.Amount, f.PackVersion));
    }
}
