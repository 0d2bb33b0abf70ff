using System.Globalization;
using NodaTime;

namespace Luyue.ServerBenchmarks;

/// <summary>The command line (see Program.cs for what each option means).</summary>
internal sealed record Options
{
    public string? Store { get; private init; }
    public int Orders { get; private init; } = 100_000;
    public int Seed { get; private init; } = 1;
    public int Batch { get; private init; } = 1_000;
    public int Clients { get; private init; } = 1;
    public int WarmupBatches { get; private init; } = 500;
    public int Rate { get; private init; } = 200;
    public int Seconds { get; private init; } = 20;
    public Duration Window { get; private init; } = Duration.FromSeconds(5);
    public bool Load { get; private init; }
    public bool Allocations { get; private init; }
    public string? Only { get; private init; }
    public IReadOnlyList<string> ServerSettings { get; private init; } = [];

    public static Options Parse(string[] args)
    {
        var options = new Options();
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{args[i - 1]}: a positive whole number");
            options = args[i] switch
            {
                "--store" => options with { Store = Value() },
                "--orders" => options with { Orders = Number() },
                "--seed" => options with { Seed = Number() },
                "--batch" => options with { Batch = Number() },
                "--clients" => options with { Clients = Number() },
                "--warmup" => options with { WarmupBatches = Number() },
                "--rate" => options with { Rate = Number() },
                "--seconds" => options with { Seconds = Number() },
                "--window" => options with { Window = Duration.FromSeconds(Number()) },
                "--load" => options with { Load = true },
                "--allocations" => options with { Allocations = true },
                "--only" => options with { Only = Value() },
                var s when s.StartsWith("--Luyue:", StringComparison.Ordinal) => Add(settings, s, options),
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return options with { ServerSettings = settings };
    }

    private static Options Add(List<string> settings, string setting, Options options)
    {
        settings.Add(setting);
        return options;
    }

    /// <summary>The 1-minute load average (what else the machine was doing), where the OS tells it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
