using Luyue.Simulation.Carriers;
using Luyue.Simulation.Geography;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Commerce;

/// <summary>
/// A few hundred shops across the platforms, fixed by the seed. Order volume per shop follows a Zipf-like curve:
/// a few big shops take most orders, which is what gives store-level rules (strikes, outlet rates) something to count.
/// </summary>
internal sealed class ShopCatalog
{
    private readonly Dictionary<string, WeightedChoice<Shop>> byPlatform = new(StringComparer.Ordinal);

    public ShopCatalog(ulong seed, PlaceTable places)
    {
        var rng = new Prng(Prng.Mix(seed, 0x5140));
        var shopIds = new DigitPermutation(6, Prng.Mix(seed, 0x5141));
        var itemIds = new DigitPermutation(11, Prng.Mix(seed, 0x5142));
        long shopCounter = 0, itemCounter = 0;
        foreach (var platform in PlatformProfile.All)
        {
            var shops = new List<(Shop, double)>();
            for (var rank = 0; rank < platform.ShopCount; rank++)
            {
                var city = places.SellerCities.Pick(rng);
                var carriers = ContractedCarriers(platform, rng);
                var items = new Item[rng.Between(6, 30)];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = new Item("6" + itemIds.Format(itemCounter++), UnitPriceCents(platform, rng));
                }

                var shop = new Shop($"{platform.ShopPrefix}-{shopIds.Format(shopCounter++)}", platform, city, rng.Next(city.Districts.Count),
                    carriers, items, rng.NextUInt64());
                shops.Add((shop, 1 / Math.Pow(rank + 3, 0.9)));
            }

            byPlatform.Add(platform.Code, new WeightedChoice<Shop>(shops));
        }
    }

    public Shop Pick(PlatformProfile platform, Prng rng) => byPlatform[platform.Code].Pick(rng);

    /// <summary>A main carrier for most parcels and a second one, as merchants keep a fallback contract.</summary>
    private static WeightedChoice<CarrierStyle> ContractedCarriers(PlatformProfile platform, Prng rng)
    {
        var choice = platform.CarrierChoice();
        var main = choice.Pick(rng);
        var second = main;
        for (var attempt = 0; attempt < 8 && ReferenceEquals(second, main); attempt++)
        {
            second = choice.Pick(rng);
        }

        return ReferenceEquals(second, main)
            ? new WeightedChoice<CarrierStyle>([(main, 1)])
            : new WeightedChoice<CarrierStyle>([(main, 0.8), (second, 0.2)]);
    }

    /// <summary>Retail prices end in .90 (59.90, 129.90); wholesale unit prices are in steps of 5 fen.</summary>
    private static long UnitPriceCents(PlatformProfile platform, Prng rng)
    {
        var yuan = rng.LogNormal(platform.PriceMedian, platform.PriceSigma);
        if (platform.Wholesale)
        {
            return Math.Max(5, (long)Math.Round(yuan * 20) * 5);
        }

        return Math.Max(99, ((long)Math.Round(yuan) * 100) - 10);
    }
}
