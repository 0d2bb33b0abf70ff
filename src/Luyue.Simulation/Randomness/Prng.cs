namespace Luyue.Simulation.Randomness;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Used instead of <see cref="Random"/> because its sequence is fixed by
/// this code rather than by the runtime version, and because it can be re-seeded in place: every order and every
/// event gets its own stream (<see cref="Mix"/> of the run seed and an index), so an event rendered twice (an
/// injected duplicate) comes out byte-identical without being kept in memory. Not thread-safe.
/// </summary>
internal sealed class Prng
{
    private ulong s0, s1, s2, s3;

    public Prng(ulong seed) => Reseed(seed);

    public void Reseed(ulong seed)
    {
        var x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>A well-spread 64-bit hash of two values: the seed of a sub-stream.</summary>
    public static ulong Mix(ulong a, ulong b)
    {
        unchecked
        {
            var x = a ^ (b * 0x9E3779B97F4A7C15UL);
            return SplitMix(ref x);
        }
    }

    public ulong NextUInt64()
    {
        unchecked
        {
            var result = RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = RotateLeft(s3, 45);
            return result;
        }
    }

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>) (Lemire's multiply-shift; the bias is below 2^-32).</summary>
    public int Next(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    public int Between(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A whole number of seconds, uniform between two durations given in hours.</summary>
    public long Hours(double minHours, double maxHours) => (long)((minHours + NextDouble() * (maxHours - minHours)) * 3600);

    /// <summary>A whole number of seconds, uniform between two durations given in minutes.</summary>
    public long Minutes(double minMinutes, double maxMinutes) => (long)((minMinutes + NextDouble() * (maxMinutes - minMinutes)) * 60);

    /// <summary>Log-normal around <paramref name="median"/>: waiting times are skewed, with a long right tail.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    public double Exponential() => -Math.Log(1 - NextDouble());

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private double Normal()
    {
        // Box-Muller; the second value is dropped to keep the stream position independent of call history.
        var u1 = 1 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong SplitMix(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
