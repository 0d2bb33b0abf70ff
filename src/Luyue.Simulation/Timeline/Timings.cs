using Luyue.Simulation.Commerce;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// When people act: merchants upload tracking within hours of payment during the working day, couriers collect
/// on their afternoon and morning rounds, and deliveries go out in the morning. Clean orders are clamped inside
/// their deadlines, so only injected faults produce violations.
/// </summary>
internal static class Timings
{
    /// <summary>Upload time of a clean order: a few hours after payment in working hours, before the ship deadline.</summary>
    public static long Ship(OrderDraft draft, Prng rng)
    {
        var deadline = draft.ShipDeadline;
        var latest = deadline - rng.Minutes(20, 120);
        if (draft.Mode == Core.Events.OrderMode.Presale)
        {
            // Pre-sale stock arrives shortly before the promised date.
            var stocked = IntoHours(deadline - rng.Hours(2, 40), 8, 23, 8.5, 3, rng);
            return Math.Max(draft.PaidAt + ShanghaiTime.Day, Math.Min(stocked, latest));
        }

        var t = draft.PaidAt + ShanghaiTime.Hours(rng.LogNormal(3, 0.9));
        t = IntoHours(t, 8, 23, 8.5, 3, rng);
        return Math.Max(Math.Min(t, latest), draft.PaidAt + rng.Minutes(5, 15));
    }

    /// <summary>Pickup of a clean parcel: the courier's next round, always inside 22 h of the upload.</summary>
    public static long Pickup(long uploadAt, Prng rng)
    {
        var t = uploadAt + ShanghaiTime.Hours(rng.LogNormal(2.5, 0.7));
        t = IntoHours(t, 8, 21, 8, 3, rng);
        return Math.Min(t, uploadAt + rng.Hours(20, 22));
    }

    /// <summary>First delivery round after the parcel reaches the outlet: the same morning or day, else the next morning.</summary>
    public static long OutForDelivery(long arrival, Prng rng)
    {
        var hour = ShanghaiTime.HourOfDay(arrival);
        if (hour < 6.5)
        {
            return ShanghaiTime.SameDayAt(arrival, 7.5) + rng.Hours(0, 2);
        }

        return hour < 15 ? arrival + rng.Hours(0.3, 1.5) : ShanghaiTime.NextDayAt(arrival, 7.5) + rng.Hours(0, 2.5);
    }

    /// <summary>A time after <paramref name="from"/> by the given spread, kept before 19:40 on the same day (couriers finish by 20:00).</summary>
    public static long SameEvening(long from, double minHours, double maxHours, Prng rng)
    {
        var t = from + rng.Hours(minHours, maxHours);
        var latest = ShanghaiTime.SameDayAt(from, 19 + 40 / 60.0);
        return t <= latest ? t : Math.Max(from + 10 * ShanghaiTime.Minute, latest - rng.Minutes(0, 40));
    }

    /// <summary>When the buyer fetches a parcel from a locker or station: hours to a day later, in the daytime.</summary>
    public static long Fetched(long collected, Prng rng) => IntoHours(collected + rng.Hours(1, 30), 8, 22, 8, 3, rng);

    /// <summary>Moves a time outside [open, close) local hours to the next opening plus a spread.</summary>
    private static long IntoHours(long t, double open, double close, double restartHour, double spreadHours, Prng rng)
    {
        var hour = ShanghaiTime.HourOfDay(t);
        if (hour >= open && hour < close)
        {
            return t;
        }

        var restart = hour < open ? ShanghaiTime.SameDayAt(t, restartHour) : ShanghaiTime.NextDayAt(t, restartHour);
        return restart + rng.Hours(0, spreadHours);
    }
}
