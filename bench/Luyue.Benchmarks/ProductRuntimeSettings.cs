using System.Diagnostics;

namespace Luyue.Benchmarks;

/// <summary>
/// The runtime settings `./luyue` gives every command but `serve`, so that the bench measures what a user runs: a
/// gen-0 budget of 64 MiB (`DOTNET_GCgen0size`), no delay before counting calls toward optimising a
/// method (`DOTNET_TC_CallCountingDelayMs`), optimising after 100 calls instead of 30
/// (`DOTNET_TC_CallCountThreshold`) and the server's write barrier (`DOTNET_GCWriteBarrier`; the launcher says why for
/// each). The runtime reads them from the environment
/// only, before any managed code runs, so without them there the bench runs itself again with them.
/// </summary>
internal static class ProductRuntimeSettings
{
    /// <summary>Each setting and its value, kept equal to the launcher's (`luyue`).</summary>
    private static readonly (string Name, string Value)[] Settings =
    [
        ("DOTNET_GCgen0size", "0x4000000"),
        ("DOTNET_TC_CallCountingDelayMs", "0"),
        ("DOTNET_TC_CallCountThreshold", "100"),
        ("DOTNET_GCWriteBarrier", "3"),
    ];

    /// <summary>The settings this process runs with, as given ("default" for one not given).</summary>
    public static string Describe() =>
        string.Join(", ", Settings.Select(s => $"{s.Name}={Environment.GetEnvironmentVariable(s.Name) ?? "default"}"));

    /// <returns>The exit code of the run with the settings, or null when this process has them all (or values of its own).</returns>
    public static int? Relaunch(string[] args)
    {
        var missing = Settings.Where(s => Environment.GetEnvironmentVariable(s.Name) is null).ToList();
        if (missing.Count == 0 || args is ["micro", ..])
        {
            return null; // BenchmarkDotNet runs its own processes
        }

        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        start.ArgumentList.Add(typeof(ProductRuntimeSettings).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in missing)
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }
}
