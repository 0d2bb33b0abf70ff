using Luyue.Core.Events;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Core.Rules;

/// <summary>
/// Turns statutory holidays into platform announcements (RULES §7), one per run of days off and platform: the period
/// is the run in China time (first day 00:00:00 to last day 23:59:59), all provinces, and deadlines inside it move by
/// the run's length (24 h a day off). See docs/announcements.md.
/// </summary>
public static class HolidayAnnouncements
{
    /// <summary>The platforms that follow the State Council calendar (CONTRACT platforms in China).</summary>
    public static readonly IReadOnlyList<string> DefaultPlatforms = ["tmall", "taote", "douyin", "1688"];

    /// <summary>
    /// When the calendar is announced unless the caller says: a week before its first run, for every run. The State
    /// Council publishes each year's calendar months ahead; stamping the whole calendar at its start keeps it from
    /// moving a replay's clock past the events that follow it.
    /// </summary>
    public static readonly Period NoticeLead = Period.FromDays(7);

    private static readonly DateTimeZone China = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static IEnumerable<Announcement> For(HolidayCalendar calendar, IReadOnlyList<string> platforms, Instant? at = null)
    {
        var published = at ?? (calendar.Runs.Count == 0 ? null : Published(calendar.Runs[0]));
        return calendar.Runs.SelectMany(run => platforms.Select(platform => For(run, platform, published)));
    }

    private static Instant Published(HolidayRun first) => first.First.Minus(NoticeLead).AtStartOfDayInZone(China).ToInstant();

    public static Announcement For(HolidayRun run, string platform, Instant? at = null)
    {
        var from = run.First.AtStartOfDayInZone(China).ToInstant();
        var to = run.Last.PlusDays(1).AtStartOfDayInZone(China).ToInstant() - Duration.FromSeconds(1);
        var published = at ?? Published(run);

        // No event id: the announcement id already identifies the run, and the engine replaces an announcement by a
        // later one with the same id, so re-importing a corrected calendar updates the run instead of being
        // dropped as a duplicate event.
        return new Announcement(null, published, platform, Id(run, platform), from, to, [], checked(24 * run.Days));
    }

    public static string Id(HolidayRun run, string platform) => $"holiday-{LocalDatePattern.Iso.Format(run.First)}-{platform}";
}
