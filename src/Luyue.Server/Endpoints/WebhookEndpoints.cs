using System.Security.Cryptography;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Webhooks;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Webhooks of the caller's tenant, their deliveries, and redelivery from the dead-letter list.</summary>
public static class WebhookEndpoints
{
    public sealed record NewWebhook(string? Url);

    public sealed record WebhookBody(string Id, string Url, string? Secret);

    public sealed record DeliveryBody(string Id, string Webhook, long Finding, string State, int Attempts, string NextAttemptAt, string? LastError);

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Merchant);
        group.MapPost("/", Create).WithName("CreateWebhook")
            .WithSummary("Register a URL for findings; the answer carries the signing secret, shown once")
            .Produces<WebhookBody>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/", List).WithName("ListWebhooks").WithSummary("The tenant's webhooks (without secrets)")
            .Produces<ItemList<WebhookBody>>();
        group.MapGet("/{id}", Get).WithName("GetWebhook").WithSummary("One webhook (without its secret)")
            .Produces<WebhookBody>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", Delete).WithName("DeleteWebhook").WithSummary("Remove a webhook")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/deliveries", Deliveries).WithName("ListDeliveries").WithSummary("Deliveries, by state: pending, delivered or dead")
            .Produces<ItemList<DeliveryBody>>().ProducesValidationProblem();
        group.MapPost("/deliveries/{id}/redeliver", Redeliver).WithName("Redeliver").WithSummary("Send a delivery again (from the dead-letter list)")
            .Produces<DeliveryBody>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Create(HttpContext http, NewWebhook body, IStore store, IClock clock, IOptions<ServerOptions> options,
        WebhookOutbox outbox, CancellationToken ct)
    {
        if (await AddressGuard.RefusalAsync(body.Url ?? "", options.Value.AllowPrivateWebhooks, ct) is { } refusal)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [refusal] });
        }

        var tenant = Caller.From(http.User).Tenant;
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var hook = await store.AddWebhookAsync(new Webhook(ApiKeys.NewId("wh"), tenant, body.Url!, secret, clock.GetCurrentInstant()), ct);
        outbox.Forget(tenant);
        return TypedResults.Created($"/v1/webhooks/{hook.Id}", new WebhookBody(hook.Id, hook.Url, secret));
    }

    private static async Task<IResult> List(HttpContext http, IStore store, CancellationToken ct) =>
        TypedResults.Ok(new { items = (await store.ListWebhooksAsync(Caller.From(http.User).Tenant, ct)).Select(h => new WebhookBody(h.Id, h.Url, null)) });

    private static async Task<IResult> Get(string id, HttpContext http, IStore store, CancellationToken ct) =>
        (await store.ListWebhooksAsync(Caller.From(http.User).Tenant, ct)).FirstOrDefault(h => h.Id == id) is { } hook
            ? TypedResults.Ok(new WebhookBody(hook.Id, hook.Url, null))
            : TypedResults.Problem(title: "Not found", detail: $"no webhook '{id}'", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> Delete(string id, HttpContext http, IStore store, WebhookOutbox outbox, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        if (!await store.DeleteWebhookAsync(tenant, id, ct))
        {
            return TypedResults.Problem(title: "Not found", detail: $"no webhook '{id}'", statusCode: StatusCodes.Status404NotFound);
        }

        outbox.Forget(tenant);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Deliveries(HttpContext http, IStore store, string? state, CancellationToken ct)
    {
        DeliveryState? filter = state switch
        {
            null => null,
            "pending" => DeliveryState.Pending,
            "delivered" => DeliveryState.Delivered,
            "dead" => DeliveryState.Dead,
            _ => (DeliveryState)255,
        };
        if (filter == (DeliveryState)255)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"'{state}' is not pending, delivered or dead"] });
        }

        var list = await store.ListDeliveriesAsync(Caller.From(http.User).Tenant, filter, 1000, ct);
        return TypedResults.Ok(new { items = list.Select(Body) });
    }

    private static async Task<IResult> Redeliver(string id, HttpContext http, IStore store, IClock clock, CancellationToken ct)
    {
        var delivery = await store.GetDeliveryAsync(Caller.From(http.User).Tenant, id, ct);
        if (delivery is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"no delivery '{id}'", statusCode: StatusCodes.Status404NotFound);
        }

        var again = delivery with { State = DeliveryState.Pending, Attempts = 0, NextAttemptAt = clock.GetCurrentInstant(), LastError = null };
        await store.UpdateDeliveryAsync(again, ct);
        return TypedResults.Accepted((string?)null, Body(again));
    }

    private static DeliveryBody Body(Delivery d) => new(d.Id, d.Webhook, d.FindingSequence, d.State.ToString().ToLowerInvariant(), d.Attempts,
        Luyue.Core.Events.InstantText.Format(d.NextAttemptAt, Offset.FromHours(8)), d.LastError);
}
