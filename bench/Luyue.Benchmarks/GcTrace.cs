using System.Diagnostics.Tracing;
using System.Globalization;

namespace Luyue.Benchmarks;

/// <summary>
/// What each garbage collection of a run copied: the runtime's own GC events, read in process. Promoted bytes say how
/// much long-lived state the collector moved from one generation to the next, which allocation counts alone do not.
/// </summary>
internal sealed class GcTrace : RuntimeEventListener
{
    private readonly Lock gate = new();
    private readonly List<Collection> collections = [];
    private int generation;
    private int reason;
    private bool induced;
    private DateTime suspended;
    private ulong throughCards;

    // GCMarkWithType's root kinds: 3 is objects reached from older generations, through the cards their writes marked.
    private const int OlderGenerationRoots = 3;

    private sealed record Collection(int Generation, int Reason, ulong PromotedFromGen0, ulong PromotedFromGen1, ulong ThroughCards)
    {
        public double PauseMs { get; set; }
    }

    /// <summary>
    /// Waits (at most two seconds) until the listener has seen <paramref name="count"/> collections: the runtime hands
    /// its events to listeners on a thread of its own, a little after they happen.
    /// </summary>
    public void WaitFor(int count)
    {
        var deadline = Environment.TickCount64 + 2000;
        while (Environment.TickCount64 < deadline)
        {
            lock (gate)
            {
                if (collections.Count >= count)
                {
                    return;
                }
            }

            Thread.Sleep(20);
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            collections.Clear();
            throughCards = 0;
        }
    }

    /// <summary>One line: collections by generation, bytes promoted out of gen 0 and gen 1, and the pauses (in all and by generation).</summary>
    public string Describe()
    {
        lock (gate)
        {
            if (collections.Count == 0)
            {
                return "no collection";
            }

            var byGeneration = string.Join(", ", collections.GroupBy(c => c.Generation).OrderBy(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"gen{g.Key} ×{g.Count()} pausing {g.Sum(c => c.PauseMs) / 1000:F2} s ({Reasons(g)})")));
            var fromGen0 = collections.Sum(c => (double)c.PromotedFromGen0) / 1e6;
            var fromGen1 = collections.Sum(c => (double)c.PromotedFromGen1) / 1e6;
            var pauses = collections.Select(c => c.PauseMs).ToList();
            return string.Create(CultureInfo.InvariantCulture,
                $"{byGeneration}; promoted {fromGen0:F0} MB out of gen0 and {fromGen1:F0} MB out of gen1; pause {pauses.Average():F0} ms mean, {pauses.Max():F0} ms max; in turn: {string.Join(", ", collections.Select(Brief))}");
        }
    }

    /// <summary>
    /// One collection: its generation, pause, and what it promoted; for gen 0 and gen 1, also what it reached through the
    /// cards of older generations (what old objects pointed at), which is what long-lived state costs each of them.
    /// </summary>
    private static string Brief(Collection c) => string.Create(CultureInfo.InvariantCulture,
        $"gen{c.Generation} {c.PauseMs:F0} ms {(c.PromotedFromGen0 + c.PromotedFromGen1) / 1e6:F1} MB{(c.Generation < 2 ? $" ({c.ThroughCards / 1e6:F1} MB through cards)" : "")}");

    /// <summary>Why the runtime collected, as its GCStart event says (the common reasons by name), with how many times each.</summary>
    private static string Reasons(IEnumerable<Collection> collections) =>
        string.Join(", ", collections.GroupBy(c => c.Reason).OrderBy(g => g.Key).Select(g => $"{ReasonName(g.Key)} {g.Count()}"));

    private static string ReasonName(int reason) => reason switch
    {
        0 => "small allocation",
        4 => "large allocation",
        5 => "out of space (SOH)",
        6 => "out of space (LOH)",
        8 => "internal",
        _ => $"reason {reason}",
    };

    protected override EventLevel Level => EventLevel.Informational;

    /// <summary>The runtime's GC keyword.</summary>
    protected override EventKeywords Keywords => (EventKeywords)0x1;

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventName)
        {
            case "GCStart_V2":
                generation = Convert.ToInt32(e.Payload![1], CultureInfo.InvariantCulture);
                // Reason 1 and 7: GC.Collect, as the measurement calls it between runs; not the run's own.
                reason = Convert.ToInt32(e.Payload[2], CultureInfo.InvariantCulture);
                induced = reason is 1 or 7;
                break;
            case "GCMarkWithType" when !induced:
                lock (gate)
                {
                    var type = Convert.ToInt32(e.Payload![2], CultureInfo.InvariantCulture);
                    if (type == OlderGenerationRoots)
                    {
                        throughCards += Convert.ToUInt64(e.Payload[3], CultureInfo.InvariantCulture);
                    }
                }

                break;
            case "GCSuspendEEBegin_V1":
                suspended = e.TimeStamp;
                break;
            case "GCHeapStats_V2" when !induced:
                lock (gate)
                {
                    // Payload: gen0 size, gen0 promoted, gen1 size, gen1 promoted, gen2 size, ...
                    collections.Add(new Collection(generation, reason, Convert.ToUInt64(e.Payload![1], CultureInfo.InvariantCulture),
                        Convert.ToUInt64(e.Payload[3], CultureInfo.InvariantCulture), throughCards));
                    throughCards = 0;
                }

                break;
            case "GCRestartEEEnd_V1" when !induced:
                lock (gate)
                {
                    if (collections.Count > 0)
                    {
                        collections[^1].PauseMs = (e.TimeStamp - suspended).TotalMilliseconds;
                    }
                }

                break;
        }
    }
}
