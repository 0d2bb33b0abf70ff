using System.Text.Json;
using static Luyue.Cli.Tests.Events;

namespace Luyue.Cli.Tests;

/// <summary><c>announcements import</c> on the real holiday-cn files, and what its output does to a replay.</summary>
public class AnnouncementsCommandTests
{
    private static string Holidays(params string[] parts) => Cli.Shared(["data", "holiday-cn", .. parts]);

    private static List<JsonElement> Announcements(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void The_2025_Spring_Festival_is_one_announcement_per_platform_of_192_hours()
    {
        var result = Cli.Run("announcements", "import", Holidays("2025.json"));

        Cli.AssertExit(0, result);
        var all = Announcements(result.Stdout);
        Assert.Equal(6 * 4, all.Count); // 2025: 元旦 1, 春节 8, 清明 3, 劳动节 5, 端午 3, 国庆·中秋 8 days; four platforms
        var spring = all.Where(a => a.GetProperty("announcement").GetString()!.StartsWith("holiday-2025-01-28-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["tmall", "taote", "douyin", "1688"], spring.Select(a => a.GetProperty("platform").GetString()));
        foreach (var a in spring)
        {
            Assert.Equal("announcement", a.GetProperty("type").GetString());
            Assert.Equal("2024-12-25T00:00:00+08:00", a.GetProperty("at").GetString()); // the calendar: a week before 元旦
            Assert.Equal("2025-01-28T00:00:00+08:00", a.GetProperty("from").GetString());
            Assert.Equal("2025-02-04T23:59:59+08:00", a.GetProperty("to").GetString());
            Assert.Equal(0, a.GetProperty("provinces").GetArrayLength());
            Assert.Equal(192, a.GetProperty("extendHours").GetInt32());
        }

        Assert.Contains("2025-01-28..2025-02-04   8 day(s)  春节", result.Stderr);
    }

    [Fact]
    public void A_directory_reads_every_year_and_platform_and_at_options_choose()
    {
        var result = Cli.Run("announcements", "import", Holidays(), "--platform", "douyin", "--platform", "1688", "--at", "2022-12-01T00:00:00+08:00");

        Cli.AssertExit(0, result);
        var all = Announcements(result.Stdout);
        Assert.Equal(26 * 2, all.Count); // 2023–2026: 26 runs
        Assert.All(all, a => Assert.Equal("2022-12-01T00:00:00+08:00", a.GetProperty("at").GetString()));
        Assert.Equal(["douyin", "1688"], all.Select(a => a.GetProperty("platform").GetString()).Distinct());
        var first = all[0]; // the 2023 notice starts on 2022-12-31
        Assert.Equal("holiday-2022-12-31-douyin", first.GetProperty("announcement").GetString());
        Assert.Equal("2023-01-02T23:59:59+08:00", first.GetProperty("to").GetString());
        Assert.Equal(72, first.GetProperty("extendHours").GetInt32());
    }

    [Fact]
    public void Runs_that_touch_across_year_files_are_merged()
    {
        var dir = Directory.CreateTempSubdirectory("holidays");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "2030.json"), """{"year":2030,"days":[{"name":"元旦","date":"2030-12-31","isOffDay":true}]}""");
            File.WriteAllText(Path.Combine(dir.FullName, "2031.json"),
                """{"year":2031,"days":[{"name":"元旦","date":"2031-01-01","isOffDay":true},{"name":"元旦","date":"2031-01-04","isOffDay":false}]}""");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.json"), "not a year file: ignored");

            var result = Cli.Run("announcements", "import", dir.FullName, "--platform", "tmall");

            Cli.AssertExit(0, result);
            var a = Assert.Single(Announcements(result.Stdout));
            Assert.Equal("holiday-2030-12-31-tmall", a.GetProperty("announcement").GetString());
            Assert.Equal(48, a.GetProperty("extendHours").GetInt32());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_bad_file_is_exit_code_2_naming_file_and_reason_and_a_missing_one_4()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, """{"year":2025,"days":[{"name":"春节","date":"2025-01-32","isOffDay":true}]}""");
            var bad = Cli.Run("announcements", "import", file);
            Cli.AssertExit(2, bad);
            Assert.Contains($"{file}: $.days[0].date: '2025-01-32' is not a date (yyyy-MM-dd)", bad.Stderr);
            Assert.Empty(bad.Stdout);
        }
        finally
        {
            File.Delete(file);
        }

        Cli.AssertExit(4, Cli.Run("announcements", "import", "/nonexistent/holiday-cn"));
        var empty = Directory.CreateTempSubdirectory("no-years");
        try
        {
            Cli.AssertExit(4, Cli.Run("announcements", "import", empty.FullName));
        }
        finally
        {
            empty.Delete();
        }

        Cli.AssertExit(2, Cli.Run("announcements", "import", Holidays(), "--at", "soon"));
        Cli.AssertExit(2, Cli.Run("announcements", "import", Holidays(), "--platform", "jd"));
    }

    /// <summary>
    /// Tmall 2025 before 09-05 (seed pack: ship within 24 h of payment). Paid 01-27 10:00, never shipped: the
    /// deadline 01-28 10:00 falls in the Spring Festival run (01-28..02-04), which moves it by 192 h to 02-05 10:00.
    /// </summary>
    private static readonly string NeverShipped = Stream(
        Paid("tmall", "tm", "T1", "2025-01-27T10:00:00+08:00", 100m),
        Clock("2025-02-20T00:00:00+08:00"));

    private static JsonElement ShipViolation(string findings) =>
        Assert.Single(Announcements(findings), f => f.GetProperty("kind").GetString() == "violation" && f.GetProperty("rule").GetString() == "tmall.ship-timeout");

    [Fact]
    public void An_imported_holiday_moves_a_deadline_end_to_end()
    {
        var import = Cli.Run("announcements", "import", Holidays("2025.json"), "--platform", "tmall", "--at", "2025-01-01T00:00:00+08:00");
        Cli.AssertExit(0, import);

        var without = Cli.RunWithInput(NeverShipped, "replay", "-");
        var with = Cli.RunWithInput(import.Stdout + NeverShipped, "replay", "-");

        Cli.AssertExit(0, with);
        Assert.Contains(" 0 rejected", with.Stderr);
        Assert.Equal("2025-01-28T10:00:00+08:00", ShipViolation(without.Stdout).GetProperty("deadline").GetString());
        Assert.Equal("2025-02-05T10:00:00+08:00", ShipViolation(with.Stdout).GetProperty("deadline").GetString());
    }

    [Fact]
    public void With_the_default_publication_time_it_works_in_front_of_a_stream_that_starts_after_it()
    {
        // Tmall 2025 pack (from 09-05): ship within 48 h. Paid 09-30 10:00 → deadline 10-02 10:00, inside the
        // National Day run (10-01..10-08, 8 days), moved by 192 h to 10-10 10:00. The last run of 2025.json is
        // announced on 09-24, before this stream's first event.
        var stream = Stream(Paid("tmall", "tm", "T9", "2025-09-30T10:00:00+08:00", 100m), Clock("2025-10-20T00:00:00+08:00"));
        var import = Cli.Run("announcements", "import", Holidays("2025.json"));

        var with = Cli.RunWithInput(import.Stdout + stream, "replay", "-");

        Cli.AssertExit(0, with);
        Assert.Equal("2025-10-10T10:00:00+08:00", ShipViolation(with.Stdout).GetProperty("deadline").GetString());
    }
}
