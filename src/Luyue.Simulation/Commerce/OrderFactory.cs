using Luyue.Core.Events;
using Luyue.Simulation.People;
using Luyue.Simulation.Randomness;
using Luyue.Simulation.Timeline;

namespace Luyue.Simulation.Commerce;

/// <summary>Makes paid orders: platform, shop, buyer, basket, amount after coupons, promised ship time.</summary>
internal sealed class OrderFactory(ShopCatalog shops, BuyerFactory buyers, OrderNumbers numbers, WeightedChoice<PlatformProfile> platforms)
{
    private static readonly WeightedChoice<int> WholesaleQuantities =
        new([(10, 20), (20, 20), (30, 12), (50, 18), (100, 15), (200, 8), (500, 4)]);

    private static readonly long[] Coupons = [300, 500, 1000, 2000];

    public OrderDraft Create(int index, long paidAt, Prng rng)
    {
        var platform = platforms.Pick(rng);
        var shop = shops.Pick(platform, rng);
        var buyer = platform.CrossBorder ? buyers.Foreign(rng) : buyers.Domestic(rng);
        var (items, amount) = Basket(shop, rng);
        long? shipBy = null;
        var mode = OrderMode.Express;
        if (platform.Is("douyin"))
        {
            shipBy = DouyinPromise(paidAt, rng);
        }
        else if ((platform.Is("tmall") || platform.Is("taote")) && rng.Chance(0.02))
        {
            // Pre-sale: the shop promises a ship date a week or two out, and rules judge from that date.
            mode = OrderMode.Presale;
            shipBy = ShanghaiTime.StartOfDay(paidAt) + rng.Between(5, 12) * ShanghaiTime.Day + ShanghaiTime.Day - 1;
        }

        return new OrderDraft(index, numbers.For(platform, index), platform, shop, buyer, paidAt, amount, items, shipBy, mode);
    }

    /// <summary>
    /// The promise modes of the Douyin rules (RULES.md §8): 当日发 (paid before 16:00 → 23:59:59 that day, else the
    /// next day), 次日发 (23:59:59 the day after payment) and 48小时发.
    /// </summary>
    private static long DouyinPromise(long paidAt, Prng rng)
    {
        var u = rng.NextDouble();
        var dayEnd = ShanghaiTime.StartOfDay(paidAt) + ShanghaiTime.Day - 1;
        if (u < 0.3)
        {
            return ShanghaiTime.HourOfDay(paidAt) < 16 ? dayEnd : dayEnd + ShanghaiTime.Day;
        }

        return u < 0.5 ? dayEnd + ShanghaiTime.Day : paidAt + 48 * ShanghaiTime.Hour;
    }

    private static (IReadOnlyList<OrderItem> Items, long AmountCents) Basket(Shop shop, Prng rng)
    {
        var u = rng.NextDouble();
        var lines = Math.Min(u < 0.75 ? 1 : u < 0.95 ? 2 : 3, shop.Items.Count);
        var amounts = new long[lines];
        var quantities = new int[lines];
        var chosen = new Item[lines];
        long total = 0;
        for (var i = 0; i < lines; i++)
        {
            chosen[i] = DistinctItem(shop, chosen.AsSpan(0, i), rng);
            quantities[i] = shop.Platform.Wholesale ? WholesaleQuantities.Pick(rng) : RetailQuantity(rng);
            amounts[i] = chosen[i].UnitCents * quantities[i];
            total += amounts[i];
        }

        if (!shop.Platform.Wholesale && total >= 3000 && rng.Chance(0.25))
        {
            // A shop coupon, at most a fifth of the basket, taken off the first line so the lines add up to the amount paid.
            var coupon = Coupons[rng.Next(Coupons.Length)];
            if (coupon * 5 <= total && coupon < amounts[0])
            {
                amounts[0] -= coupon;
                total -= coupon;
            }
        }

        var items = new OrderItem[lines];
        for (var i = 0; i < lines; i++)
        {
            items[i] = new OrderItem(chosen[i].Id, quantities[i], Money.Yuan(amounts[i]));
        }

        return (items, total);
    }

    private static Item DistinctItem(Shop shop, ReadOnlySpan<Item> taken, Prng rng)
    {
        while (true)
        {
            var item = shop.Items[rng.Next(shop.Items.Count)];
            if (!taken.Contains(item))
            {
                return item;
            }
        }
    }

    private static int RetailQuantity(Prng rng)
    {
        var u = rng.NextDouble();
        return u < 0.82 ? 1 : u < 0.95 ? 2 : rng.Between(3, 5);
    }
}
