using System.Globalization;

namespace Luyue.Simulation.Randomness;

/// <summary>
/// A seeded bijection on the <c>d</c>-digit numbers (n → a·n + b mod 10^d, with a coprime to 10). Identifiers made
/// from a counter this way look random, as real order and waybill numbers do, yet can never collide: a collision
/// would be an accidental reused tracking number, and the reused-number rule must only see the injected ones.
/// </summary>
internal sealed class DigitPermutation
{
    private readonly int digits;
    private readonly UInt128 modulus;
    private readonly UInt128 multiplier;
    private readonly UInt128 offset;
    private readonly string format;

    public DigitPermutation(int digits, ulong salt)
    {
        if (digits is < 1 or > 19)
        {
            throw new ArgumentOutOfRangeException(nameof(digits), digits, "between 1 and 19 digits");
        }

        this.digits = digits;
        modulus = Pow10(digits);
        var a = (UInt128)Prng.Mix(salt, 1) % modulus;
        // Coprime to 10 means odd and not a multiple of 5; stepping by 2 keeps it odd.
        a |= 1;
        while (a % 5 == 0 || a >= modulus)
        {
            a = (a + 2) % modulus | 1;
        }

        multiplier = a;
        offset = (UInt128)Prng.Mix(salt, 2) % modulus;
        format = "D" + digits.ToString(CultureInfo.InvariantCulture);
    }

    public ulong Apply(long counter)
    {
        if (counter < 0 || (UInt128)counter >= modulus)
        {
            throw new InvalidOperationException($"more than 10^{digits} identifiers requested from a {digits}-digit space");
        }

        return (ulong)((((UInt128)counter * multiplier) + offset) % modulus);
    }

    public string Format(long counter) => Apply(counter).ToString(format, CultureInfo.InvariantCulture);

    private static UInt128 Pow10(int digits)
    {
        UInt128 value = 1;
        for (var i = 0; i < digits; i++)
        {
            value *= 10;
        }

        return value;
    }
}
