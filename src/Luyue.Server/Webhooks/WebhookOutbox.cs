using System.Collections.Concurrent;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using NodaTime;

namespace Luyue.Server.Webhooks;

/// <summary>Queues one durable delivery per webhook of the finding's tenant as soon as the finding is stored.</summary>
public sealed class WebhookOutbox(IStore store, IClock clock) : IStoredFindingObserver
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<Webhook>> cache = new(StringComparer.Ordinal);

    public void Forget(string tenant) => cache.TryRemove(tenant, out _);

    public async Task<IReadOnlyList<Webhook>> HooksAsync(string tenant, CancellationToken ct)
    {
        if (!cache.TryGetValue(tenant, out var hooks))
        {
            hooks = await store.ListWebhooksAsync(tenant, ct);
            cache[tenant] = hooks;
        }

        return hooks;
    }

    public async Task OnStoredAsync(IReadOnlyList<StoredFinding> findings, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var deliveries = new List<Delivery>();
        foreach (var group in findings.GroupBy(f => f.Tenant))
        {
            var hooks = await HooksAsync(group.Key, cancellationToken);
            foreach (var hook in hooks)
            {
                deliveries.AddRange(group.Select(f => new Delivery(ApiKeys.NewId("d"), f.Tenant, hook.Id, f.Sequence, f.Json, DeliveryState.Pending, 0, now, null, now)));
            }
        }

        if (deliveries.Count > 0)
        {
            await store.EnqueueDeliveriesAsync(deliveries, cancellationToken);
        }
    }
}
