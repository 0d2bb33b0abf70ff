using Luyue.Simulation.Carriers;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Commerce;

/// <summary>
/// What differs between marketplaces for the generator: price levels, the carriers their merchants use, order
/// number shapes and the baseline deadlines of RULES.md that clean orders must meet and faulty ones must miss.
/// The deadlines restate the baseline rule packs; the generator needs them to place events on the right side.
/// </summary>
internal sealed class PlatformProfile
{
    private const long Hour = 3600;

    private PlatformProfile(string code, string shopPrefix, int shopCount, double priceMedian, double priceSigma, bool wholesale,
        bool crossBorder, string orderPrefix, int orderDigits, long shipWindow, bool pickupFromPayment,
        params (CarrierStyle Carrier, double Weight)[] carriers)
    {
        Code = code;
        ShopPrefix = shopPrefix;
        ShopCount = shopCount;
        PriceMedian = priceMedian;
        PriceSigma = priceSigma;
        Wholesale = wholesale;
        CrossBorder = crossBorder;
        OrderPrefix = orderPrefix;
        OrderDigits = orderDigits;
        ShipWindow = shipWindow;
        PickupFromPayment = pickupFromPayment;
        Carriers = carriers;
    }

    // Tmall merchants lean to the big networks and SF/JD for premium goods; Taobao Special and Douyin to the
    // cheapest networks (Yunda, J&T); 1688 wholesalers to networks that take bulky parcels.
    public static PlatformProfile Tmall { get; } = new("tmall", "tm", 110, 129, 0.9, false, false, "3", 18, 24 * Hour, true,
        (CarrierRegistry.Zto, 18), (CarrierRegistry.Yto, 16), (CarrierRegistry.Yunda, 14), (CarrierRegistry.Sf, 14),
        (CarrierRegistry.Sto, 8), (CarrierRegistry.Jd, 8), (CarrierRegistry.Jt, 8), (CarrierRegistry.Ems, 4), (CarrierRegistry.Best, 3));

    public static PlatformProfile Taote { get; } = new("taote", "tt", 70, 12.9, 0.6, false, false, "2", 18, 48 * Hour, false,
        (CarrierRegistry.Yunda, 24), (CarrierRegistry.Jt, 24), (CarrierRegistry.Zto, 18), (CarrierRegistry.Sto, 16),
        (CarrierRegistry.Yto, 10), (CarrierRegistry.Best, 8));

    public static PlatformProfile Douyin { get; } = new("douyin", "dy", 90, 49.9, 0.75, false, false, "69", 17, 48 * Hour, false,
        (CarrierRegistry.Zto, 22), (CarrierRegistry.Yto, 20), (CarrierRegistry.Jt, 16), (CarrierRegistry.Yunda, 16),
        (CarrierRegistry.Sto, 12), (CarrierRegistry.Sf, 8), (CarrierRegistry.Ems, 4), (CarrierRegistry.Jd, 2));

    public static PlatformProfile Alibaba1688 { get; } = new("1688", "al", 60, 8.5, 1.0, true, false, "18", 17, 48 * Hour, false,
        (CarrierRegistry.Yunda, 18), (CarrierRegistry.Zto, 18), (CarrierRegistry.Best, 14), (CarrierRegistry.Jt, 14),
        (CarrierRegistry.Sto, 12), (CarrierRegistry.Yto, 12), (CarrierRegistry.Sf, 6), (CarrierRegistry.Jd, 6));

    public static PlatformProfile AliExpress { get; } = new("aliexpress", "ae", 20, 59, 0.8, false, true, "81", 14, 72 * Hour, false,
        (CarrierRegistry.Ems, 1));

    public static IReadOnlyList<PlatformProfile> All { get; } = [Tmall, Taote, Douyin, Alibaba1688, AliExpress];

    /// <summary>The CONTRACT.md platform code.</summary>
    public string Code { get; }

    public string ShopPrefix { get; }

    public int ShopCount { get; }

    /// <summary>Median unit price in yuan (log-normal); for 1688 a wholesale unit, bought by the dozen.</summary>
    public double PriceMedian { get; }

    public double PriceSigma { get; }

    public bool Wholesale { get; }

    /// <summary>Buyers abroad; parcels leave through an exchange office.</summary>
    public bool CrossBorder { get; }

    public string OrderPrefix { get; }

    public int OrderDigits { get; }

    /// <summary>Seconds from payment to the ship deadline when the order carries no promised ship time.</summary>
    public long ShipWindow { get; }

    /// <summary>Tmall's pickup clock starts at payment (48 h); the others' at upload (24 h).</summary>
    public bool PickupFromPayment { get; }

    public IReadOnlyList<(CarrierStyle Carrier, double Weight)> Carriers { get; }

    public bool Is(string code) => string.Equals(Code, code, StringComparison.Ordinal);

    /// <summary>Unix seconds of the ship deadline: the promised time when there is one.</summary>
    public long ShipDeadline(long paidAt, long? shipBy) => shipBy ?? paidAt + ShipWindow;

    /// <summary>
    /// Unix seconds of the pickup deadline (RULES.md: tmall 48 h from payment, the others 24 h from upload). An order
    /// with an agreed ship date is judged from that date (RULES.md §3.1), so a pre-sale's clock starts there.
    /// </summary>
    public long PickupDeadline(long paidAt, long shippedAt, long? agreedShipDate) =>
        PickupFromPayment ? (agreedShipDate ?? paidAt) + 48 * Hour : shippedAt + 24 * Hour;

    public static PlatformProfile ByCode(string code) =>
        All.FirstOrDefault(p => p.Is(code)) ?? throw new ArgumentException($"unknown platform '{code}'", nameof(code));

    public WeightedChoice<CarrierStyle> CarrierChoice() => new(Carriers.Select(c => (c.Carrier, c.Weight)));
}
