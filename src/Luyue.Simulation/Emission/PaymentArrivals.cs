using Luyue.Simulation.Randomness;
using Luyue.Simulation.Timeline;

namespace Luyue.Simulation.Emission;

/// <summary>
/// Payment times as a Poisson process whose rate follows the day: quiet from 02:00 to 07:00, busy through the
/// working day, peaking from 20:00 to 23:00 as Chinese e-commerce does. Times never decrease, which is what
/// lets the reorder buffer release everything up to the newest payment.
/// </summary>
internal sealed class PaymentArrivals
{
    private static readonly double[] HourWeights =
        [3.0, 1.8, 1.0, 0.6, 0.4, 0.4, 0.6, 1.2, 2.4, 3.6, 4.4, 4.6, 4.4, 4.2, 4.4, 4.4, 4.2, 4.0, 3.8, 4.4, 5.6, 6.4, 6.6, 5.0];

    private readonly double[] ratePerSecond = new double[24];
    private readonly Prng rng;
    private double now;

    public PaymentArrivals(long start, int ordersPerDay, Prng rng)
    {
        var total = HourWeights.Sum();
        for (var h = 0; h < 24; h++)
        {
            ratePerSecond[h] = ordersPerDay * HourWeights[h] / total / ShanghaiTime.Hour;
        }

        this.rng = rng;
        now = start;
    }

    public long Next()
    {
        // Spend an exponential amount of "intensity" hour by hour, so the gap stretches through quiet hours.
        var need = rng.Exponential();
        while (true)
        {
            var t = (long)now;
            var rate = ratePerSecond[(int)(ShanghaiTime.SecondOfDay(t) / ShanghaiTime.Hour)];
            var leftInHour = ShanghaiTime.Hour - (ShanghaiTime.SecondOfDay(t) % ShanghaiTime.Hour) - (now - t);
            if (need <= rate * leftInHour)
            {
                now += need / rate;
                return (long)now;
            }

            need -= rate * leftInHour;
            now += leftInHour;
        }
    }
}
