using System.Globalization;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.People;

/// <summary>
/// Synthetic phone numbers. Mainland mobiles are 11 digits starting 13-19; platforms increasingly hand
/// merchants masked numbers (隐私面单), so a share are masked as 138****1234, the way the carrier texts show them.
/// </summary>
internal static class Phones
{
    private static readonly char[] SecondDigits = ['3', '5', '7', '8', '9'];

    public static string Mobile(Prng rng)
    {
        Span<char> digits = stackalloc char[11];
        digits[0] = '1';
        digits[1] = SecondDigits[rng.Next(SecondDigits.Length)];
        for (var i = 2; i < digits.Length; i++)
        {
            digits[i] = (char)('0' + rng.Next(10));
        }

        return new string(digits);
    }

    public static string Masked(Prng rng)
    {
        var full = Mobile(rng);
        return string.Concat(full.AsSpan(0, 3), "****", full.AsSpan(7, 4));
    }

    public static string Buyer(Prng rng) => rng.Chance(0.35) ? Masked(rng) : Mobile(rng);

    /// <summary>An international number: +code, then eight or nine digits in two groups.</summary>
    public static string International(Prng rng, string dial)
    {
        var first = rng.Between(5000, 9999).ToString(CultureInfo.InvariantCulture);
        var second = rng.Between(0, 9999).ToString("D4", CultureInfo.InvariantCulture);
        return $"+{dial} {first} {second}";
    }
}
