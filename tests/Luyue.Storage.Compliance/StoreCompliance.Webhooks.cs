using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Compliance;

public abstract partial class StoreCompliance
{
    private static readonly Duration Minute = Duration.FromMinutes(1);

    [StoreFact]
    public async Task Webhooks_are_listed_per_tenant_oldest_first()
    {
        Assert.Equal(Hook("w2", "t1", T0 + Minute), await Store.AddWebhookAsync(Hook("w2", "t1", T0 + Minute), Ct));
        await Store.AddWebhookAsync(Hook("w1", "t1", T0), Ct);
        await Store.AddWebhookAsync(Hook("w3", "t2"), Ct);

        Assert.Equal([Hook("w1", "t1", T0), Hook("w2", "t1", T0 + Minute)], await Store.ListWebhooksAsync("t1", Ct));
        Assert.Equal([Hook("w3", "t2")], await Store.ListWebhooksAsync("t2", Ct));
        Assert.Empty(await Store.ListWebhooksAsync("t3", Ct));
    }

    [StoreFact]
    public async Task A_webhook_is_deleted_only_through_its_own_tenant()
    {
        await Store.AddWebhookAsync(Hook("w1", "t1"), Ct);

        Assert.False(await Store.DeleteWebhookAsync("t2", "w1", Ct));
        Assert.Single(await Store.ListWebhooksAsync("t1", Ct));

        Assert.True(await Store.DeleteWebhookAsync("t1", "w1", Ct));
        Assert.Empty(await Store.ListWebhooksAsync("t1", Ct));
        Assert.False(await Store.DeleteWebhookAsync("t1", "w1", Ct));
    }

    [StoreFact]
    public async Task A_webhook_id_that_is_taken_is_refused()
    {
        await Store.AddWebhookAsync(Hook("w1", "t1"), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AddWebhookAsync(Hook("w1", "t2"), Ct));

        Assert.Empty(await Store.ListWebhooksAsync("t2", Ct));
    }

    [StoreFact]
    public async Task Due_deliveries_are_the_pending_ones_due_by_now_in_due_order()
    {
        var now = T0 + Duration.FromHours(1);
        await Store.EnqueueDeliveriesAsync(
        [
            Pending("late", "t1", "w1", 1, now + Duration.FromMilliseconds(1)),
            Pending("b-now", "t1", "w1", 2, now),
            Pending("a-now", "t2", "w2", 3, now),
            Pending("oldest", "t1", "w1", 4, T0),
            Pending("delivered", "t1", "w1", 5, T0) with { State = DeliveryState.Delivered },
            Pending("dead", "t1", "w1", 6, T0) with { State = DeliveryState.Dead },
        ], Ct);

        Assert.Equal(["oldest", "a-now", "b-now"], (await Store.DueDeliveriesAsync(now, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["oldest", "a-now"], (await Store.DueDeliveriesAsync(now, 2, Ct)).Select(d => d.Id));
        Assert.Empty(await Store.DueDeliveriesAsync(T0 - Minute, 10, Ct));
    }

    [StoreFact]
    public async Task Each_attempt_is_recorded_until_the_delivery_is_delivered_or_dead()
    {
        await Store.EnqueueDeliveriesAsync([Pending("d1", "t1", "w1", 1, T0), Pending("d2", "t1", "w1", 2, T0)], Ct);
        var d1 = Assert.Single(await Store.DueDeliveriesAsync(T0, 1, Ct));

        var retry = d1 with { Attempts = 1, NextAttemptAt = T0 + Minute, LastError = "HTTP 503" };
        await Store.UpdateDeliveryAsync(retry, Ct);

        Assert.Equal(retry, await Store.GetDeliveryAsync("t1", "d1", Ct));
        Assert.Equal(["d2"], (await Store.DueDeliveriesAsync(T0, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["d2", "d1"], (await Store.DueDeliveriesAsync(T0 + Minute, 10, Ct)).Select(d => d.Id));

        await Store.UpdateDeliveryAsync(retry with { State = DeliveryState.Delivered, Attempts = 2, LastError = null }, Ct);
        var d2 = await Store.GetDeliveryAsync("t1", "d2", Ct);
        await Store.UpdateDeliveryAsync(d2! with { State = DeliveryState.Dead, Attempts = 8, LastError = "timeout" }, Ct);

        Assert.Empty(await Store.DueDeliveriesAsync(T0 + Duration.FromDays(365), 10, Ct));
        Assert.Equal(DeliveryState.Delivered, (await Store.GetDeliveryAsync("t1", "d1", Ct))?.State);
        Assert.Equal(["d2"], (await Store.ListDeliveriesAsync("t1", DeliveryState.Dead, 10, Ct)).Select(d => d.Id));
        Assert.Equal("timeout", (await Store.GetDeliveryAsync("t1", "d2", Ct))?.LastError);
    }

    [StoreFact]
    public async Task Enqueueing_again_skips_what_is_already_queued()
    {
        await Store.EnqueueDeliveriesAsync([Pending("d1", "t1", "w1", 1, T0)], Ct);

        await Store.EnqueueDeliveriesAsync(
        [
            Pending("d1", "t1", "w1", 2, T0 + Minute),
            Pending("d2", "t1", "w1", 1, T0 + Minute),
            Pending("d3", "t1", "w2", 1, T0 + Minute),
        ], Ct);

        Assert.Equal(
            [Pending("d1", "t1", "w1", 1, T0), Pending("d3", "t1", "w2", 1, T0 + Minute)],
            await Store.ListDeliveriesAsync("t1", null, 10, Ct));
    }

    [StoreFact]
    public async Task Deliveries_are_listed_and_found_per_tenant_and_state_oldest_first()
    {
        await Store.EnqueueDeliveriesAsync(
        [
            Pending("d2", "t1", "w1", 2, T0) with { CreatedAt = T0 + Minute },
            Pending("d1", "t1", "w1", 1, T0),
            Pending("d3", "t1", "w1", 3, T0) with { CreatedAt = T0 + Minute, State = DeliveryState.Dead },
            Pending("d4", "t2", "w2", 4, T0),
        ], Ct);

        Assert.Equal(["d1", "d2", "d3"], (await Store.ListDeliveriesAsync("t1", null, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["d1", "d2"], (await Store.ListDeliveriesAsync("t1", DeliveryState.Pending, 10, Ct)).Select(d => d.Id));
        Assert.Equal(["d1"], (await Store.ListDeliveriesAsync("t1", null, 1, Ct)).Select(d => d.Id));
        Assert.Empty(await Store.ListDeliveriesAsync("t2", DeliveryState.Delivered, 10, Ct));
        Assert.Equal(Pending("d4", "t2", "w2", 4, T0), await Store.GetDeliveryAsync("t2", "d4", Ct));
        Assert.Null(await Store.GetDeliveryAsync("t1", "d4", Ct));
    }

    [StoreFact]
    public async Task Updating_a_delivery_that_is_not_stored_is_refused()
    {
        await Store.EnqueueDeliveriesAsync([Pending("d1", "t1", "w1", 1, T0)], Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.UpdateDeliveryAsync(Pending("d2", "t1", "w1", 1, T0), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.UpdateDeliveryAsync(Pending("d1", "t2", "w1", 1, T0) with { State = DeliveryState.Dead }, Ct));

        Assert.Equal(DeliveryState.Pending, (await Store.GetDeliveryAsync("t1", "d1", Ct))?.State);
    }
}
