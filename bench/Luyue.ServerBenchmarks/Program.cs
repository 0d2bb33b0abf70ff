using Luyue.ServerBenchmarks;

// dotnet run -c Release --project bench/Luyue.ServerBenchmarks -- <mode> [options]; docs/performance.md records the results.
const string Usage = """
    usage: dotnet run -c Release --project bench/Luyue.ServerBenchmarks -- <mode> [options]

      ingest    Sustained ingestion over loopback HTTP: a generated stream (payments from now on) POSTed as JSON Lines
                in batches; events/s acknowledged (2xx = durable) and sustained (applied by the engines, findings stored).
      lateness  Firing lateness: a pack with a short Tmall ship timeout, orders paid now and never shipped, and the time
                from each deadline to its violation on /v1/stream (p50/p95/p99/max). --load adds full-speed ingestion
                by another tenant meanwhile.
      stages    Where ingestion's time goes: splitting, parsing, building rows, the store append, the engine, routing and
                the indicators, each alone on one thread over the same stream (no HTTP), with its bytes allocated.

    options:
      --store CONNECTION   PostgreSQL (a fresh database is made from it and dropped afterwards); default SQLite in a
                           fresh temporary directory
      --orders N           orders in the generated stream (default 100,000: about 1,040,000 events)
      --seed S             generator seed (default 1)
      --batch N            events per request (default 1,000)
      --clients N          client tasks posting batches, each waiting for its answer (default 1)
      --warmup N           batches sent before measuring (default 500, at most half the stream: after 50, tiered
                           compilation was still recompiling about 8,000 methods in the measured window; after 500,
                           a few hundred)
      --rate N             lateness: orders paid per second (default 200)
      --seconds N          lateness: for how long (default 20)
      --window SECONDS     lateness: the ship timeout (default 5)
      --load               lateness: ingest the generated stream from another tenant meanwhile
      --allocations        ingest: also list what the measured window allocated, by type (the runtime's allocation
                           ticks, one per ~100 KB)
      --only TEXT[,TEXT]   stages: run only the stages whose name contains one of the TEXTs (splitting, parsing and rows
                           always run)
      --Luyue:NAME=VALUE   any server setting (e.g. --Luyue:TickMilliseconds=50, --Luyue:Partitions=2)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

Options options;
try
{
    options = Options.Parse(args[1..]);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}

Console.WriteLine($"machine   {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; " +
                  $"load average {Options.LoadAverage()}");
return args[0] switch
{
    "ingest" => await IngestBenchmark.RunAsync(options),
    "lateness" => await LatenessBenchmark.RunAsync(options),
    "stages" => await StagesBenchmark.RunAsync(options),
    _ => Fail($"unknown mode '{args[0]}'"),
};

int Fail(string message)
{
    Console.Error.WriteLine(message);
    Console.Error.WriteLine(Usage);
    return 2;
}
