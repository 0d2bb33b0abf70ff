using System.Text;
using Luyue.Core.Events;
using Luyue.Core.Rules;
using NodaTime;

namespace Luyue.Core.Tests.Rules;

public class HolidayCalendarTests
{
    private static readonly Offset China = Offset.FromHours(8);

    private static (string, byte[]) RealFile(int year)
    {
        var path = SharedData.Path("data", "holiday-cn", $"{year}.json");
        return (path, File.ReadAllBytes(path));
    }

    private static (string, byte[]) File_(string name, string json) => (name, Encoding.UTF8.GetBytes(json));

    private static string Day(string date, bool off, string name = "节") => $$"""{"name":"{{name}}","date":"{{date}}","isOffDay":{{(off ? "true" : "false")}}}""";

    private static string Year(int year, params string[] days) => $$"""{"year":{{year}},"papers":[],"days":[{{string.Join(",", days)}}]}""";

    [Fact]
    public void The_2025_notice_has_six_runs_and_the_Spring_Festival_is_eight_days_from_01_28()
    {
        var runs = HolidayCalendar.Read([RealFile(2025)]).Runs;

        Assert.Equal(
            ["2025-01-01/1", "2025-01-28/8", "2025-04-04/3", "2025-05-01/5", "2025-05-31/3", "2025-10-01/8"],
            runs.Select(r => $"{r.First:yyyy-MM-dd}/{r.Days}"));
        var spring = runs[1];
        Assert.Equal((new LocalDate(2025, 1, 28), new LocalDate(2025, 2, 4), "春节"), (spring.First, spring.Last, spring.Name));
    }

    [Fact]
    public void A_run_becomes_one_announcement_per_platform_over_its_days_in_China_time()
    {
        var spring = HolidayCalendar.Read([RealFile(2025)]).Runs[1];
        var a = HolidayAnnouncements.For(spring, "douyin");

        Assert.Equal("holiday-2025-01-28-douyin", a.AnnouncementId);
        Assert.Equal("douyin", a.Platform);
        Assert.Equal("2025-01-28T00:00:00+08:00", InstantText.Format(a.From, China));
        Assert.Equal("2025-02-04T23:59:59+08:00", InstantText.Format(a.To, China));
        Assert.Equal(192, a.ExtendHours);
        Assert.Empty(a.Provinces);
        Assert.Equal("2025-01-21T00:00:00+08:00", InstantText.Format(a.At, China)); // a week ahead
        Assert.Null(a.Id);

        var at = Instant.FromUtc(2024, 12, 31, 16, 0);
        Assert.Equal(at, HolidayAnnouncements.For(spring, "douyin", at).At);
    }

    [Fact]
    public void Days_off_that_touch_across_files_make_one_run_and_make_up_workdays_are_not_holidays()
    {
        var calendar = HolidayCalendar.Read([
            File_("2031.json", Year(2031, Day("2031-01-01", true, "元旦"), Day("2031-01-02", true, "元旦"), Day("2031-01-04", false, "元旦"))),
            File_("2030.json", Year(2030, Day("2030-12-31", true, "元旦"), Day("2030-12-29", false, "元旦"))),
        ]);

        var run = Assert.Single(calendar.Runs);
        Assert.Equal((new LocalDate(2030, 12, 31), new LocalDate(2031, 1, 2), 3), (run.First, run.Last, run.Days));
        Assert.Equal(72, HolidayAnnouncements.For(run, "tmall").ExtendHours);
    }

    [Fact]
    public void Every_shared_year_reads_and_the_2023_notice_starts_in_2022()
    {
        var runs = HolidayCalendar.Read([RealFile(2023), RealFile(2024), RealFile(2025), RealFile(2026)]).Runs;

        Assert.Equal(new LocalDate(2022, 12, 31), runs[0].First);
        Assert.Equal(3, runs[0].Days);
        Assert.Equal(26, runs.Count);
        Assert.Equal(4 * 26, HolidayAnnouncements.For(HolidayCalendar.Read([RealFile(2023), RealFile(2024), RealFile(2025), RealFile(2026)]),
            HolidayAnnouncements.DefaultPlatforms).Count());
    }

    [Theory]
    [InlineData("2030.json", "{", "invalid JSON")]
    [InlineData("2030.json", """{"year":2030}""", "$.days: missing or not an array")]
    [InlineData("2030.json", """{"year":2030,"days":[{"date":"2030-02-30","isOffDay":true}]}""", "$.days[0].date: '2030-02-30' is not a date")]
    [InlineData("2030.json", """{"year":2030,"days":[{"isOffDay":true}]}""", "$.days[0].date: missing")]
    [InlineData("2030.json", """{"year":2030,"days":[{"date":"2030-01-01","isOffDay":"yes"}]}""", "$.days[0].isOffDay: missing or not true/false")]
    [InlineData("2030.json", """{"year":2029,"days":[]}""", "$.year: 2029 does not match the file name 2030.json")]
    public void A_bad_file_is_refused_naming_the_file_and_the_reason(string name, string json, string reason)
    {
        var ex = Assert.Throws<HolidayCalendarException>(() => HolidayCalendar.Read([File_(name, json)]));
        Assert.Equal(name, ex.File);
        Assert.StartsWith(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_notices_that_disagree_on_a_day_are_an_error_not_a_guess()
    {
        var ex = Assert.Throws<HolidayCalendarException>(() => HolidayCalendar.Read([
            File_("2030.json", Year(2030, Day("2030-12-31", true))),
            File_("2031.json", Year(2031, Day("2030-12-31", false))),
        ]));
        Assert.Equal("2031.json", ex.File);
        Assert.Equal("2030-12-31 is a make-up workday here but a day off in 2030.json", ex.Reason);
    }
}
