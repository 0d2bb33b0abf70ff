using System.Diagnostics;

namespace Luyue.Benchmarks;

/// <summary>What one timed run cost: wall and CPU time, managed allocation, collections and the time they paused the run.</summary>
internal sealed record Measurement(TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause)
{
    /// <summary>Times <paramref name="run"/> after a full collection, so that one run's garbage is not billed to the next.</summary>
    public static Measurement Of(Action run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var watch = Stopwatch.StartNew();
        run();
        watch.Stop();
        process.Refresh();
        return new Measurement(
            watch.Elapsed,
            process.TotalProcessorTime - cpu,
            GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            GC.GetTotalPauseDuration() - paused);
    }
}

/// <summary>Median and spread of repeated measurements.</summary>
internal static class Spread
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>"median (min – max)", formatted by <paramref name="format"/>.</summary>
    public static string Describe(IReadOnlyList<double> values, Func<double, string> format) =>
        values.Count == 1 ? format(values[0]) : $"{format(Median(values))} ({format(values.Min())} – {format(values.Max())})";
}
