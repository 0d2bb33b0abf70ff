using System.Globalization;
using Luyue.Core;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;

namespace Luyue.Benchmarks;

/// <summary>
/// End-to-end replay throughput: the loop of <c>luyue replay</c> (JSON Lines → <see cref="EventParser"/> →
/// <see cref="ComplianceEngine"/> → <see cref="FindingWriter"/>) on one thread over a generated stream, with a fresh
/// engine for every iteration. Optional stages take the pipeline apart to show where the time goes.
/// </summary>
internal static class ReplayBenchmark
{
    private const int ReadBufferBytes = 1 << 16; // the replay command's buffer sizes
    private const int WriteBufferBytes = 1 << 16;

    public static int Run(BenchArguments args)
    {
        var events = args.Events ?? StreamCache.EventsFor(args.Orders, args.Seed);
        var book = RuleBook.Embedded;
        Console.WriteLine($"stream    {events} ({new FileInfo(events).Length / 1e9:F2} GB)");
        Console.WriteLine($"runtime   .NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, workstation non-concurrent GC; {ProductRuntimeSettings.Describe()}");
        Console.WriteLine($"runs      {args.Warmup} warm-up + {args.Iterations} measured per stage; figures are median (min – max)");

        var stages = new List<Stage>();

        // A stage with an engine runs it as --direct says, and can be run both ways (--compare-feed); it reads the stream
        // once, as the replay command does, unless --keep-cache.
        var readOnce = !args.KeepCache;
        Console.WriteLine(readOnce
            ? "input     read once by the engine's stages, as `luyue replay` does (its cached pages dropped as they are read; the findings file written once); read into the cache before each of their runs"
            : "input     left in the kernel's cache (--keep-cache); read into the cache before each run of the engine's stages");
        Console.WriteLine();
        Stage Engine(string name, Func<bool, Func<string, Counts>> run) =>
            new(name, run(args.Direct)) { Feeding = direct => new Stage(name, run(direct)) };
        if (args.Stages)
        {
            stages.Add(new Stage("read lines", path => ReadOnly(path)));
            stages.Add(new Stage("+ JSON tokens, nothing built", path => TokensOnly(path)));
            stages.Add(new Stage("+ parse", path => ParseOnly(path)));
            stages.Add(new Stage("+ parse, scans, payments and shipments into reused views", path => ParseIntoLines(path)));
            stages.Add(Engine("+ engine, findings counted", direct => path => Replay(path, book, null, direct, readOnce)));
        }

        if (args.Sink is "null" or "both")
        {
            stages.Add(Engine("end-to-end, findings to Stream.Null", direct => path => Replay(path, book, () => Stream.Null, direct, readOnce)));
        }

        if (args.Sink is "file" or "both")
        {
            // The stream may come from --events, so nothing else has made the directory on a fresh checkout.
            Directory.CreateDirectory(StreamCache.Directory);
            var findings = Path.Combine(StreamCache.Directory, "findings.jsonl");
            stages.Add(Engine("end-to-end, findings to a file", direct => path => Replay(path, book, () =>
            {
                // Written once, as the replay command writes a file it is redirected to, unless --keep-cache.
                var file = new FileStream(findings, FileMode.Create, FileAccess.Write, FileShare.None, 1);
                return readOnce ? WrittenOnceStream.Over(file, file.SafeFileHandle) : file;
            }, direct, readOnce)));
        }

        if (args.Stages)
        {
            // Last: the parsed events stay in memory from here on, and a larger heap slows every later collection.
            var parsed = new Lazy<List<FulfilmentEvent>>(() => ParseAll(events));
            stages.Add(Engine("engine alone (events parsed beforehand), findings counted", direct => _ => EngineOnly(parsed.Value, book, direct)));
        }

        var selected = stages.Where(s => args.Only is null || s.Name.Contains(args.Only, StringComparison.Ordinal)).ToList();
        if (args.CompareFeed)
        {
            CompareFeed(selected, events, args);
        }
        else
        {
            foreach (var stage in selected)
            {
                Report(stage, Measure(stage, events, args));
            }
        }

        Console.WriteLine($"cross-check: /usr/bin/time -v ./luyue replay {Path.GetRelativePath(StreamCache.RepositoryRoot, events)} > /dev/null");
        return 0;
    }

    private sealed record Stage(string Name, Func<string, Counts> Run)
    {
        /// <summary>The same stage applying events directly or through the feed, when it has an engine (else null).</summary>
        public Func<bool, Stage>? Feeding { get; init; }
    }

    private static void CompareFeed(List<Stage> stages, string events, BenchArguments args)
    {
        foreach (var stage in stages.Where(s => s.Feeding is not null))
        {
            var pair = new[] { stage.Feeding!(false), stage.Feeding!(true) };
            var runs = new[] { new List<(Measurement, Counts)>(), new List<(Measurement, Counts)>() };
            for (var i = 0; i < args.Warmup + args.Iterations; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var one = Measure(pair[j], events, args with { Warmup = 0, Iterations = 1 });
                    if (i >= args.Warmup)
                    {
                        runs[j].AddRange(one);
                    }
                }
            }

            Report(pair[0] with { Name = $"{stage.Name}, through the feed" }, runs[0]);
            Report(pair[1] with { Name = $"{stage.Name}, applied directly" }, runs[1]);
            var ratios = runs[0].Zip(runs[1], (fed, direct) => direct.Item1.Cpu.TotalSeconds / fed.Item1.Cpu.TotalSeconds).ToList();
            Console.WriteLine($"  direct CPU / fed CPU, run by run: {string.Join(" ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}"
                              + $"; median {Spread.Median(ratios):F2}");
            Console.WriteLine();
        }
    }

    private sealed record Counts(long Lines, long Events, long Findings, int OpenOrders = 0, int OpenNumbers = 0, long Judgements = 0, long TimerJudgements = 0, long Inert = 0);

    private static List<(Measurement Cost, Counts Counts)> Measure(Stage stage, string events, BenchArguments args)
    {
        var results = new List<(Measurement, Counts)>();
        using var trace = args.GcTrace ? new GcTrace() : null;
        using var jit = args.JitTrace ? new JitTrace() : null;
        using var sampler = args.AllocTrace ? new Luyue.ServerBenchmarks.AllocationSampler() : null;
        for (var i = 0; i < args.Warmup + args.Iterations; i++)
        {
            if (i == args.Warmup)
            {
                sampler?.Start(); // the measured runs only
                jit?.Reset();
            }

            if (stage.Feeding is not null)
            {
                IntoCache(events); // a run of the stages before may have read it once
            }

            Counts? counts = null;
            var cost = Measurement.Of(() =>
            {
                trace?.Reset();
                counts = stage.Run(events);
            });
            if (i >= args.Warmup)
            {
                results.Add((cost, counts!));
                if (trace is not null)
                {
                    trace.WaitFor(cost.Gen0);
                    Console.WriteLine($"  [{stage.Name}, run {i - args.Warmup + 1}] {trace.Describe()}");
                }
            }
        }

        if (jit is not null)
        {
            Console.WriteLine($"  [{stage.Name}] compiled by the JIT during the runs, by tier:");
            foreach (var line in jit.Describe())
            {
                Console.WriteLine(line);
            }
        }

        if (sampler is not null)
        {
            sampler.Stop();
            Console.WriteLine($"  [{stage.Name}] allocated by type (sampled), per line of the stream:");
            foreach (var line in sampler.Top(15, results.Sum(r => r.Item2.Lines)))
            {
                Console.WriteLine(line);
            }
        }

        return results;
    }

    private static void Report(Stage stage, List<(Measurement Cost, Counts Counts)> runs)
    {
        var counts = runs[0].Counts;
        var perSecond = runs.Select(r => counts.Lines / r.Cost.Wall.TotalSeconds).ToList();
        Console.WriteLine(stage.Name);
        Console.WriteLine($"  events/s      {Spread.Describe(perSecond, v => v.ToString("N0", CultureInfo.InvariantCulture))}");
        Console.WriteLine($"  wall          {Spread.Describe(runs.Select(r => r.Cost.Wall.TotalSeconds).ToList(), v => $"{v:F2} s")}"
                          + $"   cpu {Spread.Describe(runs.Select(r => r.Cost.Cpu.TotalSeconds).ToList(), v => $"{v:F2} s")}"
                          + $" (kernel {Spread.Describe(runs.Select(r => r.Cost.Kernel.TotalSeconds).ToList(), v => $"{v:F2} s")})");
        Console.WriteLine($"  page faults   {Spread.Describe(runs.Select(r => (double)r.Cost.PageFaults).ToList(), v => v.ToString("N0", CultureInfo.InvariantCulture))}");
        Console.WriteLine($"  allocated     {Spread.Describe(runs.Select(r => (double)r.Cost.AllocatedBytes).ToList(), v => $"{v / 1e9:F2} GB")}"
                          + $" = {Spread.Median(runs.Select(r => (double)r.Cost.AllocatedBytes / counts.Lines).ToList()):F0} B/event");
        Console.WriteLine($"  collections   gen0 {Spread.Median(runs.Select(r => (double)r.Cost.Gen0).ToList()):F0}"
                          + $", gen1 {Spread.Median(runs.Select(r => (double)r.Cost.Gen1).ToList()):F0}"
                          + $", gen2 {Spread.Median(runs.Select(r => (double)r.Cost.Gen2).ToList()):F0}"
                          + $"; paused {Spread.Describe(runs.Select(r => r.Cost.GcPause.TotalSeconds).ToList(), v => $"{v:F2} s")}");
        Console.WriteLine($"  jit           {Spread.Describe(runs.Select(r => r.Cost.Jit.TotalSeconds).ToList(), v => $"{v:F2} s")} compiling (in the CPU time)");
        Console.WriteLine($"  lines {counts.Lines:N0}, events applied {counts.Events:N0}, findings {counts.Findings:N0}"
                          + (counts.OpenOrders > 0 ? $"; held at the end {counts.OpenOrders:N0} orders, {counts.OpenNumbers:N0} numbers (with those the last clock move's sweep, due at the next event, lets go)" : ""));
        if (counts.Judgements > 0)
        {
            Console.WriteLine($"  orders judged {counts.Judgements:N0} times ({counts.TimerJudgements:N0} by timers); {counts.Inert:N0} scans left unjudged as inert");
        }

        Console.WriteLine();
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferBytes);

    /// <summary>
    /// Reads the stream whole, so that the kernel has it in its cache again after a run that read it once: each run is
    /// then a replay of a file in the cache (as after <c>luyue generate</c>), not of one read from the disk.
    /// </summary>
    private static void IntoCache(string path)
    {
        using var input = Open(path);
        var buffer = new byte[1 << 20];
        while (input.Read(buffer) > 0)
        {
        }
    }

    private static Counts ReadOnly(string path)
    {
        long lines = 0;
        using var input = Open(path);
        JsonLines.Read(input, (lineNumber, line) => lines += line.IsEmpty ? 0 : 1);
        return new Counts(lines, 0, 0);
    }

    /// <summary>
    /// Every token of every line read by <see cref="System.Text.Json.Utf8JsonReader"/> and nothing built from them: the floor
    /// under any parser that reads JSON through System.Text.Json.
    /// </summary>
    private static Counts TokensOnly(string path)
    {
        long lines = 0, tokens = 0;
        using var input = Open(path);
        JsonLines.Read(input, (lineNumber, line) =>
        {
            lines++;
            var reader = new System.Text.Json.Utf8JsonReader(line);
            while (reader.Read())
            {
                tokens++;
            }
        });
        return new Counts(lines, tokens, 0);
    }

    /// <summary>
    /// Parsing as <see cref="LineFeed"/> does it: scans, payments and shipments into reused views (<see cref="ScanLine"/>,
    /// <see cref="OrderLine"/>), the rest into events.
    /// </summary>
    private static Counts ParseIntoLines(string path)
    {
        long lines = 0, parsed = 0;
        var parser = new EventParser();
        var scan = new ScanLine();
        var order = new OrderLine();
        using var input = Open(path);
        JsonLines.Read(input, (lineNumber, line) =>
        {
            lines++;
            parsed += parser.TryParse(line, scan, order, out _, out _, out _) ? 1 : 0;
        });
        return new Counts(lines, parsed, 0);
    }

    private static Counts ParseOnly(string path)
    {
        long lines = 0, parsed = 0;
        var parser = new EventParser();
        using var input = Open(path);
        JsonLines.Read(input, (lineNumber, line) =>
        {
            lines++;
            parsed += parser.TryParse(line, out _, out _) ? 1 : 0;
        });
        return new Counts(lines, parsed, 0);
    }

    /// <summary>Every valid event of the stream, parsed (for the stages and modes that time the engine alone).</summary>
    internal static List<FulfilmentEvent> ParseAll(string path)
    {
        var all = new List<FulfilmentEvent>();
        var parser = new EventParser();
        using var input = Open(path);
        JsonLines.Read(input, (lineNumber, line) =>
        {
            if (parser.TryParse(line, out var e, out _))
            {
                all.Add(e!);
            }
        });
        return all;
    }

    /// <summary>The engine's share alone: every event was parsed before the clock started (they stay in memory meanwhile).</summary>
    private static Counts EngineOnly(List<FulfilmentEvent> events, RuleBook book, bool direct)
    {
        var engine = new ComplianceEngine(book, new FindingCounter());
        var feed = new EngineFeed(engine);
        Action<FulfilmentEvent> apply = direct ? e => engine.Apply(e) : feed.Apply;
        foreach (var e in events)
        {
            apply(e);
        }

        feed.Flush();
        var stats = engine.Stats;
        return new Counts(events.Count, stats.Events, stats.Findings.Values.Sum(), stats.OpenOrders, stats.OpenNumbers, engine.Judgements, engine.TimerJudgements, engine.InertScans);
    }

    /// <summary>The replay command's loop. Without an output, findings are only counted (no serialisation).</summary>
    private static Counts Replay(string path, RuleBook book, Func<Stream>? output, bool direct, bool readOnce)
    {
        long lines = 0;
        using var input = Open(path);
        using var target = output?.Invoke();
        using var buffered = target is null ? null : new BufferedStream(target, WriteBufferBytes);
        using var writer = buffered is null ? null : new FindingWriter(buffered);
        var counter = new FindingCounter();
        var engine = new ComplianceEngine(book, (IFindingSink?)writer ?? counter);
        var feed = new LineFeed(engine);
        var parser = new EventParser();
        JsonLines.Read(input, (lineNumber, line) =>
        {
            if (line.Trim((byte)' ').IsEmpty)
            {
                return;
            }

            lines++;
            if (!direct)
            {
                feed.Apply(line, null, out _);
            }
            else if (parser.TryParse(line, out var e, out _))
            {
                engine.Apply(e!);
            }
        }, readOnce: readOnce);
        feed.Flush();
        buffered?.Flush();
        var stats = engine.Stats;
        return new Counts(lines, stats.Events, stats.Findings.Values.Sum(), stats.OpenOrders, stats.OpenNumbers, engine.Judgements, engine.TimerJudgements, engine.InertScans);
    }
}

/// <summary>A sink that only counts: the engine's cost without serialising findings.</summary>
internal sealed class FindingCounter : IFindingSink
{
    public long Count { get; private set; }

    public void Emit(Finding finding) => Count++;
}
