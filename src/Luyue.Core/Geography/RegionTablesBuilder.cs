using System.Text.Json;

namespace Luyue.Core.Geography;

/// <summary>The lookup tables behind <see cref="ChinaRegions"/>; immutable once built.</summary>
internal sealed record RegionTables(
    IReadOnlyList<Province> Provinces,
    Dictionary<string, Province> ProvinceByKey,
    NameIndex<Province> ProvinceNames,
    NameIndex<City> Places,
    Dictionary<string, NameIndex<City>> PlacesByProvince,
    Dictionary<string, City> SoleCities,
    Dictionary<string, City> CityByCode,
    string[] LatinSuffixes,
    string[] StreetMarkers,
    string[] CountryPrefixes);

/// <summary>
/// Builds <see cref="RegionTables"/> from the embedded division data (see Geography/Data/SOURCE.md). The data ships
/// with the assembly, so anything malformed is a build defect and fails loudly with <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class RegionTablesBuilder
{
    private const int CityRank = 0;
    private const int DistrictRank = 1;

    private readonly Dictionary<string, Province> provinceByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Province> provinceByKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly NameIndex<Province> provinceNames = new();
    private readonly NameIndex<City> places = new();
    private readonly Dictionary<string, NameIndex<City>> placesByProvince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, City> soleCities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, City> citiesByCode = new(StringComparer.Ordinal);
    private readonly List<Province> provinces = [];
    private readonly string[] ethnicGroups;

    private RegionTablesBuilder(string[] ethnicGroups)
    {
        this.ethnicGroups = ethnicGroups;
    }

    public static RegionTables LoadEmbedded()
    {
        using var naming = Resource("geo/naming.json");
        using var provinces = Resource("geo/provinces.json");
        using var cities = Resource("geo/cities.json");
        using var areas = Resource("geo/areas.json");
        using var specialRegions = Resource("geo/HK-MO-TW.json");
        return new RegionTablesBuilder(Strings(naming.RootElement, "ethnicGroups")).Build(naming.RootElement, provinces.RootElement, cities.RootElement,
            areas.RootElement, specialRegions.RootElement);
    }

    private RegionTables Build(JsonElement naming, JsonElement provinceRows, JsonElement cityRows, JsonElement areaRows,
        JsonElement specialRegions)
    {
        var namingByCode = naming.GetProperty("provinces").EnumerateArray().ToDictionary(n => Text(n, "code"), StringComparer.Ordinal);
        foreach (var row in provinceRows.EnumerateArray())
        {
            AddProvince(Text(row, "code"), Text(row, "name"), namingByCode);
        }

        foreach (var region in specialRegions.EnumerateObject())
        {
            // The NBS data has no codes for these; naming.json gives each its official name and GB/T 2260 code.
            var entry = namingByCode.Values.FirstOrDefault(n => n.TryGetProperty("name", out var name) && name.GetString() == region.Name);
            if (entry.ValueKind == JsonValueKind.Undefined)
            {
                throw new InvalidDataException($"geo/naming.json has no province named {region.Name}");
            }

            AddProvince(Text(entry, "code"), region.Name, namingByCode);
        }

        if (provinces.Count != namingByCode.Count)
        {
            throw new InvalidDataException($"geo/naming.json names {namingByCode.Count} provinces, the division data {provinces.Count}");
        }

        var cityByCode = AddCities(cityRows);
        AddAreas(areaRows, cityByCode);
        foreach (var region in specialRegions.EnumerateObject())
        {
            AddSpecialRegion(provinceByKey[region.Name], region.Value);
        }

        return new RegionTables(provinces, provinceByKey, provinceNames, places, placesByProvince, soleCities, citiesByCode,
            Strings(naming, "latinSuffixes"), Strings(naming, "streetMarkers"), Strings(naming, "countryPrefixes"));
    }

    private void AddProvince(string code, string name, Dictionary<string, JsonElement> namingByCode)
    {
        if (!namingByCode.TryGetValue(code, out var naming))
        {
            throw new InvalidDataException($"geo/naming.json has no entry for province {code} {name}");
        }

        CheckCode(code, 2, name);
        var province = new Province(code, name, Text(naming, "shortName"));
        provinces.Add(province);
        provinceByCode.Add(code, province);
        placesByProvince.Add(code, new NameIndex<City>());
        AddProvinceKey(code, province);
        AddProvinceKey(name, province);
        AddProvinceKey(province.ShortName, province);
        provinceNames.Add(name, 0, isShortForm: false, province);
        provinceNames.Add(province.ShortName, 0, isShortForm: true, province);
        foreach (var alias in Strings(naming, "aliases"))
        {
            if (IsLatin(alias))
            {
                AddProvinceKey(ChinaRegions.NormalizeLatin(alias), province);
            }
            else
            {
                AddProvinceKey(alias, province);
                provinceNames.Add(alias, 0, isShortForm: true, province);
            }
        }
    }

    /// <summary>
    /// A division code is digits, at most two for a province and six for a city (GB/T 2260): the engine keeps them as
    /// numbers in that many bits (a scan's city and province share a word with its milestone).
    /// </summary>
    private static void CheckCode(string code, int maxDigits, string name)
    {
        if (code.Length == 0 || code.Length > maxDigits || !code.All(char.IsAsciiDigit))
        {
            throw new InvalidDataException($"{name}: division code '{code}' is not 1 to {maxDigits} digits");
        }
    }

    private void AddProvinceKey(string key, Province province)
    {
        if (provinceByKey.TryGetValue(key, out var existing) && existing != province)
        {
            throw new InvalidDataException($"'{key}' names both {existing.Name} and {province.Name}");
        }

        provinceByKey[key] = province;
    }

    /// <returns>Each 4-digit city code to its city; null for 省直辖县级行政区划, whose counties are cities themselves.</returns>
    private Dictionary<string, City?> AddCities(JsonElement cityRows)
    {
        var cityByCode = new Dictionary<string, City?>(StringComparer.Ordinal);
        foreach (var row in cityRows.EnumerateArray())
        {
            var code = Text(row, "code");
            var name = Text(row, "name");
            var province = provinceByCode[Text(row, "provinceCode")];
            if (name is "市辖区" or "县")
            {
                // Municipalities list their districts (市辖区) and, for 重庆, counties (县) under placeholders:
                // addresses and platforms call the city what the province is called.
                cityByCode[code] = SoleCity(province);
            }
            else if (name.EndsWith("直辖县级行政区划", StringComparison.Ordinal))
            {
                cityByCode[code] = null;
            }
            else
            {
                var city = new City(code, name, province);
                cityByCode[code] = city;
                AddPlace(name, CityRank, city);
            }
        }

        return cityByCode;
    }

    private void AddAreas(JsonElement areaRows, Dictionary<string, City?> cityByCode)
    {
        foreach (var row in areaRows.EnumerateArray())
        {
            var name = Text(row, "name");
            if (cityByCode[Text(row, "cityCode")] is { } city)
            {
                AddPlace(name, DistrictRank, city);
            }
            else
            {
                // 仙桃市, 石河子市 …: governed by the province directly, so they stand where a prefecture would.
                AddPlace(name, CityRank, new City(Text(row, "code"), name, provinceByCode[Text(row, "provinceCode")]));
            }
        }
    }

    /// <summary>
    /// Hong Kong and Macao are one city each, their regions and districts naming it; Taiwan lists cities and
    /// counties (台北市, 新竹县), which get Luyue's own codes 7101… in file order.
    /// </summary>
    private void AddSpecialRegion(Province province, JsonElement regions)
    {
        var index = 0;
        foreach (var region in regions.EnumerateObject())
        {
            var isCity = region.Name.EndsWith('市') || region.Name.EndsWith('县');
            var city = isCity ? new City($"{province.Code}{++index:00}", region.Name, province) : SoleCity(province);
            AddPlace(region.Name, isCity ? CityRank : DistrictRank, city);
            foreach (var district in region.Value.EnumerateArray())
            {
                AddPlace(district.GetString()!, DistrictRank, city);
            }
        }
    }

    private City SoleCity(Province province)
    {
        if (!soleCities.TryGetValue(province.Code, out var city))
        {
            city = new City($"{province.Code}01", province.Name, province);
            soleCities.Add(province.Code, city);
            foreach (var name in new[] { province.Name, province.ShortName })
            {
                places.Add(name, CityRank, isShortForm: name == province.ShortName, city);
                placesByProvince[province.Code].Add(name, CityRank, isShortForm: name == province.ShortName, city);
            }
        }

        return city;
    }

    private void AddPlace(string name, int rank, City city)
    {
        // Every city is named here at least once (a district names its city), so this sees them all.
        if (citiesByCode.TryAdd(city.Code, city))
        {
            CheckCode(city.Code, 6, city.Name);
        }

        var scoped = placesByProvince[city.Province.Code];
        places.Add(name, rank, isShortForm: false, city);
        scoped.Add(name, rank, isShortForm: false, city);
        foreach (var form in PlaceNames.ShortForms(name, ethnicGroups))
        {
            // A bare 吉林 or 海南 means the province, not 吉林市 or 海南藏族自治州.
            if (provinceNames.Find(form) is not null)
            {
                continue;
            }

            places.Add(form, rank, isShortForm: true, city);
            scoped.Add(form, rank, isShortForm: true, city);
        }
    }

    private static bool IsLatin(string text) => text.All(char.IsAscii);

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"geo data: '{name}' missing in {element.GetRawText()}");

    private static string[] Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [];

    private static JsonDocument Resource(string name)
    {
        using var stream = typeof(RegionTablesBuilder).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"Luyue.Core was built without the embedded resource {name}");
        return JsonDocument.Parse(stream);
    }
}
