using System.Globalization;
using Luyue.Core.Engine;
using Luyue.Core.Rules;

namespace Luyue.Benchmarks;

/// <summary>
/// Bytes the engine allocates per event type, on events parsed beforehand: the clock's move to each event (judging the
/// instant it leaves, firing timers) is counted apart from the event's own application. Allocation counts do not
/// depend on the machine's load, so this is the figure to compare between builds on a shared machine.
/// </summary>
internal static class EngineAllocations
{
    public static int Run(BenchArguments args)
    {
        var path = args.Events ?? StreamCache.EventsFor(args.Orders, args.Seed);
        var events = ReplayBenchmark.ParseAll(path);
        var engine = new ComplianceEngine(RuleBook.Embedded, new FindingCounter());
        var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        long clockBytes = 0;
        foreach (var e in events)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            engine.AdvanceTo(e.At);
            var advanced = GC.GetAllocatedBytesForCurrentThread();
            engine.Apply(e);
            var applied = GC.GetAllocatedBytesForCurrentThread();
            clockBytes += advanced - before;
            var (count, bytes) = byType.GetValueOrDefault(e.Type);
            byType[e.Type] = (count + 1, bytes + applied - advanced);
        }

        engine.Flush();
        var total = clockBytes + byType.Values.Sum(v => v.Bytes);
        Console.WriteLine($"stream    {path}: {events.Count:N0} events");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine    {total / 1e6:F1} MB allocated, {(double)total / events.Count:F1} B/event"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"judging and timers",-24} {"",9} {(double)clockBytes / events.Count,8:F1} B/event {clockBytes / 1e6,8:F1} MB"));
        foreach (var (type, (count, bytes)) in byType.OrderByDescending(t => t.Value.Bytes))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {type,-24} {count,9:N0} {(double)bytes / count,8:F1} B each  {bytes / 1e6,8:F1} MB"));
        }

        return 0;
    }
}
