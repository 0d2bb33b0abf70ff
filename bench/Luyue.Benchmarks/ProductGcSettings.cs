using System.Diagnostics;

namespace Luyue.Benchmarks;

/// <summary>
/// The collector settings `./luyue` gives every command but `serve`, so that the bench measures what a user runs: a
/// gen-0 budget of at least 128 MiB (`DOTNET_GCgen0size`; the launcher says why). The runtime reads it from the
/// environment only, before any managed code runs, so without it there the bench runs itself again with it.
/// </summary>
internal static class ProductGcSettings
{
    private const string Gen0Size = "DOTNET_GCgen0size";

    /// <summary>Kept equal to the launcher's (`luyue`).</summary>
    private const string Gen0Budget = "0x8000000";

    /// <summary>The gen-0 budget this process runs with, as given.</summary>
    public static string Describe() => Environment.GetEnvironmentVariable(Gen0Size) is { } value ? $"{value} bytes" : "the runtime's";

    /// <returns>The exit code of the run with the settings, or null when this process has them (or a value of its own).</returns>
    public static int? Relaunch(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Gen0Size) is not null || args is ["micro", ..])
        {
            return null; // BenchmarkDotNet runs its own processes
        }

        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        start.ArgumentList.Add(typeof(ProductGcSettings).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[Gen0Size] = Gen0Budget;
        using var child = Process.Start(start)!;
        child.WaitForExit();
        return child.ExitCode;
    }
}
