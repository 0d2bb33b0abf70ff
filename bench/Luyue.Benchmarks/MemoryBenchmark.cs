using System.Diagnostics;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Rules;

namespace Luyue.Benchmarks;

/// <summary>
/// Managed memory per open order: the live heap after N open orders (<see cref="OpenOrderStream"/>) went through the
/// replay path (written as JSON Lines, parsed, applied), minus the live heap of the same engine before the first
/// order, divided by N. Both are read after a full blocking collection, so only what the engine keeps is counted.
/// </summary>
internal static class MemoryBenchmark
{
    private const int WarmupOrders = 2_000;

    public static int Run(BenchArguments args)
    {
        var book = RuleBook.Embedded;

        // A throw-away engine first: JIT, lazy vocabularies and static tables must not be billed to the orders.
        Feed(new ComplianceEngine(book, new FindingCounter()), new OpenOrderStream(WarmupOrders, args.Scans, args.Seed + 1));

        var findings = new FindingCounter();
        var engine = new ComplianceEngine(book, findings);
        var stream = new OpenOrderStream(args.Orders, args.Scans, args.Seed);
        var before = LiveBytes();
        var watch = Stopwatch.StartNew();
        var lines = Feed(engine, stream);
        watch.Stop();
        var after = LiveBytes();
        var stats = engine.Stats;
        GC.KeepAlive(engine);

        var perOrder = (double)(after - before) / args.Orders;
        Console.WriteLine($"runtime        .NET {Environment.Version}, workstation non-concurrent GC");
        Console.WriteLine($"orders         {args.Orders:N0} open (paid, shipped, {args.Scans} scans each; {lines:N0} events in {watch.Elapsed.TotalSeconds:F1} s)");
        Console.WriteLine($"engine         {stats.OpenOrders:N0} open orders, {stats.OpenNumbers:N0} open numbers, {stats.PendingTimers:N0} pending timers,"
                          + $" {findings.Count:N0} findings, clock {InstantText.Format(stats.Clock, NodaTime.Offset.FromHours(8))}");
        Console.WriteLine($"live heap      {before / 1e6:F1} MB before, {after / 1e6:F1} MB after");
        Console.WriteLine($"per open order {perOrder:F0} bytes (target ≤ 1,024)");
        Console.WriteLine($"records        order {System.Runtime.CompilerServices.Unsafe.SizeOf<Luyue.Core.Engine.OrderRecord>()} bytes, number {System.Runtime.CompilerServices.Unsafe.SizeOf<Luyue.Core.Engine.TrackingRecord>()} bytes, scan {System.Runtime.CompilerServices.Unsafe.SizeOf<Luyue.Core.Engine.ScanRecord>()} bytes");
        Console.WriteLine($"process        peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (includes the stream's own bookkeeping)");
        return 0;
    }

    /// <summary>Each event goes through the replay path: JSON Lines text, <see cref="EventParser"/>, <see cref="ComplianceEngine.Apply"/>.</summary>
    private static long Feed(ComplianceEngine engine, OpenOrderStream stream)
    {
        var buffer = new MemoryStream(4096);
        using var writer = new EventWriter(buffer);
        var parser = new EventParser();
        long lines = 0;
        foreach (var e in stream.Events())
        {
            buffer.SetLength(0);
            writer.Write(e);
            var line = buffer.GetBuffer().AsSpan(0, (int)buffer.Length - 1); // without the newline
            if (!parser.TryParse(line, out var parsed, out var error))
            {
                throw new InvalidOperationException($"the synthetic stream wrote a line the parser refuses: {error}");
            }

            engine.Apply(parsed!);
            lines++;
        }

        engine.Flush();
        return lines;
    }

    private static long LiveBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
