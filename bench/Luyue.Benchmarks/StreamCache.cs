using System.Diagnostics;
using Luyue.Simulation;

namespace Luyue.Benchmarks;

/// <summary>
/// The generated event streams the benchmarks replay, kept under <c>artifacts/bench/</c>: generating 1,000,000 orders
/// takes about a minute and writes 3 GB, so it is done once. The file name carries the generator build's module id,
/// so that a change to the generator (which other work does often) regenerates the stream instead of measuring a
/// stale one.
/// </summary>
internal static class StreamCache
{
    public static string Directory => Path.Combine(RepositoryRoot, "artifacts", "bench");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The path of the stream for these options, generating it first when it is missing.</summary>
    public static string EventsFor(int orders, int seed)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var generatorBuild = typeof(EventGenerator).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];
        var stem = $"events-{orders}-seed{seed}";
        var path = Path.Combine(Directory, $"{stem}-{generatorBuild}.jsonl");
        if (File.Exists(path))
        {
            return path;
        }

        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, $"{stem}-*.jsonl"))
        {
            File.Delete(stale);
        }

        Console.Error.WriteLine($"generating {orders:N0} orders (seed {seed}) into {path} …");
        var watch = Stopwatch.StartNew();
        var partial = path + ".partial";
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var summary = new EventGenerator().WriteTo(file, new GeneratorOptions { Orders = orders, Seed = seed });
            Console.Error.WriteLine(summary);
        }

        // Renamed only when complete, so that an interrupted run never leaves a truncated stream to be measured.
        File.Move(partial, path, overwrite: true);
        Console.Error.WriteLine($"generated in {watch.Elapsed.TotalSeconds:F0} s");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run the benchmarks from inside the repository (no Luyue.slnx found above the current directory)");
    }
}
