using System.Diagnostics;

namespace Luyue.Benchmarks;

/// <summary>
/// The runtime settings `./luyue` gives a replay of a large stream (every command but `serve`; commands that neither read
/// nor write a stream, or read files of under 16 MiB, keep the runtime's delay before counting calls), so that the
/// bench measures what a user runs: a gen-0 budget of 32 MiB (`DOTNET_GCgen0size`), no delay before counting calls
/// toward optimising a method (`DOTNET_TC_CallCountingDelayMs`), optimising after 100 calls instead of 30
/// (`DOTNET_TC_CallCountThreshold`), the server's write barrier (`DOTNET_GCWriteBarrier`), and the replay's profile
/// recorded once per build (`DOTNET_TieredPGO=0` with `DOTNET_ReadPGOData`; the launcher says why for each). The
/// runtime reads them from the environment only, before any managed code runs, so without them there the bench runs
/// itself again with them; the profile is recorded first, as the launcher does after a build, by a replay of 100,000
/// generated orders (seed 7, not a measured stream) for this build of the engine.
/// </summary>
internal static class ProductRuntimeSettings
{
    /// <summary>Each setting and its value, kept equal to the launcher's (`luyue`).</summary>
    private static readonly (string Name, string Value)[] Settings =
    [
        ("DOTNET_GCgen0size", "0x2000000"),
        ("DOTNET_TC_CallCountingDelayMs", "0"),
        ("DOTNET_TC_CallCountThreshold", "100"),
        ("DOTNET_GCWriteBarrier", "3"),
    ];

    /// <summary>The settings of the profile; any of them given explicitly leaves the profile out, as in the launcher.</summary>
    private static readonly string[] ProfileSettings = ["DOTNET_TieredPGO", "DOTNET_ReadPGOData", "DOTNET_WritePGOData", "DOTNET_PGODataPath"];

    /// <summary>The settings this process runs with, as given ("default" for one not given).</summary>
    public static string Describe() =>
        string.Join(", ", Settings.Select(s => s.Name).Concat(ProfileSettings.Take(2))
            .Select(name => $"{name}={Environment.GetEnvironmentVariable(name) ?? "default"}"));

    /// <returns>The exit code of the run with the settings, or null when this process has them all (or values of its own).</returns>
    public static int? Relaunch(string[] args)
    {
        var missing = Settings.Where(s => Environment.GetEnvironmentVariable(s.Name) is null).ToList();
        if (missing.Count == 0 || args is ["micro", ..])
        {
            return null; // BenchmarkDotNet runs its own processes
        }

        if (ProfileSettings.All(name => Environment.GetEnvironmentVariable(name) is null) && Profile() is { } profile)
        {
            missing.AddRange([("DOTNET_TieredPGO", "0"), ("DOTNET_ReadPGOData", "1"), ("DOTNET_PGODataPath", profile)]);
        }

        return Run(args, missing);
    }

    private const int KeptProfiles = 4;

    /// <summary>This engine build's profile, recorded first when missing; null when it could not be.</summary>
    private static string? Profile()
    {
        var engineBuild = typeof(Core.Engine.ComplianceEngine).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];
        var path = Path.Combine(StreamCache.Directory, $"replay-{engineBuild}.pgo");
        if (File.Exists(path))
        {
            return path;
        }

        Console.Error.WriteLine($"recording the replay's profile for this build into {path} …");
        var training = StreamCache.EventsFor(100_000, 7);
        var recording = path + ".partial";
        var settings = Settings.ToList();
        settings.AddRange([("DOTNET_WritePGOData", "1"), ("DOTNET_PGODataPath", recording)]);
        if (Run(["replay", "--events", training, "--warmup", "0", "--iterations", "1", "--sink", "null"], settings, quiet: true) != 0
            || !File.Exists(recording) || !File.ReadLines(recording).Any(line => line.StartsWith("MethodName: Luyue", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine("could not record the profile; measuring without it");
            File.Delete(recording);
            return null;
        }

        // Other builds' profiles are kept, the newest few: two builds compared run by turns (bench/compare-replay.sh), and
        // deleting the other's profile made each run record its own again first, seconds of work just before the measured
        // run (no longer a cold one after GAP=35).
        foreach (var stale in Directory.EnumerateFiles(StreamCache.Directory, "replay-*.pgo")
                     .Select(file => new FileInfo(file)).OrderByDescending(file => file.LastWriteTimeUtc).Skip(KeptProfiles - 1))
        {
            stale.Delete();
        }

        File.Move(recording, path);
        return path;
    }

    /// <summary>Runs this bench again with these settings added to its environment, and answers its exit code.</summary>
    private static int Run(string[] args, List<(string Name, string Value)> settings, bool quiet = false)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = quiet };
        start.ArgumentList.Add(typeof(ProductRuntimeSettings).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start)!;
        if (quiet)
        {
            child.StandardOutput.ReadToEnd();
        }

        child.WaitForExit();
        return child.ExitCode;
    }
}
