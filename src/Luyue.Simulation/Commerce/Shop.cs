using Luyue.Core.Events;
using Luyue.Simulation.Carriers;
using Luyue.Simulation.Geography;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Commerce;

internal sealed record Item(string Id, long UnitCents);

/// <summary>
/// A merchant on one platform: where it ships from (one outlet district, so its pickups name the same partner
/// outlet, as RULES.md's per-outlet indicators expect), the carriers it contracts, and its catalogue.
/// </summary>
internal sealed class Shop(string id, PlatformProfile platform, City city, int districtIndex, WeightedChoice<CarrierStyle> carriers,
    IReadOnlyList<Item> items, ulong seed)
{
    public string Id { get; } = id;

    public PlatformProfile Platform { get; } = platform;

    public City City { get; } = city;

    public int DistrictIndex { get; } = districtIndex;

    public string District => City.Districts[DistrictIndex];

    public WeightedChoice<CarrierStyle> Carriers { get; } = carriers;

    public IReadOnlyList<Item> Items { get; } = items;

    /// <summary>The <c>seller</c> of CONTRACT.md: the province and city the shop ships from.</summary>
    public Party Seller { get; } = new(null, null, city.Province.Name, city.Name, null, "CN");

    /// <summary>Seeds the shop's stable particulars, such as the courier who collects from it.</summary>
    public ulong Seed { get; } = seed;
}
