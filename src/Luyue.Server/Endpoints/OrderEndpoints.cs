using System.Text;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;

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
            .WithSummary("The order's stored events as they were received (paid, shipped, tracking changes, refunds, complaints, filings), oldest first")
            .WithDescription("Carrier scans name a tracking number, not an order: the order's trace (GET /v1/orders/{id}) holds them as the engine judged them.")
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
        var events = await store.ReadOrderEventsAsync(Caller.From(http.User).Tenant, id, MaxOrderEvents, ct);
        if (events.Count == 0)
        {
            return TypedResults.Problem(title: "Not found", detail: $"no events of order '{id}'", statusCode: StatusCodes.Status404NotFound);
        }

        // Each event's stored JSON goes through byte for byte, with when it was received.
        var text = new StringBuilder("{\"items\":[");
        text.AppendJoin(',', events.Select(e => $"{{\"sequence\":{e.Sequence},\"receivedAt\":{JsonSerializer.Serialize(e.ReceivedAt, Json.Options)},\"event\":{e.Json}}}"));
        text.Append("]}");
        return TypedResults.Content(text.ToString(), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> Get(string id, HttpContext http, EngineHost host, IStore store, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        var view = await host.ViewAsync(tenant, id);
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
