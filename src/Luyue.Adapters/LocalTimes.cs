using Luyue.Core.Events;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Adapters;

/// <summary>
/// Carrier and marketplace timestamps: <c>2021-06-14 17:31:57</c> without an offset, in the zone the source writes in
/// (China time for Chinese carriers, São Paulo for Olist), or ISO-8601 with an offset where a source gives one.
/// </summary>
public static class LocalTimes
{
    public static readonly DateTimeZone China = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static readonly LocalDateTimePattern Spaced = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");
    private static readonly LocalDateTimePattern IsoLocal = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss");
    private static readonly LocalDateTimePattern Minutes = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    /// <summary>
    /// Reads a time; a local one is placed in <paramref name="zone"/> (a time skipped by a daylight-saving change moves
    /// forward, an ambiguous one takes the earlier instant, as the source's clock most likely read).
    /// </summary>
    public static bool TryParse(string? text, DateTimeZone zone, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (InstantText.TryParse(trimmed, out instant))
        {
            return true;
        }

        foreach (var pattern in new[] { Spaced, IsoLocal, Minutes })
        {
            var result = pattern.Parse(trimmed);
            if (result.Success)
            {
                instant = result.Value.InZoneLeniently(zone).ToInstant();
                return true;
            }
        }

        return false;
    }

    public static string Expected => "a time like 2021-06-14 17:31:57 (local) or 2021-06-14T17:31:57+08:00";
}
