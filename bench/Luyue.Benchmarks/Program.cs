using Luyue.Benchmarks;
using Luyue.Benchmarks.Micro;

// dotnet run -c Release --project bench/Luyue.Benchmarks -- <mode> [options]; docs/performance.md records the results.
const string Usage = """
    usage: dotnet run -c Release --project bench/Luyue.Benchmarks -- <mode> [options]

      replay  [--orders N] [--seed S] [--warmup W] [--iterations K] [--sink null|file|both] [--stages] [--only TEXT] [--events FILE] [--gc-trace]
              [--alloc-trace] [--jit-trace]
              [--direct] [--compare-feed] [--keep-cache]
              End-to-end replay (read, parse, evaluate, write findings) of a generated stream, one thread,
              as `luyue replay` does it. The stream is generated once into artifacts/bench/.
              Defaults: 1,000,000 orders, seed 1, 1 warm-up, 3 measured iterations, both sinks.
              --stages also times reading lines only, reading their JSON tokens only, parsing only, the engine without
              writing findings, and the engine alone on events parsed beforehand. --only TEXT runs the stages whose
              name contains TEXT.
              --events FILE replays that stream instead (e.g. `luyue generate --orders N --seed S > FILE`, the same
              stream, kept across builds: the cached one is regenerated whenever the generator is rebuilt).
              --gc-trace adds, per run, the collections' promoted bytes and pauses (the runtime's GC events), and each
              collection in turn with what gen-0 and gen-1 ones reached through older generations' cards.
              --alloc-trace adds, per stage, what its measured runs allocated by type (the runtime's allocation ticks).
              --jit-trace adds, per stage, what the JIT compiled during its runs by tier, and the longest compiles.
              --direct applies events straight to the engine instead of through the replay's lookahead (EngineFeed);
              --compare-feed runs each engine stage both ways, one run of each in turn, and prints the paired CPU ratios.
              --keep-cache leaves the stream's pages in the kernel's cache, as `luyue replay --keep-cache` does. By
              default the engine's stages read the stream once, as the command does (its cached pages dropped as they
              are read), and write the findings file once (dropped behind the writing). Either way the stream is read
              into the cache before each of their runs, outside the figures: every run is a replay of a file in the
              cache, as after `luyue generate`.
      allocations [--orders N] [--seed S] [--events FILE]
              Bytes the engine allocates per event type, on events parsed beforehand (independent of load).
      memory  [--orders N] [--scans K]
              Managed bytes per open order with N orders open (paid, shipped and K scans each; every deadline in
              the future). Defaults: 1,000,000 orders, 3 scans.
      machine Figures of the machine at the moment, apart from Luyue's code: CPU time to write new memory, time of a
              dependent random read (over 128 MiB, and over 4, 8 and 16 MiB: how much last-level cache this VM gets),
              hashing speed in cache, the JIT's time a method compiling Luyue.Core at tier 0 (general code that is not
              Luyue's), for knowing which of this VM's fast and slow phases a replay ran in, and how one machine differs
              from another. Run it 30 s or more after a replay ends and 3 s or more before the next starts: memory given
              back stays backed by the host for a while, and costs a thirtieth as much to write again.
      micro   [BenchmarkDotNet arguments, e.g. --filter '*Parser*']
              Micro-benchmarks of the hot path: parser, scan classifier, regions, rule evaluator.
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

if (ProductRuntimeSettings.Relaunch(args) is { } relaunched)
{
    return relaunched;
}

try
{
    return args[0] switch
    {
        "replay" => Replay(args[1..]),
        "memory" => MemoryBenchmark.Run(BenchArguments.Parse(args[1..])),
        "allocations" => EngineAllocations.Run(BenchArguments.Parse(args[1..])),
        "machine" => MachineBenchmark.Run(),
        "micro" => MicroBenchmarks.Run(args[1..]),
        _ => Fail($"unknown mode '{args[0]}'"),
    };
}
catch (ArgumentException ex)
{
    return Fail(ex.Message);
}

int Fail(string message)
{
    Console.Error.WriteLine(message);
    Console.Error.WriteLine(Usage);
    return 2;
}

// As `luyue replay` does: huge pages for the heap where the kernel gives them on request (Luyue.Core.Engine.HugePages).
static int Replay(string[] args)
{
    Luyue.Core.Engine.HugePages.AdviseHeap();
    return ReplayBenchmark.Run(BenchArguments.Parse(args));
}
