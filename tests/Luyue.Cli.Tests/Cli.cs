using System.Diagnostics;
using System.Text;

namespace Luyue.Cli.Tests;

/// <summary>Runs the built <c>luyue</c> CLI (the same luyue.dll that ./luyue runs) as a separate process.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result RunWithInput(string? stdin, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "luyue.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        WaitFor(process, args);
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs the CLI with its standard output redirected to a file, as a shell's <c>&gt;</c> does; the result's stdout is the file's text.</summary>
    public static Result RunToFile(string output, params string[] args) => RunToFile(output, new Dictionary<string, string>(), args);

    /// <inheritdoc cref="RunToFile(string, string[])"/>
    /// <param name="environment">Variables set for the run (runtime settings, as the launcher gives them).</param>
    public static Result RunToFile(string output, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, StandardErrorEncoding = Encoding.UTF8 };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("output=$1; shift; exec dotnet \"$@\" > \"$output\"");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(output);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "luyue.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        WaitFor(process, args);
        return new Result(process.ExitCode, File.ReadAllText(output), stderr.Result);
    }

    private static void WaitFor(Process process, string[] args)
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"luyue {string.Join(' ', args)} did not finish");
        }
    }

    /// <summary>Asserts the exit code, showing the command's stderr when it differs.</summary>
    public static void AssertExit(int expected, Result result) =>
        Assert.True(result.ExitCode == expected, $"exit code {result.ExitCode}, expected {expected}; stderr:\n{result.Stderr}");

    /// <summary>A path under ../shared, found by walking up from the test binaries to the checkout's parent.</summary>
    public static string Shared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "examples")))
            {
                return Path.Combine([candidate, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("../shared (with examples/) must sit beside the checkout");
    }

    /// <summary>The repository's own folder (for its rules/).</summary>
    public static string Repository(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("Luyue.slnx not found above the test binaries");
    }
}
