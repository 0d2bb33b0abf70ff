using System.Diagnostics.Tracing;
using System.Globalization;

namespace Luyue.Benchmarks;

/// <summary>
/// What the JIT compiled during a stage's runs, by tier: the runtime's own JIT events, read in process (each method's
/// start and end of compiling, on the compiling thread). The runtime's total (JitInfo) says how long; this says what.
/// On one core the times are from a method's start to its end, so a background compile also counts what the replay
/// ran meanwhile: read them as shares, not CPU seconds.
/// </summary>
internal sealed class JitTrace : RuntimeEventListener
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, (DateTime At, string Name)> started = [];
    private readonly List<(string Name, int Tier, double Ms)> compiled = [];

    // MethodLoadVerbose's flags hold the code's optimisation tier in bits 7-9 (the runtime's ETW manifest).
    private static string TierName(int tier) => tier switch
    {
        1 => "min-opts",
        2 => "optimised",
        3 => "tier 0",
        4 => "tier 1",
        5 => "tier 1 (on-stack replacement)",
        6 => "tier 0, instrumented",
        7 => "tier 1, instrumented",
        _ => $"tier {tier}",
    };

    public void Reset()
    {
        lock (gate)
        {
            compiled.Clear();
        }
    }

    /// <summary>Lines: methods and milliseconds by tier, then the ten longest compiles.</summary>
    public List<string> Describe()
    {
        Thread.Sleep(500); // the runtime hands events to listeners a little after they happen
        lock (gate)
        {
            return compiled.GroupBy(c => c.Tier).OrderBy(g => g.Key)
                .Select(tier => string.Create(CultureInfo.InvariantCulture, $"  {TierName(tier.Key),-32}{tier.Count(),6} methods {tier.Sum(c => c.Ms),8:F0} ms"))
                .Concat(compiled.OrderByDescending(c => c.Ms).Take(10)
                    .Select(c => string.Create(CultureInfo.InvariantCulture, $"    {c.Ms,6:F1} ms  {TierName(c.Tier)}  {c.Name}")))
                .ToList();
        }
    }

    protected override EventLevel Level => EventLevel.Verbose;

    /// <summary>The runtime's JIT keyword, at verbose level for each method's start and end of compiling.</summary>
    protected override EventKeywords Keywords => (EventKeywords)0x10;

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        lock (gate)
        {
            switch (e.EventName)
            {
                case "MethodJittingStarted_V1":
                    // Payload: method id, module id, token, IL size, namespace, name, signature, ...
                    started[e.OSThreadId] = (e.TimeStamp, $"{e.Payload![4]}.{e.Payload[5]}");
                    break;
                case "MethodLoadVerbose_V1" or "MethodLoadVerbose_V2" when started.Remove(e.OSThreadId, out var start):
                    var flags = Convert.ToInt64(e.Payload![5], CultureInfo.InvariantCulture);
                    compiled.Add((start.Name, (int)((flags >> 7) & 7), (e.TimeStamp - start.At).TotalMilliseconds));
                    break;
            }
        }
    }
}
