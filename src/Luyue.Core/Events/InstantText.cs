using System.Buffers.Text;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Core.Events;

/// <summary>
/// ISO-8601 instants with an offset, as CONTRACT.md requires. The common shape
/// (<c>2024-06-01T08:00:00+08:00</c>, optional fraction, <c>Z</c> or <c>±HH:mm</c>) is parsed straight from
/// UTF-8 because replay reads millions of them; anything else goes through NodaTime's general pattern.
/// </summary>
public static class InstantText
{
    private static readonly OffsetDateTimePattern General = OffsetDateTimePattern.ExtendedIso;
    private static readonly OffsetDateTimePattern Output = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFo<+HH:mm>");

    /// <summary>Parses an instant; returns false when the text has no offset or is not a valid time.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Instant instant)
    {
        if (TryParseFast(utf8, out instant))
        {
            return true;
        }

        var result = General.Parse(System.Text.Encoding.UTF8.GetString(utf8));
        instant = result.Success ? result.Value.ToInstant() : default;
        return result.Success;
    }

    public static bool TryParse(string text, out Instant instant) =>
        TryParse(System.Text.Encoding.UTF8.GetBytes(text), out instant);

    public static Instant Parse(string text) =>
        TryParse(text, out var instant) ? instant : throw new FormatException($"'{text}' is not an ISO-8601 time with offset");

    /// <summary>Formats in the given offset (the platform's, +08:00 for every platform here).</summary>
    public static string Format(Instant instant, Offset offset) => Output.Format(instant.WithOffset(offset));

    private static bool TryParseFast(ReadOnlySpan<byte> s, out Instant instant)
    {
        instant = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            i++;
            var scale = 1_000_000L;
            var start = i;
            while (i < s.Length && s[i] >= '0' && s[i] <= '9')
            {
                if (scale > 0)
                {
                    fractionTicks += (s[i] - '0') * scale;
                    scale /= 10;
                }

                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        int offsetSeconds;
        if (i == s.Length - 1 && (s[i] == 'Z' || s[i] == 'z'))
        {
            offsetSeconds = 0;
        }
        else if (i == s.Length - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':'
                 && Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om) && oh <= 18 && om < 60)
        {
            offsetSeconds = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var days = DaysFromCivil(year, month, day);
        var unixSeconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        instant = Instant.FromUnixTimeTicks(unixSeconds * NodaConstants.TicksPerSecond + fractionTicks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        return Utf8Parser.TryParse(s.Slice(start, count), out value, out var consumed) && consumed == count && s[start] != '-' && s[start] != '+';
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    private static long DaysFromCivil(int y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468;
    }
}
