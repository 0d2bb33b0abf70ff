namespace Luyue.Simulation.Timeline;

/// <summary>
/// Calendar arithmetic on Unix seconds in Asia/Shanghai, which has kept UTC+8 without daylight saving since 1991,
/// so a fixed offset is exact and far cheaper than a zone lookup per event. People ship, collect and deliver
/// by the local clock, so every working-hours rule in the generator goes through here.
/// </summary>
internal static class ShanghaiTime
{
    public const long Minute = 60;
    public const long Hour = 3600;
    public const long Day = 86_400;
    private const long Offset = 8 * Hour;

    public static long SecondOfDay(long t) => (((t + Offset) % Day) + Day) % Day;

    public static double HourOfDay(long t) => SecondOfDay(t) / (double)Hour;

    /// <summary>Local midnight at or before <paramref name="t"/>.</summary>
    public static long StartOfDay(long t) => t - SecondOfDay(t);

    /// <summary>The local time <paramref name="hour"/> (fractional) on the day of <paramref name="t"/>.</summary>
    public static long SameDayAt(long t, double hour) => StartOfDay(t) + (long)(hour * Hour);

    public static long NextDayAt(long t, double hour) => StartOfDay(t) + Day + (long)(hour * Hour);

    public static long Hours(double hours) => (long)(hours * Hour);
}
