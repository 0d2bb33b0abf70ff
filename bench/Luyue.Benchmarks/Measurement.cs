using System.Diagnostics;

namespace Luyue.Benchmarks;

/// <summary>
/// What one timed run cost: wall and CPU time (and the kernel's part of it), managed allocation, collections and the
/// time they paused the run, and the page faults taken (each a page of memory the process touched for the first time).
/// On this project's virtual machine a first touch can cost many times more in some phases than in others (the host
/// backs the page then), so the kernel's time and the faults tell a slow phase from a slower build. The JIT's time
/// (on any thread: tiered compilation optimises hot methods in the background) is part of the CPU time.
/// </summary>
internal sealed record Measurement(
    TimeSpan Wall, TimeSpan Cpu, TimeSpan Kernel, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause, long PageFaults, TimeSpan Jit)
{
    /// <summary>Times <paramref name="run"/> after a full collection, so that one run's garbage is not billed to the next.</summary>
    public static Measurement Of(Action run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var kernel = process.PrivilegedProcessorTime;
        var faults = MinorFaults();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var watch = Stopwatch.StartNew();
        run();
        watch.Stop();
        process.Refresh();
        return new Measurement(
            watch.Elapsed,
            process.TotalProcessorTime - cpu,
            process.PrivilegedProcessorTime - kernel,
            GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            GC.GetTotalPauseDuration() - paused,
            MinorFaults() - faults,
            System.Runtime.JitInfo.GetCompilationTime() - jit);
    }

    /// <summary>The process's minor page faults so far (field 10 of <c>/proc/self/stat</c>), or 0 where there is none.</summary>
    private static long MinorFaults()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
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
