using System.Globalization;

namespace Luyue.Benchmarks;

/// <summary>The options of the <c>replay</c> and <c>memory</c> modes; each mode reads the ones it uses.</summary>
internal sealed record BenchArguments
{
    public int Orders { get; init; } = 1_000_000;
    public int Seed { get; init; } = 1;
    public int Warmup { get; init; } = 1;
    public int Iterations { get; init; } = 3;
    public string Sink { get; init; } = "both";
    public bool Stages { get; init; }
    public int Scans { get; init; } = 3;

    /// <summary>Prints what each run's collections promoted and how long they paused (<see cref="Benchmarks.GcTrace"/>).</summary>
    public bool GcTrace { get; init; }

    /// <summary>Prints what the JIT compiled during each stage's runs, by tier (<see cref="Benchmarks.JitTrace"/>).</summary>
    public bool JitTrace { get; init; }

    /// <summary>Prints what each stage allocated by type, sampled by the runtime (the server bench's <c>AllocationSampler</c>).</summary>
    public bool AllocTrace { get; init; }

    /// <summary>A stream to replay instead of the generated one (e.g. from <c>luyue generate</c>, kept across builds).</summary>
    public string? Events { get; init; }

    /// <summary>Runs only the stages whose name contains this text (e.g. "alone"); implies <see cref="Stages"/>.</summary>
    public string? Only { get; init; }

    /// <summary>Applies events straight to the engine instead of through <see cref="Core.Engine.EngineFeed"/> (no fetching ahead).</summary>
    public bool Direct { get; init; }

    /// <summary>
    /// Runs every selected stage twice over, through the feed and directly, one run of each in turn, and reports the
    /// paired ratios: on a machine whose speed drifts from minute to minute, only neighbouring runs compare.
    /// </summary>
    public bool CompareFeed { get; init; }

    /// <summary>
    /// Leaves the stream in the kernel's cache as <c>luyue replay --keep-cache</c> does; by default the engine's stages
    /// read it once, as the command does.
    /// </summary>
    public bool KeepCache { get; init; }

    public static BenchArguments Parse(string[] args)
    {
        var result = new BenchArguments();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            // Switches take no value.
            BenchArguments? switched = name switch
            {
                "--gc-trace" => result with { GcTrace = true },
                "--alloc-trace" => result with { AllocTrace = true },
                "--jit-trace" => result with { JitTrace = true },
                "--compare-feed" => result with { CompareFeed = true },
                "--direct" => result with { Direct = true },
                "--stages" => result with { Stages = true },
                "--keep-cache" => result with { KeepCache = true },
                _ => null,
            };
            if (switched is not null)
            {
                result = switched;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name}: a value is missing");
            }

            var value = args[++i];
            result = name switch
            {
                "--orders" => result with { Orders = Positive(name, value) },
                "--seed" => result with { Seed = Number(name, value) },
                "--warmup" => result with { Warmup = Math.Max(0, Number(name, value)) },
                "--iterations" => result with { Iterations = Positive(name, value) },
                "--events" when File.Exists(value) => result with { Events = value },
                "--events" => throw new ArgumentException($"--events: no file '{value}'"),
                "--only" => result with { Only = value, Stages = true },
                "--scans" => result with { Scans = Math.Max(0, Number(name, value)) },
                "--sink" when value is "null" or "file" or "both" => result with { Sink = value },
                "--sink" => throw new ArgumentException($"--sink: '{value}' is not one of null, file, both"),
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        return result;
    }

    private static int Number(string name, string value) =>
        int.TryParse(value.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name}: '{value}' is not a whole number");

    private static int Positive(string name, string value) =>
        Number(name, value) is > 0 and var n ? n : throw new ArgumentException($"{name}: must be at least 1");
}
