using System.Text.Json;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Geography;

/// <summary>
/// The compact place table embedded as <c>Data/places.json</c>: provinces (with Hong Kong, Macao and Taiwan),
/// a few cities and districts each, and destination countries for cross-border orders. Immutable once loaded and
/// shared by every run.
/// </summary>
internal sealed class PlaceTable
{
    private static readonly Lazy<PlaceTable> Embedded = new(LoadEmbedded);

    private PlaceTable(PlacesDocument doc)
    {
        var provinces = new List<Province>();
        var cities = new List<City>();
        foreach (var p in doc.Provinces)
        {
            var province = new Province(provinces.Count, p.Name, p.Short, p.Population, p.SellerWeight, p.Lat, p.Lon,
                p.CrossBorder, p.Dial, p.Streets ?? doc.Streets);
            foreach (var c in p.Cities)
            {
                var city = new City(cities.Count, province, c.Name, c.Short, c.Weight, c.Hub, c.Districts);
                cities.Add(city);
                province.AddCity(city);
            }

            provinces.Add(province);
        }

        Provinces = provinces;
        Cities = cities;
        Countries = doc.Abroad.Select(a => new Country(a.Country, a.Name, a.Dial, a.Weight, a.Cities.Select(c => new ForeignCity(c.Name, c.Zh)).ToArray(),
            a.Streets, a.Names)).ToArray();
        Communities = doc.Communities;
        BuyerCities = new WeightedChoice<City>(cities.Select(c => (c, c.Province.Population * c.Weight / c.Province.TotalCityWeight)));
        SellerCities = new WeightedChoice<City>(cities.Select(c => (c, c.Province.SellerWeight * c.Weight / c.Province.TotalCityWeight)));
        BuyerCountries = new WeightedChoice<Country>(Countries.Select(c => (c, c.Weight)));
    }

    public static PlaceTable Default => Embedded.Value;

    public IReadOnlyList<Province> Provinces { get; }

    /// <summary>Every city, indexed by <see cref="City.Id"/>.</summary>
    public IReadOnlyList<City> Cities { get; }

    public IReadOnlyList<Country> Countries { get; }

    public IReadOnlyList<string> Communities { get; }

    /// <summary>Where buyers live: by population.</summary>
    public WeightedChoice<City> BuyerCities { get; }

    /// <summary>Where online shops ship from: concentrated in Zhejiang, Guangdong, Jiangsu, Fujian.</summary>
    public WeightedChoice<City> SellerCities { get; }

    public WeightedChoice<Country> BuyerCountries { get; }

    private static PlaceTable LoadEmbedded()
    {
        using var stream = typeof(PlaceTable).Assembly.GetManifestResourceStream("simulation/places.json")
            ?? throw new InvalidOperationException("the embedded place table simulation/places.json is missing from the build");
        var doc = JsonSerializer.Deserialize<PlacesDocument>(stream, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
            ?? throw new InvalidOperationException("the embedded place table is empty");
        return new PlaceTable(doc);
    }

    // The JSON shape of Data/places.json.
    private sealed record PlacesDocument(ProvinceEntry[] Provinces, CountryEntry[] Abroad, string[] Streets, string[] Communities);

    private sealed record ProvinceEntry(string Name, string Short, double Population, double SellerWeight, double Lat, double Lon,
        bool CrossBorder, string? Dial, string[]? Streets, CityEntry[] Cities);

    private sealed record CityEntry(string Name, string Short, double Weight, bool Hub, string[] Districts);

    private sealed record CountryEntry(string Country, string Name, string Dial, double Weight, ForeignCityEntry[] Cities, string[] Streets, string[] Names);

    private sealed record ForeignCityEntry(string Name, string Zh);
}

internal sealed class Province(int index, string name, string shortName, double population, double sellerWeight, double lat, double lon,
    bool crossBorder, string? dial, IReadOnlyList<string> streets)
{
    private readonly List<City> cities = [];

    public int Index { get; } = index;

    /// <summary>The official name (浙江省, 新疆维吾尔自治区), as buyers' addresses and scans carry it.</summary>
    public string Name { get; } = name;

    /// <summary>The name without 省/市/自治区 (浙江, 新疆), as hub and outlet names use it.</summary>
    public string Short { get; } = shortName;

    public double Population { get; } = population;

    public double SellerWeight { get; } = sellerWeight;

    public double Lat { get; } = lat;

    public double Lon { get; } = lon;

    /// <summary>Hong Kong, Macao, Taiwan: parcels clear customs on the way.</summary>
    public bool CrossBorder { get; } = crossBorder;

    /// <summary>International dialling code where phone numbers are not mainland mobiles.</summary>
    public string? Dial { get; } = dial;

    public IReadOnlyList<string> Streets { get; } = streets;

    public IReadOnlyList<City> Cities => cities;

    public double TotalCityWeight { get; private set; }

    /// <summary>The province's main sorting city: its first city with a hub.</summary>
    public City HubCity => cities.First(c => c.Hub);

    internal void AddCity(City city)
    {
        cities.Add(city);
        TotalCityWeight += city.Weight;
    }

    /// <summary>Great-circle distance between the provinces' hub cities, in kilometres.</summary>
    public double DistanceKm(Province other)
    {
        const double radius = 6371;
        var dLat = ToRadians(other.Lat - Lat);
        var dLon = ToRadians(other.Lon - Lon);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                + Math.Cos(ToRadians(Lat)) * Math.Cos(ToRadians(other.Lat)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * radius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}

internal sealed class City(int id, Province province, string name, string shortName, double weight, bool hub, IReadOnlyList<string> districts)
{
    public int Id { get; } = id;

    public Province Province { get; } = province;

    /// <summary>The official name (杭州市), as addresses and the <c>city</c> field of scans carry it.</summary>
    public string Name { get; } = name;

    /// <summary>The name without 市 (杭州), as hub names use it.</summary>
    public string Short { get; } = shortName;

    public double Weight { get; } = weight;

    /// <summary>Carriers run a distribution centre here; other cities are served from the province's hub city.</summary>
    public bool Hub { get; } = hub;

    public IReadOnlyList<string> Districts { get; } = districts;

    public City HubCity => Hub ? this : Province.HubCity;

    /// <summary>Beijing, Tianjin, Shanghai, Chongqing: the city is the province, and names must not say it twice.</summary>
    public bool IsMunicipality => string.Equals(Province.Short, Short, StringComparison.Ordinal);

    /// <summary>Province and city as carriers run them together: 浙江杭州, but 上海 rather than 上海上海.</summary>
    public string ShortWithProvince => IsMunicipality ? Short : Province.Short + Short;

    /// <summary>Official province and city names run together: 浙江省杭州市, but 上海市 rather than 上海市上海市.</summary>
    public string FullWithProvince => IsMunicipality ? Name : Province.Name + Name;
}

internal sealed record ForeignCity(string Name, string Zh);

internal sealed record Country(string Code, string Name, string Dial, double Weight, IReadOnlyList<ForeignCity> Cities,
    IReadOnlyList<string> Streets, IReadOnlyList<string> Names);
