using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Indicators;
using NodaTime;

namespace Luyue.Server.Engine;

/// <summary>
/// The store indicators of each tenant, kept as the engine host applies events: the batches it is handed (live) and
/// the stored events it replays (recovery), and every finding its engines emit, live or re-derived. So the numbers are
/// the same live and after a restart, and the same as <c>luyue indicators</c> on the same events. One accumulator per
/// tenant; calls from ingestion, the partitions and the endpoints take turns on one lock.
/// </summary>
public sealed class IndicatorBoard
{
    private readonly Dictionary<string, IndicatorAccumulator> tenants = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly RuleBooks books;
    private readonly IClock clock;

    public IndicatorBoard(EngineHost host, RuleBooks books, IClock clock)
    {
        this.books = books;
        this.clock = clock;
        host.Recovered += (tenant, e) => Apply(tenant, [e]);
        host.Submitted += Apply;
        host.Emitted += Observe;
    }

    /// <summary>The windows and benchmark the indicators are measured by (rules/indicators/, embedded).</summary>
    public IndicatorSettings Settings => IndicatorSettings.Embedded;

    /// <summary>Runs <paramref name="query"/> on the tenant's indicators as of the server's clock.</summary>
    public T Read<T>(string tenant, Func<IndicatorAccumulator, T> query)
    {
        lock (gate)
        {
            var indicators = For(tenant);
            indicators.AdvanceTo(clock.GetCurrentInstant());
            return query(indicators);
        }
    }

    private void Apply(string tenant, IReadOnlyList<FulfilmentEvent> events)
    {
        lock (gate)
        {
            var indicators = For(tenant);
            foreach (var e in events)
            {
                indicators.Apply(e);
            }
        }
    }

    private void Observe(string tenant, Finding finding)
    {
        if (finding.Kind is not (FindingKind.Violation or FindingKind.Retracted))
        {
            return;
        }

        lock (gate)
        {
            For(tenant).Emit(finding);
        }
    }

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
