using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Commerce;

/// <summary>
/// Order numbers in each platform's shape (Tmall and Taobao 19 digits, Douyin 19 starting 69, AliExpress 16
/// starting 81), drawn from the run's order index through a digit permutation, so unique and seed-dependent.
/// </summary>
internal sealed class OrderNumbers
{
    private readonly Dictionary<string, DigitPermutation> byPlatform = new(StringComparer.Ordinal);

    public OrderNumbers(ulong seed)
    {
        var salt = 0x0D0EUL;
        foreach (var platform in PlatformProfile.All)
        {
            byPlatform.Add(platform.Code, new DigitPermutation(platform.OrderDigits, Prng.Mix(seed, salt++)));
        }
    }

    public string For(PlatformProfile platform, int orderIndex) => platform.OrderPrefix + byPlatform[platform.Code].Format(orderIndex);
}
