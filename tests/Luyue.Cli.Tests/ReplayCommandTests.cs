using System.Reflection;

namespace Luyue.Cli.Tests;

public class ReplayCommandTests
{
    private const string Paid = """{"id":"e1","type":"order.paid","at":"2021-03-11T10:20:00+08:00","platform":"douyin","shop":"s","order":"D1","amount":59.9,"items":[],"buyer":{"province":"浙江省"},"seller":{"province":"广东省"}}""";
    private const string Shipped = """{"id":"e2","type":"order.shipped","at":"2021-03-12T16:56:04+08:00","order":"D1","carrier":"zto","tracking":"Z1"}""";
    private const string Clock = """{"id":"e9","type":"clock","at":"2021-03-14T00:00:00+08:00"}""";

    /// <summary>
    /// What ./luyue does for batch commands (a profile recorded by a training replay once per build, then replays that
    /// read it with the runtime's own instrumentation off) changes how the code is compiled, never a finding: a stream
    /// replayed while recording, with the profile and with neither gives the same output, and the runtime does record
    /// the engine's methods (the launcher keeps a profile only when it names them).
    /// </summary>
    /// <summary>Whether the Luyue.Core beside the CLI under test is a Release build (the one ./luyue runs).</summary>
    private static bool EngineOptimised =>
        typeof(Luyue.Core.Engine.ComplianceEngine).Assembly.GetCustomAttribute<System.Diagnostics.DebuggableAttribute>()?.IsJITOptimizerDisabled != true;

    [Fact]
    public void A_replay_with_the_recorded_profile_gives_the_same_findings_as_without()
    {
        var dir = Directory.CreateTempSubdirectory("luyue-profile-");
        try
        {
            string Path(string name) => System.IO.Path.Combine(dir.FullName, name);
            Cli.AssertExit(0, Cli.RunToFile(Path("stream.jsonl"), "generate", "--orders", "3000", "--seed", "7"));
            var batch = new Dictionary<string, string> { ["DOTNET_TC_CallCountingDelayMs"] = "0", ["DOTNET_GCWriteBarrier"] = "3" };
            var recording = Cli.RunToFile(Path("recording.jsonl"),
                new Dictionary<string, string>(batch) { ["DOTNET_WritePGOData"] = "1", ["DOTNET_PGODataPath"] = Path("luyue.pgo") },
                "replay", Path("stream.jsonl"));
            var profiled = Cli.RunToFile(Path("profiled.jsonl"),
                new Dictionary<string, string>(batch) { ["DOTNET_TieredPGO"] = "0", ["DOTNET_ReadPGOData"] = "1", ["DOTNET_PGODataPath"] = Path("luyue.pgo") },
                "replay", Path("stream.jsonl"));
            var plain = Cli.RunToFile(Path("plain.jsonl"), "replay", Path("stream.jsonl"));

            Cli.AssertExit(0, recording);
            Cli.AssertExit(0, profiled);
            Cli.AssertExit(0, plain);
            // A Debug build's engine is compiled without optimisation, and the runtime instruments only code it will
            // optimise: there (`dotnet test` without -c Release) the profile holds the framework's methods alone.
            if (EngineOptimised)
            {
                Assert.Contains(File.ReadLines(Path("luyue.pgo")), line => line.StartsWith("MethodName: Luyue.Core.Engine.ComplianceEngine", StringComparison.Ordinal));
            }
            Assert.True(plain.Stdout.Split('\n').Length > 100, "the stream should give findings to compare");
            Assert.Equal(plain.Stdout, recording.Stdout);
            Assert.Equal(plain.Stdout, profiled.Stdout);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Malformed_lines_are_reported_with_line_field_and_reason_and_the_valid_ones_still_count()
    {
        var input = string.Join('\n', Paid, """{"type":"scan","at":"yesterday","carrier":"zto","tracking":"Z1","kind":"pickup"}""", "{not json", Shipped, Clock);
        var result = Cli.RunWithInput(input, "replay", "-");

        Cli.AssertExit(0, result);
        Assert.Contains("line 2: at: 'yesterday' is not an ISO-8601 time with offset", result.Stderr);
        Assert.Contains("line 3: ", result.Stderr);
        Assert.Contains("2 rejected", result.Stderr);
        Assert.Contains("\"rule\":\"douyin.pickup-timeout\"", result.Stdout);
    }

    [Fact]
    public void The_summary_counts_one_of_a_thing_in_the_singular()
    {
        var result = Cli.RunWithInput(Clock, "replay", "-");

        Cli.AssertExit(0, result);
        Assert.Contains("-: 1 line, 1 event applied, 0 duplicates ignored, 0 rejected; findings: none; clock 2021-03-14T00:00:00+08:00", result.Stderr);
    }

    /// <summary>With no event applied there is no clock to report: the summary says so rather than print the engine's
    /// starting value (year -9998).</summary>
    [Fact]
    public void A_stream_of_only_refused_lines_reports_no_clock()
    {
        var result = Cli.RunWithInput("{not json\n{\"type\":\"teleport\",\"at\":\"2021-03-12T16:56:04+08:00\"}", "replay", "-");

        Cli.AssertExit(0, result);
        Assert.Contains("0 events applied", result.Stderr);
        Assert.Contains("2 rejected", result.Stderr);
        Assert.Contains("no clock (no event applied)", result.Stderr);
        Assert.DoesNotContain("-9998", result.Stderr);
    }

    [Fact]
    public void Strict_mode_stops_at_the_first_bad_line_with_exit_code_2()
    {
        var input = string.Join('\n', Paid, """{"type":"order.shipped","at":"2021-03-12T16:56:04+08:00","order":"D1","carrier":"zto"}""", Shipped, Clock);
        var result = Cli.RunWithInput(input, "replay", "-", "--strict");

        Cli.AssertExit(2, result);
        Assert.Contains("line 2: tracking: missing", result.Stderr);
    }

    [Fact]
    public void Rejected_lines_are_written_to_the_rejects_file_with_their_line_numbers()
    {
        var rejects = Path.GetTempFileName();
        try
        {
            var input = string.Join('\n', Paid, """{"type":"teleport","at":"2021-03-12T16:56:04+08:00"}""", Shipped, Clock);
            var result = Cli.RunWithInput(input, "replay", "-", "--rejects", rejects);

            Cli.AssertExit(0, result);
            var line = Assert.Single(File.ReadAllLines(rejects));
            Assert.StartsWith("2\ttype: unknown event type 'teleport'", line);
        }
        finally
        {
            File.Delete(rejects);
        }
    }

    [Fact]
    public void Until_closes_the_clock_early()
    {
        var input = string.Join('\n', Paid, Shipped, Clock);
        var before = Cli.RunWithInput(input, "replay", "-", "--until", "2021-03-13T16:56:03+08:00");
        var at = Cli.RunWithInput(input, "replay", "-", "--until", "2021-03-13T16:56:04+08:00");

        Assert.DoesNotContain("\"kind\":\"violation\",\"rule\":\"douyin.pickup-timeout\"", before.Stdout);
        Assert.Contains("\"kind\":\"violation\",\"rule\":\"douyin.pickup-timeout\"", at.Stdout);
    }

    [Fact]
    public void Table_format_prints_a_readable_table()
    {
        var result = Cli.RunWithInput(string.Join('\n', Paid, Shipped, Clock), "replay", "-", "--format", "table");

        Cli.AssertExit(0, result);
        Assert.Contains("douyin.pickup-timeout", result.Stdout);
        Assert.Contains("2021-03-13 16:56:04", result.Stdout);
        Assert.Contains("violation", result.Stdout);
    }

    /// <summary>Every command that reads its file through once: the replay's own test, as the mechanism is shared.</summary>
    [Theory]
    [InlineData("\"rule\":\"douyin.pickup-timeout\"", "replay")]
    [InlineData("\"rule\":\"douyin.pickup-timeout\",\"a\":{\"violations\":1", "whatif", "--rules", "rules", "--format", "json")]
    [InlineData("douyin,s,0,0.00,0,0,0.00,0,0.00,0.00,1,1,0", "report", "--format", "csv")]
    [InlineData("s,1,0,0,0,0,,,0,1", "indicators", "--format", "csv")]
    public void A_file_is_read_once_out_of_the_kernels_cache_unless_kept_with_the_same_output(string expected, string command, params string[] options)
    {
        var events = Path.GetTempFileName();
        try
        {
            using (var write = File.Create(events))
            {
                write.Write(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Paid, Shipped, Clock) + "\n"));
                write.Flush(flushToDisk: true); // clean pages, which are all the kernel drops
            }

            string[] Arguments(params string[] more) =>
                [command, events, .. options.Select(o => o == "rules" ? Cli.Repository("rules") : o), .. more];
            var kept = Cli.Run(Arguments("--keep-cache"));
            var cachedAfterKept = OperatingSystem.IsLinux() ? Luyue.Core.LinuxMemory.CachedPages(events).Cached : 1;
            var once = Cli.Run(Arguments());

            Cli.AssertExit(0, kept);
            Cli.AssertExit(0, once);
            Assert.Contains(expected, once.Stdout);
            Assert.Equal(kept.Stdout, once.Stdout);
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal(1, cachedAfterKept);
                Assert.Equal(0, Luyue.Core.LinuxMemory.CachedPages(events).Cached);
            }
        }
        finally
        {
            File.Delete(events);
        }
    }

    /// <summary>Findings redirected to a file are written once (their pages dropped behind the writing): the same findings.</summary>
    [Fact]
    public void Findings_redirected_to_a_file_are_those_written_to_a_pipe()
    {
        var events = Path.GetTempFileName();
        var once = Path.GetTempFileName();
        var kept = Path.GetTempFileName();
        try
        {
            File.WriteAllText(events, string.Join('\n', Paid, Shipped, Clock) + "\n");

            var piped = Cli.Run("replay", events);
            var toFile = Cli.RunToFile(once, "replay", events);
            var toFileKept = Cli.RunToFile(kept, "replay", events, "--keep-cache");

            Cli.AssertExit(0, piped);
            Cli.AssertExit(0, toFile);
            Cli.AssertExit(0, toFileKept);
            Assert.Contains("douyin.pickup-timeout", piped.Stdout);
            Assert.Equal(piped.Stdout, toFile.Stdout);
            Assert.Equal(piped.Stdout, toFileKept.Stdout);
        }
        finally
        {
            File.Delete(events);
            File.Delete(once);
            File.Delete(kept);
        }
    }

    [Fact]
    public void A_missing_file_is_exit_code_4()
    {
        Cli.AssertExit(4, Cli.Run("replay", "/nonexistent/events.jsonl"));
    }
}
