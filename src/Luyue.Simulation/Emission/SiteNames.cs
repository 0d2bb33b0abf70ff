using Luyue.Simulation.Carriers;
using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Emission;

/// <summary>
/// Hub and outlet names, built once per carrier and place: a run names the same few thousand sites millions of
/// times. Bounded by the place table, not by the run. Not thread-safe.
/// </summary>
internal sealed class SiteNames(PlaceTable places)
{
    private readonly string?[][] hubs = CarrierRegistry.All.Select(_ => new string?[places.Cities.Count]).ToArray();
    private readonly Dictionary<int, string> outlets = [];

    public string Hub(CarrierStyle carrier, City city)
    {
        var row = hubs[CarrierRegistry.IndexOf(carrier)];
        return row[city.Id] ??= carrier.HubName(city);
    }

    public string Outlet(CarrierStyle carrier, City city, int districtIndex, int variant)
    {
        var key = (((CarrierRegistry.IndexOf(carrier) * 4096) + city.Id) * 64 + districtIndex) * 8 + variant;
        if (!outlets.TryGetValue(key, out var name))
        {
            name = carrier.OutletName(city, city.Districts[districtIndex], variant);
            outlets.Add(key, name);
        }

        return name;
    }
}
