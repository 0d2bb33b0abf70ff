using System.Collections.Concurrent;
using System.Threading.Channels;
using Luyue.Core.Storage;

namespace Luyue.Server.Engine;

/// <summary>
/// Live findings per tenant for Server-Sent Events: each subscriber gets a bounded channel; a subscriber too slow to
/// keep up loses the oldest entries rather than slowing the engines (it can resume from the store with Last-Event-ID).
/// </summary>
public sealed class FindingHub : IStoredFindingObserver
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<StoredFinding>>> subscribers = new(StringComparer.Ordinal);

    public (Guid Id, ChannelReader<StoredFinding> Reader) Subscribe(string tenant)
    {
        var channel = Channel.CreateBounded<StoredFinding>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        var id = Guid.NewGuid();
        subscribers.GetOrAdd(tenant, _ => new ConcurrentDictionary<Guid, Channel<StoredFinding>>())[id] = channel;
        return (id, channel.Reader);
    }

    public void Unsubscribe(string tenant, Guid id)
    {
        if (subscribers.TryGetValue(tenant, out var list))
        {
            list.TryRemove(id, out _);
        }
    }

    public Task OnStoredAsync(IReadOnlyList<StoredFinding> findings, CancellationToken cancellationToken)
    {
        foreach (var finding in findings)
        {
            if (subscribers.TryGetValue(finding.Tenant, out var list))
            {
                foreach (var channel in list.Values)
                {
                    channel.Writer.TryWrite(finding);
                }
            }
        }

        return Task.CompletedTask;
    }
}
