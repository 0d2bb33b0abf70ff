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

    /// <summary>The longest text <see cref="FormatUtf8"/> writes for years 1 to 9999: <c>2024-06-01T08:00:00.1234567+08:00</c>.</summary>
    public const int MaxUtf8Length = 33;

    /// <summary>
    /// Writes what <see cref="Format"/> returns, as UTF-8, without allocating: findings carry up to four times each.
    /// Local years outside 1–9999 and offsets with seconds take NodaTime's general path.
    /// </summary>
    /// <param name="destination">At least <see cref="MaxUtf8Length"/> bytes for years 1–9999.</param>
    /// <returns>The number of bytes written.</returns>
    public static int FormatUtf8(Instant instant, Offset offset, Span<byte> destination)
    {
        var offsetSeconds = offset.Seconds;
        var local = instant.ToUnixTimeTicks() + offsetSeconds * NodaConstants.TicksPerSecond;
        var days = Math.DivRem(local, NodaConstants.TicksPerDay, out var timeOfDay);
        if (timeOfDay < 0)
        {
            days--;
            timeOfDay += NodaConstants.TicksPerDay;
        }

        var (year, month, day) = CivilFromDays(days);
        if (year is < 1 or > 9999 || offsetSeconds % 60 != 0 || destination.Length < MaxUtf8Length)
        {
            return System.Text.Encoding.UTF8.GetBytes(Format(instant, offset), destination);
        }

        var seconds = timeOfDay / NodaConstants.TicksPerSecond;
        var fraction = timeOfDay % NodaConstants.TicksPerSecond;
        Two(destination, 0, year / 100);
        Two(destination, 2, year % 100);
        destination[4] = (byte)'-';
        Two(destination, 5, month);
        destination[7] = (byte)'-';
        Two(destination, 8, day);
        destination[10] = (byte)'T';
        Two(destination, 11, (int)(seconds / 3600));
        destination[13] = (byte)':';
        Two(destination, 14, (int)(seconds / 60 % 60));
        destination[16] = (byte)':';
        Two(destination, 17, (int)(seconds % 60));
        var i = 19;
        if (fraction != 0)
        {
            // Seven digits of ticks, trailing zeros dropped (the pattern's FFFFFFF).
            destination[i++] = (byte)'.';
            for (var scale = NodaConstants.TicksPerSecond / 10; fraction != 0; scale /= 10)
            {
                destination[i++] = (byte)('0' + fraction / scale);
                fraction %= scale;
            }
        }

        destination[i++] = offsetSeconds < 0 ? (byte)'-' : (byte)'+';
        var offsetMinutes = Math.Abs(offsetSeconds) / 60;
        Two(destination, i, offsetMinutes / 60);
        destination[i + 2] = (byte)':';
        Two(destination, i + 3, offsetMinutes % 60);
        return i + 5;
    }

    private static void Two(Span<byte> destination, int at, int value)
    {
        destination[at] = (byte)('0' + value / 10);
        destination[at + 1] = (byte)('0' + value % 10);
    }

    /// <summary>
    /// The shape every generated and most real streams use, <c>yyyy-MM-ddTHH:mm:ss</c> then an optional fraction and
    /// <c>Z</c> or <c>±HH:mm</c>: fixed positions, so each digit is read where it must be, without a loop.
    /// </summary>
    private static bool TryParseFast(ReadOnlySpan<byte> s, out Instant instant)
    {
        instant = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        uint y1 = Digit(s[0]), y2 = Digit(s[1]), y3 = Digit(s[2]), y4 = Digit(s[3]), mo1 = Digit(s[5]), mo2 = Digit(s[6]);
        uint d1 = Digit(s[8]), d2 = Digit(s[9]), h1 = Digit(s[11]), h2 = Digit(s[12]), mi1 = Digit(s[14]), mi2 = Digit(s[15]);
        uint s1 = Digit(s[17]), s2 = Digit(s[18]);
        if (y1 > 9 | y2 > 9 | y3 > 9 | y4 > 9 | mo1 > 9 | mo2 > 9 | d1 > 9 | d2 > 9 | h1 > 9 | h2 > 9 | mi1 > 9 | mi2 > 9 | s1 > 9 | s2 > 9)
        {
            return false;
        }

        var year = (int)(y1 * 1000 + y2 * 100 + y3 * 10 + y4);
        var month = (int)(mo1 * 10 + mo2);
        var day = (int)(d1 * 10 + d2);
        var hour = (int)(h1 * 10 + h2);
        var minute = (int)(mi1 * 10 + mi2);
        var second = (int)(s1 * 10 + s2);

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

        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var days = DaysFromCivil(year, month, day);
        var unixSeconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        instant = Instant.FromUnixTimeTicks(unixSeconds * NodaConstants.TicksPerSecond + fractionTicks);
        return true;
    }

    /// <summary>The digit's value, or more than 9 for any other byte (below '0' wraps around to a large number).</summary>
    private static uint Digit(byte c) => unchecked((uint)(c - '0'));

    private static int DaysInMonth(int year, int month) =>
        month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28) : 30 + ((month + month / 8) & 1);

    /// <summary>Exactly <paramref name="count"/> ASCII digits: no sign, no spaces.</summary>
    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        foreach (var c in s.Slice(start, count))
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
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

    // Howard Hinnant's civil_from_days, the inverse of DaysFromCivil.
    private static (int Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719_468;
        var era = (days >= 0 ? days : days - 146_096) / 146_097;
        var doe = days - era * 146_097;
        var yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var day = (int)(doy - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return ((int)Math.Clamp(year, int.MinValue, int.MaxValue), month, day);
    }
}
