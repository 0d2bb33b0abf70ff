using System.Text;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>One order: its trace as the engine judged it (milestones, sites, transfers) and its findings.</summary>
public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/orders/{id}", Get).WithName("GetOrder").WithTags("Orders")
            .WithSummary("An order's state, trace with milestones, and findings")
            .Produces<OrderPageShape>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Merchant);
        app.MapGet("/v1/orders/{id}/events", Events).WithName("GetOrderEvents").WithTags("Orders")
            .WithSummary("The order's stored events as they were received (paid, shipped, tracking changes, refunds, complaints, filings) and the scans of every number it used, in event-time order")
            .WithDescription("Carrier scans name a tracking number, not an order: those of the numbers the order's order.shipped and order.tracking-changed events name, and of the numbers transfer scans handed the parcel over to, are merged in by event time (then sequence). The order's trace (GET /v1/orders/{id}) holds them as the engine judged them.")
            .Produces<ItemList<StoredEventShape>>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Merchant);
        return app;
    }

    /// <summary>Whether the tenant has this order: the engines hold it, or findings about it are stored.</summary>
    internal static async Task<bool> ExistsAsync(string tenant, string order, EngineHost host, IStore store, CancellationToken ct) =>
        await host.ViewAsync(tenant, order) is not null
        || (await store.QueryFindingsAsync(new FindingQuery(tenant) { Order = order, Limit = 1 }, ct)).Items.Count > 0;

    /// <summary>At most this many events per order: an order has a handful; the bound keeps a pathological one cheap.</summary>
    private const int MaxOrderEvents = 1000;

    private static async Task<IResult> Events(string id, HttpContext http, IStore store, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        var events = await store.ReadOrderEventsAsync(tenant, id, MaxOrderEvents, ct);
        if (events.Count == 0)
        {
            return TypedResults.Problem(title: "Not found", detail: $"no events of order '{id}'", statusCode: StatusCodes.Status404NotFound);
        }

        var merged = events.Concat(await ScansOfAsync(tenant, events, store, ct))
            .OrderBy(e => e.At).ThenBy(e => e.Sequence).ToList();
        // Each event's stored JSON goes through byte for byte, with when it was received.
        var text = new StringBuilder("{\"items\":[");
        text.AppendJoin(',', merged.Select(e => $"{{\"sequence\":{e.Sequence},\"receivedAt\":{JsonSerializer.Serialize(e.ReceivedAt, Json.Options)},\"event\":{e.Json}}}"));
        text.Append("]}");
        return TypedResults.Content(text.ToString(), "application/json", Encoding.UTF8);
    }

    /// <summary>
    /// The view of an order the engines no longer hold: they forget an order once it has been idle for the retention
    /// period (memory follows open orders), but its page should still show its trace. Its stored events and the scans of
    /// its numbers are applied in the order they were stored to an engine of its own, which is then moved to the
    /// server's clock, as the live engine was. Null when nothing of the order is stored.
    /// </summary>
    private static async Task<OrderView?> RebuiltViewAsync(string tenant, string id, EngineHost host, IStore store, IClock clock, CancellationToken ct)
    {
        var events = await store.ReadOrderEventsAsync(tenant, id, MaxOrderEvents, ct);
        if (events.Count == 0)
        {
            return null;
        }

        var scans = await ScansOfAsync(tenant, events, store, ct);
        // Kept however long ago it was last active: this engine lives for one request.
        var engine = new ComplianceEngine(host.BookFor(tenant), new FindingList(), new EngineOptions { Retention = Duration.FromDays(100 * 365) });
        var parser = new EventParser();
        foreach (var stored in events.Concat(scans).OrderBy(e => e.Sequence))
        {
            // Every stored event was parsed when it was accepted.
            if (parser.TryParse(Encoding.UTF8.GetBytes(stored.Json), out var e, out _))
            {
                engine.Apply(e!);
            }
        }

        engine.AdvanceTo(clock.GetCurrentInstant());
        return engine.View(id);
    }

    /// <summary>At most this many rounds of following transfers: a parcel handed over more often than this is pathological.</summary>
    private const int MaxTransferHops = 8;

    /// <summary>
    /// The tenant's scans of every number the order used: those its order.shipped and order.tracking-changed events
    /// name, then the numbers its scans handed the parcel over to (a transfer scan's newTracking), followed hop by hop.
    /// </summary>
    private static async Task<List<StoredEvent>> ScansOfAsync(string tenant, IReadOnlyList<StoredEvent> orderEvents, IStore store, CancellationToken ct)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        var next = orderEvents.Select(e => NumberIn(e.Json, "tracking", "order.shipped", "order.tracking-changed"))
            .OfType<string>().Where(numbers.Add).ToList();
        var scans = new List<StoredEvent>();
        for (var hop = 0; hop < MaxTransferHops && next.Count > 0 && scans.Count < MaxOrderEvents; hop++)
        {
            var found = await store.ReadTrackingEventsAsync(tenant, next, MaxOrderEvents - scans.Count, ct);
            scans.AddRange(found);
            next = found.Select(e => NumberIn(e.Json, "newTracking", "scan")).OfType<string>().Where(numbers.Add).ToList();
        }

        return scans;
    }

    /// <summary>The string <paramref name="field"/> of a stored event of one of <paramref name="types"/>; null otherwise.</summary>
    private static string? NumberIn(string json, string field, params string[] types)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("type", out var type) && types.Contains(type.GetString(), StringComparer.Ordinal)
            && root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } number
                ? number
                : null;
    }

    private static async Task<IResult> Get(string id, HttpContext http, EngineHost host, IStore store, IClock clock, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        var view = await host.ViewAsync(tenant, id) ?? await RebuiltViewAsync(tenant, id, host, store, clock, ct);
        var findings = await QueryHelpers.AllAsync(store, new FindingQuery(tenant) { Order = id }, ct, max: 10_000);
        if (view is null && findings.Count == 0)
        {
            return TypedResults.Problem(title: "Not found", detail: $"no order '{id}'", statusCode: StatusCodes.Status404NotFound);
        }

        var order = JsonSerializer.Serialize(view, Json.Options);
        var text = new StringBuilder("{\"order\":").Append(order).Append(",\"findings\":[");
        text.AppendJoin(',', findings.Select(f => f.Json)).Append("]}");
        return TypedResults.Content(text.ToString(), "application/json", Encoding.UTF8);
    }
}
