using System.Collections.Concurrent;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Indicators;
using NodaTime;

namespace Luyue.Server.Engine;

/// <summary>
/// The store indicators of each tenant, kept as the engine host applies events: the batches it is handed (live) and
/// the stored events it replays (recovery), and every finding its engines emit, live or re-derived. So the numbers are
/// the same live and after a restart, and the same as <c>luyue indicators</c> on the same events. One accumulator per
/// tenant, behind one lock.
/// </summary>
/// <remarks>
/// Batches and findings are not applied where they happen (ingestion's acknowledgement path, the partitions' threads)
/// but queued in the order they happen and applied by a thread-pool item in the background, so that keeping them does
/// not hold up acknowledgements. A scan is classified once for the indicators and the engine together: whichever reads
/// it first leaves its classification on it for the other (<c>EngineOptions.ShareScanClassifications</c>). A read
/// applies whatever is still queued first, so it answers exactly as if every update had been applied on the spot.
/// </remarks>
public sealed class IndicatorBoard
{
    private readonly Dictionary<string, IndicatorAccumulator> tenants = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly RuleBooks books;
    private readonly IClock clock;
    // Updates not applied yet, in the order they happened (see remarks), and whether a background drain is scheduled.
    private readonly ConcurrentQueue<Update> updates = new();
    private int draining;
    // The first update that failed to apply (in the background, where an exception would end the process): reads
    // report it instead of answering from indicators that miss it.
    private Exception? failure;

    public IndicatorBoard(EngineHost host, RuleBooks books, IClock clock)
    {
        this.books = books;
        this.clock = clock;
        host.Recovered += (tenant, e) => Enqueue(new Update(tenant, [e], null));
        host.Submitted += (tenant, events) => Enqueue(new Update(tenant, events, null));
        host.Emitted += Observe;
    }

    /// <summary>The windows and benchmark the indicators are measured by (rules/indicators/, embedded).</summary>
    public IndicatorSettings Settings => IndicatorSettings.Embedded;

    /// <summary>Runs <paramref name="query"/> on the tenant's indicators as of the server's clock.</summary>
    public T Read<T>(string tenant, Func<IndicatorAccumulator, T> query)
    {
        lock (gate)
        {
            Drain();
            if (failure is not null)
            {
                throw new InvalidOperationException("the indicators could not apply an acknowledged batch or a finding", failure);
            }

            var indicators = For(tenant);
            indicators.AdvanceTo(clock.GetCurrentInstant());
            return query(indicators);
        }
    }

    private void Observe(string tenant, Finding finding)
    {
        if (finding.Kind is FindingKind.Violation or FindingKind.Retracted)
        {
            Enqueue(new Update(tenant, null, finding));
        }
    }

    private void Enqueue(Update update)
    {
        updates.Enqueue(update);
        if (Interlocked.CompareExchange(ref draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static board => board.DrainInBackground(), this, preferLocal: false);
        }
    }

    private void DrainInBackground()
    {
        lock (gate)
        {
            // Cleared before draining: an update queued after this drain's last look schedules a drain of its own.
            Volatile.Write(ref draining, 0);
            Drain();
        }
    }

    /// <summary>Applies the queued updates in order; called with the lock held.</summary>
    private void Drain()
    {
        while (updates.TryDequeue(out var update))
        {
            try
            {
                Apply(update);
            }
            catch (Exception ex)
            {
                failure ??= ex;
            }
        }
    }

    private void Apply(Update update)
    {
        var indicators = For(update.Tenant);
        if (update.Finding is { } finding)
        {
            indicators.Emit(finding);
            return;
        }

        foreach (var e in update.Events!)
        {
            indicators.Apply(e);
        }
    }

    /// <summary>A batch of events (live or recovered) or a finding, for one tenant.</summary>
    private sealed record Update(string Tenant, IReadOnlyList<FulfilmentEvent>? Events, Finding? Finding);

    private IndicatorAccumulator For(string tenant)
    {
        if (!tenants.TryGetValue(tenant, out var indicators))
        {
            // The tenant's book for its scan and carrier vocabularies, which are the engine's.
            tenants[tenant] = indicators = new IndicatorAccumulator(books.For(tenant), Settings);
        }

        return indicators;
    }
}
