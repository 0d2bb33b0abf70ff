using System.Diagnostics;
using System.IO.Hashing;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Luyue.Benchmarks;

/// <summary>
/// What this machine gives at the moment, in figures that do not depend on Luyue's code:
/// <list type="bullet">
/// <item>how long memory written for the first time takes;</item>
/// <item>how long a read from memory at random takes, over a range larger than the processor's caches and over
/// ranges of 4, 8 and 16 MiB: how much of the last-level cache this VM gets (on the twenty-ninth session's machine,
/// whose processor has 32 MiB of it, 16 MiB already read at memory's speed; on the thirtieth's, the share changed
/// from minute to minute);</item>
/// <item>how fast one core hashes data in its caches;</item>
/// <item>how long the runtime's JIT takes a method, compiling Luyue.Core's at tier 0 (a time a method, so that builds
/// with more or fewer methods compare): general code, branchy and pointer-heavy, that is not Luyue's. On the
/// thirtieth session's machine the JIT's part of a replay took about twice the CPU it took on the
/// twenty-seventh's.</item>
/// </list>
/// This VM has fast and slow phases; the same build replays the 1,000,000-order stream at 290,000 events/s in one hour
/// and 500,000 in another (docs/performance.md, twenty-first session).
/// <para>
/// Memory given back stays backed by the host for a while (the guest reports free pages to it, and it takes them back
/// in its own time), and is about thirty times cheaper to write again meanwhile: 0.16–0.24 CPU-s/GiB up to 10 s after
/// a replay ended, 5.3 after 30 s; 128 MiB given back cost 0.17 at once and 5.9 a second later. So run this 30 s or
/// more after a replay ends, and start the next replay 3 s or more after it, never in the same process as one:
/// otherwise it measures recycled memory, or the replay gets this one's (twenty-first session).
/// </para>
/// </summary>
internal static class MachineBenchmark
{
    private const int ChaseBytes = 128 << 20; // larger than the processor's caches
    private const int ChaseSteps = 1 << 22;
    private static readonly int[] CacheReachMiB = [4, 8, 16];
    private const int HashBytes = 1 << 20;
    private const int HashRounds = 512;

    public static int Run()
    {
        // The replay's heap asks for huge pages where the kernel gives them on request; so does this one.
        Luyue.Core.Engine.HugePages.AdviseHeap();
        var cycle = GC.AllocateUninitializedArray<int>(ChaseBytes / sizeof(int));
        var newMemory = NewMemorySecondsPerGiB(cycle);
        var randomRead = RandomReadNanoseconds(cycle);
        var cacheReach = CacheReachMiB.Select(mib => RandomReadNanoseconds(cycle.AsSpan(0, (mib << 20) / sizeof(int)))).ToArray();
        var hashing = HashingGigabytesPerSecond();
        var (compiled, compiling) = Compiling(typeof(Luyue.Core.Engine.ComplianceEngine).Assembly);
        Console.WriteLine($"machine   new memory {newMemory:F2} CPU-s/GiB ({ChaseBytes >> 20} MiB written once), "
            + $"random reads {randomRead:F0} ns ({ChaseBytes >> 20} MiB, dependent; {string.Join("/", cacheReach.Select(ns => ns.ToString("F0")))} ns "
            + $"over {string.Join("/", CacheReachMiB)} MiB), hashing {hashing:F1} GB/s (XxHash3, 1 MiB in cache), "
            + $"compiling {compiling.TotalMicroseconds / compiled:F0} µs a method (the JIT, {compiled:N0} methods of Luyue.Core at tier 0)");
        return 0;
    }

    /// <summary>Process CPU time (the kernel's included) to write one int of every 4 KiB page of memory never written.</summary>
    private static double NewMemorySecondsPerGiB(int[] memory)
    {
        const int intsPerPage = 4096 / sizeof(int);
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < memory.Length; i += intsPerPage)
        {
            memory[i] = i;
        }

        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds * (1L << 30) / ((long)memory.Length * sizeof(int));
    }

    /// <summary>
    /// Nanoseconds a read when each address depends on the last: the array made one cycle through all its elements in
    /// random order (Sattolo's algorithm, a fixed seed), then followed. Not timed: a pass over the cycle before (at most
    /// as many steps as timed), so that a range that fits in a cache is in it.
    /// </summary>
    private static double RandomReadNanoseconds(Span<int> cycle)
    {
        for (var i = 0; i < cycle.Length; i++)
        {
            cycle[i] = i;
        }

        var random = new Random(20261205);
        for (var i = cycle.Length - 1; i > 0; i--)
        {
            var j = random.Next(i);
            (cycle[i], cycle[j]) = (cycle[j], cycle[i]);
        }

        var at = 0;
        for (var step = Math.Min(cycle.Length, ChaseSteps); step > 0; step--)
        {
            at = cycle[at];
        }

        var clock = Stopwatch.StartNew();
        for (var step = 0; step < ChaseSteps; step++)
        {
            at = cycle[at];
        }

        var elapsed = clock.Elapsed;
        GC.KeepAlive(at);
        return elapsed.TotalNanoseconds / ChaseSteps;
    }

    private static double HashingGigabytesPerSecond()
    {
        var data = new byte[HashBytes];
        new Random(1).NextBytes(data);
        ulong sum = XxHash3.HashToUInt64(data); // once outside the clock: the method compiled, the data in cache
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < HashRounds; round++)
        {
            sum ^= XxHash3.HashToUInt64(data, (long)round);
        }

        var elapsed = clock.Elapsed;
        GC.KeepAlive(sum);
        return (double)HashBytes * HashRounds / elapsed.TotalSeconds / 1e9;
    }

    /// <summary>
    /// Process CPU time to compile every method of the assembly that has a body and needs no type arguments: the bench's
    /// build of Luyue.Core is not precompiled, so the JIT compiles each at tier 0, once per process.
    /// </summary>
    private static (int Methods, TimeSpan Cpu) Compiling(Assembly assembly)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static
            | BindingFlags.DeclaredOnly;
        var methods = assembly.GetTypes()
            .Where(type => !type.ContainsGenericParameters)
            .SelectMany(type => type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
            .Where(method => !method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null)
            .Select(method => method.MethodHandle)
            .ToList();
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        foreach (var method in methods)
        {
            RuntimeHelpers.PrepareMethod(method);
        }

        process.Refresh();
        return (methods.Count, process.TotalProcessorTime - before);
    }
}
