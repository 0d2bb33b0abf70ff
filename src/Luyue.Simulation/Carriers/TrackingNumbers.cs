namespace Luyue.Simulation.Carriers;

/// <summary>
/// Issues waybill numbers in each carrier's format, unique within a run (see <see cref="Randomness.DigitPermutation"/>)
/// and different between seeds. Not thread-safe.
/// </summary>
internal sealed class TrackingNumbers
{
    // UPU S10 check digit weights (8 6 4 2 3 5 9 7 over the eight serial digits).
    private static readonly int[] S10Weights = [8, 6, 4, 2, 3, 5, 9, 7];

    private readonly Randomness.DigitPermutation[] bodies;
    private readonly long[] issued;
    private readonly Randomness.DigitPermutation internationalSerials;
    private long internationalIssued;

    public TrackingNumbers(ulong seed)
    {
        var carriers = CarrierRegistry.All;
        bodies = new Randomness.DigitPermutation[carriers.Count];
        issued = new long[carriers.Count];
        for (var i = 0; i < carriers.Count; i++)
        {
            bodies[i] = new Randomness.DigitPermutation(carriers[i].BodyDigits, Randomness.Prng.Mix(seed, (ulong)(100 + i)));
        }

        internationalSerials = new Randomness.DigitPermutation(8, Randomness.Prng.Mix(seed, 99));
    }

    public string Next(CarrierStyle carrier)
    {
        var index = CarrierRegistry.IndexOf(carrier);
        var n = issued[index]++;
        var prefixes = carrier.TrackingPrefixes;
        return prefixes[(int)(n % prefixes.Count)] + bodies[index].Format(n);
    }

    /// <summary>An EMS international number in the UPU S10 format: E, a letter, eight digits, a check digit, CN.</summary>
    public string NextInternational()
    {
        var n = internationalIssued++;
        var serial = internationalSerials.Format(n);
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (serial[i] - '0') * S10Weights[i];
        }

        var check = 11 - sum % 11;
        check = check switch { 10 => 0, 11 => 5, _ => check };
        // The service letter only cycles through a few values; the serial alone keeps numbers unique.
        var letter = (char)('A' + (int)(n % 5));
        return $"E{letter}{serial}{(char)('0' + check)}CN";
    }
}
