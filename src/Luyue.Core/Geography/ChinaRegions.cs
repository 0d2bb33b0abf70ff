namespace Luyue.Core.Geography;

/// <summary>
/// China's provinces and prefecture-level cities, found from the many ways orders, rule packs and carrier scans
/// write them (浙江 / 浙江省 / Zhejiang / 33; 杭州 / 杭州市; 常熟市 → 苏州市). Every lookup is a dictionary probe
/// on the trimmed input, without allocating in the common case, because it runs for every order. An instance is
/// immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Cities are prefecture level. The municipalities (北京, 天津, 上海, 重庆), Hong Kong and Macao are one city each,
/// named like the province; a county-level city governed by its province (仙桃市, 石河子市) is a city of its own.
/// A district name that exists in several cities (鼓楼区) finds nothing unless a province hint narrows it to one.
/// </remarks>
public sealed class ChinaRegions
{
    private static readonly Lazy<ChinaRegions> DefaultRegions = new(() => new ChinaRegions(RegionTablesBuilder.LoadEmbedded()));

    private readonly RegionTables tables;
    private readonly Dictionary<string, Province>.AlternateLookup<ReadOnlySpan<char>> provinceByKey;

    private ChinaRegions(RegionTables tables)
    {
        this.tables = tables;
        provinceByKey = tables.ProvinceByKey.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The divisions compiled into Luyue.Core: NBS 2023 data plus Hong Kong, Macao and Taiwan.</summary>
    public static ChinaRegions Default => DefaultRegions.Value;

    /// <summary>The 31 provinces of the NBS data, then Taiwan, Hong Kong and Macao.</summary>
    public IReadOnlyList<Province> Provinces => tables.Provinces;

    /// <summary>
    /// The province a name means: official (浙江省, 新疆维吾尔自治区), short (浙江, 新疆, 内蒙古), pinyin or English
    /// (Zhejiang, Inner Mongolia, Hong Kong; case, spaces and a trailing "Province" do not matter), ISO 3166-2 (CN-ZJ)
    /// or the 2-digit code (33).
    /// </summary>
    /// <returns>The province, or null when the text names none.</returns>
    public Province? FindProvince(string? text)
    {
        var name = text.AsSpan().Trim();
        if (name.IsEmpty)
        {
            return null;
        }

        if (provinceByKey.TryGetValue(name, out var province))
        {
            return province;
        }

        return ContainsAsciiLetter(name) ? FindLatinProvince(NormalizeLatin(name)) : null;
    }

    /// <summary>
    /// The province of a free-text address: from its leading province (浙江省杭州市…, 新疆乌鲁木齐…, 上海浦东新区…)
    /// or, when it starts with a city or district, from that (杭州市西湖区… → 浙江, 乌鲁木齐市天山区… → 新疆).
    /// </summary>
    /// <returns>The province, or null when the address starts with no known place or with an ambiguous district.</returns>
    public Province? ProvinceFromAddress(string? address)
    {
        var text = WithoutCountry(address.AsSpan().Trim());
        var province = tables.ProvinceNames.LongestPrefix(text, tables.StreetMarkers);
        var place = tables.Places.LongestPrefix(text, tables.StreetMarkers);

        // The longer name wins: 海南藏族自治州… is in 青海, not 海南; on a tie the province does (北京市…).
        if (province.Length > 0 && province.Length >= place.Length)
        {
            return province.Targets![0];
        }

        return place.Length > 0 ? OnlyProvince(place.Targets!) : null;
    }

    /// <summary>
    /// The prefecture-level city a name means: 杭州 / 杭州市 → 杭州市; a county-level city or district → its
    /// prefecture (常熟市 → 苏州市, 义乌市 → 金华市); 北京 / 上海市 → the municipality. A name with a province in
    /// front (浙江省杭州市) or a district after (杭州市西湖区) is read like the start of an address.
    /// </summary>
    /// <param name="text">The name.</param>
    /// <param name="hint">The province the place is known to be in; it only decides between same-named places (鼓楼区).</param>
    /// <returns>The city, or null when the text names none or more than one (鼓楼区 without a hint).</returns>
    public City? FindCity(string? text, Province? hint = null)
    {
        var name = WithoutCountry(text.AsSpan().Trim());
        if (name.IsEmpty)
        {
            return null;
        }

        if (hint is not null && tables.PlacesByProvince.TryGetValue(hint.Code, out var local) && local.Find(name) is { } inHint)
        {
            return Only(inHint);
        }

        return tables.Places.Find(name) is { } anywhere ? Only(anywhere) : CityAtStartOf(name, hint);
    }

    /// <summary>The city with this code (3301 → 杭州市), as the engine's views write a scan's city; null for an unknown code.</summary>
    public City? CityByCode(string? code) => code is not null && tables.CityByCode.TryGetValue(code, out var city) ? city : null;

    internal static string NormalizeLatin(ReadOnlySpan<char> text)
    {
        // Province names are short; a long input is copied to the heap rather than risk the stack.
        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    private City? CityAtStartOf(ReadOnlySpan<char> text, Province? hint)
    {
        var province = tables.ProvinceNames.LongestPrefix(text, tables.StreetMarkers);
        var place = tables.Places.LongestPrefix(text, tables.StreetMarkers);
        if (province.Length > 0 && province.Length >= place.Length)
        {
            var named = province.Targets![0];
            var rest = tables.PlacesByProvince[named.Code].LongestPrefix(text[province.Length..], tables.StreetMarkers);
            return rest.Length > 0 ? Only(rest.Targets!) : tables.SoleCities.GetValueOrDefault(named.Code);
        }

        if (place.Length == 0)
        {
            return null;
        }

        if (hint is not null && tables.PlacesByProvince.TryGetValue(hint.Code, out var local))
        {
            var inHint = local.LongestPrefix(text, tables.StreetMarkers);
            if (inHint.Length >= place.Length)
            {
                return Only(inHint.Targets!);
            }
        }

        return Only(place.Targets!);
    }

    private Province? FindLatinProvince(string latin)
    {
        if (tables.ProvinceByKey.TryGetValue(latin, out var province))
        {
            return province;
        }

        // "Zhejiang Province", "Beijing Shi", "Hong Kong SAR".
        foreach (var suffix in tables.LatinSuffixes)
        {
            if (latin.Length > suffix.Length && latin.EndsWith(suffix, StringComparison.Ordinal)
                && tables.ProvinceByKey.TryGetValue(latin[..^suffix.Length], out province))
            {
                return province;
            }
        }

        return null;
    }

    private ReadOnlySpan<char> WithoutCountry(ReadOnlySpan<char> text)
    {
        foreach (var prefix in tables.CountryPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text[prefix.Length..].TrimStart();
            }
        }

        return text;
    }

    private static City? Only(IReadOnlyList<City> cities) => cities.Count == 1 ? cities[0] : null;

    private static Province? OnlyProvince(IReadOnlyList<City> cities)
    {
        var province = cities[0].Province;
        foreach (var city in cities)
        {
            if (!ReferenceEquals(city.Province, province))
            {
                return null;
            }
        }

        return province;
    }

    private static bool ContainsAsciiLetter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
