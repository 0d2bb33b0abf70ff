using System.Text;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Luyue.Server.Engine;

/// <summary>
/// Runs the engines behind the API. At start it rebuilds every partition by replaying the stored events, each at the
/// time it was acknowledged, so it re-derives exactly the findings of the live run (the store keeps each once); then it
/// takes new events as ingestion acknowledges them. Events reach a partition in the order they were acknowledged.
/// </summary>
public sealed class EngineHost : BackgroundService
{
    private readonly Router router;
    private readonly Partition[] partitions;
    private readonly Lock routing = new();
    // What the router made of the batch being handed over (under the lock), kept from one batch to the next.
    private readonly List<(int Partition, FulfilmentEvent Event)> routed = [];
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IEnumerable<IStoredFindingObserver> observers;
    private readonly ILogger<EngineHost> log;
    internal long FindingsStored;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> findingsByKind = new(StringComparer.Ordinal);
    private long eventsApplied;

    public EngineHost(IStore store, IClock clock, IOptions<ServerOptions> options, RuleBooks books,
        IEnumerable<IStoredFindingObserver> observers, ILogger<EngineHost> log)
    {
        Store = store;
        Clock = clock;
        Options = options.Value;
        Books = books;
        this.observers = observers;
        this.log = log;
        router = new Router(Options.Partitions, Core.Rules.RuleBook.Embedded.Carriers);
        partitions = Enumerable.Range(0, Options.Partitions).Select(i => new Partition(i, this)).ToArray();
        books.Changed += (tenant, book) =>
        {
            foreach (var partition in partitions)
            {
                partition.Post(() =>
                {
                    partition.EngineFor(tenant).UseRules(book);
                    return Task.CompletedTask;
                });
            }
        };
    }

    internal IStore Store { get; }
    internal IClock Clock { get; }
    internal ServerOptions Options { get; }
    internal RuleBooks Books { get; }

    /// <summary>During recovery, the arrival time of the batch being replayed: engines judge it by the book of that time.</summary>
    private Instant? replaying;

    /// <summary>The book a tenant's engine starts with: the current one, or during recovery the one in force at the batch's arrival.</summary>
    internal Core.Rules.RuleBook BookFor(string tenant) => replaying is { } at ? Books.AsOf(tenant, at) : Books.For(tenant);

    /// <summary>Completes once recovery has replayed every stored event; ingestion waits for it.</summary>
    public Task Ready => ready.Task;

    public long EventsApplied => Interlocked.Read(ref eventsApplied);

    /// <summary>Each stored event as recovery replays it (the filing list rebuilds from these).</summary>
    public event Action<string, FulfilmentEvent>? Recovered;

    /// <summary>Each acknowledged batch as <see cref="Submit"/> takes it, in acknowledgement order (the indicators follow these).</summary>
    public event Action<string, IReadOnlyList<FulfilmentEvent>>? Submitted;

    /// <summary>Every finding an engine emits, live and as recovery re-derives it, on the partition's thread.</summary>
    public event Action<string, Core.Findings.Finding>? Emitted;

    internal void OnEmitted(string tenant, Core.Findings.Finding finding) => Emitted?.Invoke(tenant, finding);

    /// <summary>Findings made durable since start, by kind (recovery re-derives stored ones; those are not counted again).</summary>
    public IReadOnlyDictionary<string, long> FindingsByKind => findingsByKind;

    public int PartitionOf(string tenant, string order) => router.PartitionOf(tenant, order);

    /// <summary>Time each partition's loop has spent busy since start, its flushes, and its waits for them, by partition index (for /metrics).</summary>
    public IReadOnlyList<PartitionBusy> PartitionsBusy => partitions.Select(p => p.Busy).ToList();

    /// <summary>The arrival time of the last stored event recovery replayed (ingestion stamps later batches after it).</summary>
    public Instant? LastRecoveredArrival { get; private set; }

    /// <summary>
    /// Hands one acknowledged (durable) batch to the partitions, in acknowledgement order. Each partition takes its share
    /// of the batch as one piece of work, applies it whole, then moves its engines' clocks to the batch's arrival time:
    /// exactly what recovery does with the stored batch, so a restart re-derives the findings of the live run. (Posting
    /// event by event let a partition's tick fall inside a batch and judge its first half against the wall clock, as
    /// late evidence against the second half, which recovery does not reproduce.)
    /// </summary>
    /// <param name="events">The batch's accepted events; not changed afterwards (the indicators read it later).</param>
    /// <param name="arrival">When the batch arrived (one time for the whole batch).</param>
    public void Submit(string tenant, IReadOnlyList<FulfilmentEvent> events, Instant arrival)
    {
        if (events.Count == 0)
        {
            return;
        }

        lock (routing)
        {
            Submitted?.Invoke(tenant, events);
            var shares = new List<FulfilmentEvent>?[partitions.Length];
            foreach (var e in events)
            {
                router.Route(tenant, e, routed);
            }

            foreach (var (index, e) in routed)
            {
                (shares[index] ??= []).Add(e);
            }

            routed.Clear();

            for (var index = 0; index < shares.Length; index++)
            {
                if (shares[index] is not { } share)
                {
                    continue;
                }

                var partition = partitions[index];
                partition.Post(() =>
                {
                    partition.Apply(tenant, share);
                    partition.AdvanceTo(arrival);
                    Interlocked.Add(ref eventsApplied, share.Count);
                    return Task.CompletedTask;
                });
            }
        }
    }

    public Task<OrderView?> ViewAsync(string tenant, string order) =>
        partitions[router.PartitionOf(tenant, order)].AskAsync(p => p.EngineFor(tenant).View(order));

    /// <summary>Views of many orders of a tenant, asking each partition once (the monitor lists show thousands of rows).</summary>
    public async Task<IReadOnlyDictionary<string, OrderView>> ViewsAsync(string tenant, IReadOnlyList<string> orders)
    {
        var asks = orders.GroupBy(o => router.PartitionOf(tenant, o)).Select(g => partitions[g.Key].AskAsync(p =>
        {
            var engine = p.EngineFor(tenant);
            return g.Select(engine.View).OfType<OrderView>().ToList();
        }));
        return (await Task.WhenAll(asks)).SelectMany(v => v).ToDictionary(v => v.Order, StringComparer.Ordinal);
    }

    /// <summary>
    /// Completes once every partition has applied everything handed to it before this call and stored the findings it
    /// derived (a partition stores a round's findings while it runs the next, so having answered a question is not enough).
    /// </summary>
    public Task SettledAsync() => Task.WhenAll(partitions.Select(p => p.SettledAsync()));

    /// <summary>
    /// Open orders, numbers and pending timers over every partition, for /metrics; answered once settled (see
    /// <see cref="SettledAsync"/>), so that the findings counted after it cover every event applied before it: how a
    /// client of the HTTP API (the tests) tells that the server has caught up.
    /// </summary>
    public async Task<(int Orders, int Numbers, int Timers)> StatsAsync()
    {
        var settled = SettledAsync();
        var stats = await Task.WhenAll(partitions.Select(p => p.AskAsync(x =>
            x.Engines.Select(e => e.Stats).Aggregate((Orders: 0, Numbers: 0, Timers: 0), (sum, s) => (sum.Orders + s.OpenOrders, sum.Numbers + s.OpenNumbers, sum.Timers + s.PendingTimers)))));
        await settled;
        return stats.Aggregate((Orders: 0, Numbers: 0, Timers: 0), (sum, s) => (sum.Orders + s.Orders, sum.Numbers + s.Numbers, sum.Timers + s.Timers));
    }

    /// <summary>Counts newly durable findings for /metrics (called from the partitions' threads).</summary>
    internal void CountStored(IReadOnlyList<StoredFinding> stored)
    {
        Interlocked.Add(ref FindingsStored, stored.Count);
        foreach (var finding in stored)
        {
            findingsByKind.AddOrUpdate(finding.Kind, 1, static (_, n) => n + 1);
        }
    }

    internal async Task NotifyAsync(IReadOnlyList<StoredFinding> stored, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnStoredAsync(stored, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "finding observer {Observer} failed", observer.GetType().Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Books.LoadAsync(stoppingToken);
            await RecoverAsync(stoppingToken);
            ready.TrySetResult();
        }
        catch (Exception ex)
        {
            ready.TrySetException(ex);
            throw;
        }

        try
        {
            await Task.WhenAll(partitions.Select(p => Task.Run(() => p.RunAsync(stoppingToken), stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: also when the host's start failed (a taken port), where the host reports a cancelled service
            // as failed unless its own stop was called.
        }
    }

    private void AdvanceAll(Instant time)
    {
        foreach (var partition in partitions)
        {
            foreach (var engine in partition.Engines)
            {
                engine.AdvanceTo(time);
            }
        }
    }

    /// <summary>Packs uploaded between two stored batches take effect, for the engines already made, before the later batch.</summary>
    private void UploadsBetween(Instant from, Instant to)
    {
        foreach (var partition in partitions)
        {
            foreach (var (tenant, engine) in partition.EnginesByTenant)
            {
                if (Books.ChangedBetween(tenant, from, to))
                {
                    engine.UseRules(Books.AsOf(tenant, to));
                }
            }
        }
    }

    /// <summary>Replays the stored events in commit order, each at its arrival time; findings already stored are kept once.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var parser = new EventParser();
        var pairs = new List<(int Partition, FulfilmentEvent Event)>();
        long after = 0, count = 0;
        Instant? batch = null;
        while (true)
        {
            var page = await Store.ReadEventsAsync(after, 5000, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var stored in page)
            {
                after = stored.Sequence;
                if (!parser.TryParse(Encoding.UTF8.GetBytes(stored.Json), out var e, out var error))
                {
                    log.LogError("stored event {Sequence} no longer parses: {Error}", stored.Sequence, error);
                    continue;
                }

                // As live: a batch's events are applied together, then the clock moves to their arrival time.
                if (batch is { } previous && stored.ReceivedAt != previous)
                {
                    AdvanceAll(previous);
                    UploadsBetween(previous, stored.ReceivedAt);
                }

                batch = stored.ReceivedAt;
                replaying = batch;
                Recovered?.Invoke(stored.Tenant, e!);
                router.Route(stored.Tenant, e!, pairs);
                foreach (var (index, routedEvent) in pairs)
                {
                    partitions[index].Apply(stored.Tenant, routedEvent);
                }

                pairs.Clear();

                count++;
            }

            foreach (var partition in partitions)
            {
                await partition.FlushAsync(cancellationToken);
            }
        }

        LastRecoveredArrival = batch;
        replaying = null;
        foreach (var partition in partitions)
        {
            foreach (var (tenant, engine) in partition.EnginesByTenant)
            {
                engine.UseRules(Books.For(tenant));
            }
        }

        AdvanceAll(Clock.GetCurrentInstant());
        foreach (var partition in partitions)
        {
            await partition.FlushAsync(cancellationToken);
        }

        Interlocked.Add(ref eventsApplied, count);
        log.LogInformation("recovered {Count} stored events into {Partitions} partitions", count, partitions.Length);
    }
}
