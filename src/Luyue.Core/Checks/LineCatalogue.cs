using System.Reflection;
using System.Text.Json;
using Luyue.Core.Events;

namespace Luyue.Core.Checks;

/// <summary>A lower and an optional upper bound, both inclusive (no upper bound: null).</summary>
public sealed record Bounds(decimal Min, decimal? Max)
{
    public bool Contains(decimal value) => value >= Min && (Max is not { } max || value <= max);
}

/// <summary>A parcel's size limit: its longest side and the sum of its three sides, in cm (null: no limit).</summary>
public sealed record SizeLimit(decimal? Longest, decimal? Sum);

/// <summary>From a package amount upwards, a combined parcel needs a line of at least this tier.</summary>
public sealed record AmountTier(decimal FromAmount, int MinTier);

/// <summary>
/// One AliExpress shipping line of the catalogue (RULES §6). <see cref="Tier"/> and <see cref="PromisedDays"/> are
/// null for a seller custom line: the platform neither ranks it nor promises its delivery time, so a downgrade or a
/// slower promise cannot be judged against one. <see cref="Provenances"/> holds, per field, its source or assumption.
/// </summary>
public sealed record ShippingLine(
    string Code,
    string NameZh,
    string NameEn,
    bool Custom,
    int? Tier,
    int? DefaultPromisedDays,
    IReadOnlyDictionary<string, int> PromisedDaysByCountry,
    IReadOnlySet<string>? Countries,
    bool SpecialGoods,
    Bounds WeightKg,
    SizeLimit SizeCm,
    Bounds Amount,
    bool CustomReplacementPenalty,
    IReadOnlyDictionary<string, Provenance> Provenances)
{
    /// <summary>The promised delivery days to <paramref name="country"/> (ISO 3166-1 alpha-2), or null when the platform promises none.</summary>
    public int? PromisedDays(string country) =>
        PromisedDaysByCountry.TryGetValue(country, out var days) ? days : DefaultPromisedDays;

    /// <summary>Whether the line delivers to <paramref name="country"/>; a null country list means every country.</summary>
    public bool Serves(string country) => Countries is null || Countries.Contains(country);

    /// <summary>The fields whose values are assumed rather than stated by a source.</summary>
    public IEnumerable<string> AssumedFields => Provenances.Where(p => p.Value.Assumed).Select(p => p.Key);
}

/// <summary>
/// The AliExpress line catalogue: lines, tiers, promised days, country, category, weight, size and amount limits
/// (RULES §6), read from data (Checks/Data/aliexpress-lines.json, embedded) in which every value names its source
/// or says it is assumed. Immutable and safe to share.
/// </summary>
public sealed class LineCatalogue
{
    private const string EmbeddedName = "checks/aliexpress-lines.json";
    private static readonly Lazy<LineCatalogue> DefaultCatalogue = new(LoadEmbedded);

    private readonly Dictionary<string, ShippingLine> byCode;

    private LineCatalogue(
        string source, string currency, IReadOnlyList<ShippingLine> lines, IReadOnlySet<string> specialGoodsCategories,
        IReadOnlyList<AmountTier> combinedParcelPolicy, IReadOnlyDictionary<string, Provenance> provenances)
    {
        Source = source;
        Currency = currency;
        Lines = lines;
        SpecialGoodsCategories = specialGoodsCategories;
        CombinedParcelPolicy = combinedParcelPolicy;
        Provenances = provenances;
        byCode = lines.ToDictionary(l => l.Code, StringComparer.Ordinal);
    }

    /// <summary>The catalogue compiled into Luyue.Core.</summary>
    public static LineCatalogue Default => DefaultCatalogue.Value;

    public string Source { get; }

    /// <summary>The currency of every amount in the catalogue (and so of the orders checked against it).</summary>
    public string Currency { get; }

    public IReadOnlyList<ShippingLine> Lines { get; }

    /// <summary>Categories that only a line accepting special goods (特货) may carry.</summary>
    public IReadOnlySet<string> SpecialGoodsCategories { get; }

    /// <summary>The package amount rule for a parcel of several items, ascending by amount.</summary>
    public IReadOnlyList<AmountTier> CombinedParcelPolicy { get; }

    /// <summary>Sources or assumptions of the catalogue-wide values (specialGoodsCategories, combinedParcelPolicy).</summary>
    public IReadOnlyDictionary<string, Provenance> Provenances { get; }

    public ShippingLine? Find(string code) => byCode.GetValueOrDefault(code);

    /// <summary>The least tier a combined parcel of this package amount needs, or null when the policy sets none.</summary>
    public int? CombinedParcelMinTier(decimal amount) =>
        CombinedParcelPolicy.LastOrDefault(t => amount >= t.FromAmount)?.MinTier;

    /// <summary>Reads a catalogue, refusing it with every problem (JSON path and reason) in a <see cref="CheckDataException"/>.</summary>
    public static LineCatalogue Read(string file, ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new CheckDataException(file, [$"not JSON: {JsonErrorText.OfDocument(ex)}"]);
        }

        using (document)
        {
            var errors = new List<string>();
            var root = document.RootElement;
            var source = Text(root, "source", "$", errors) ?? "";
            var currency = Text(root, "currency", "$", errors) ?? "";
            var provenances = new Dictionary<string, Provenance>(StringComparer.Ordinal);

            // Categories are merchants' words: "Battery" is battery.
            var special = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (Valued(root, "specialGoodsCategories", "$", errors, provenances) is { } categories)
            {
                if (categories.ValueKind != JsonValueKind.Array)
                {
                    errors.Add("$.specialGoodsCategories.value: must be an array of category names");
                }
                else
                {
                    special.UnionWith(categories.EnumerateArray().Select(c => c.GetString() ?? ""));
                }
            }

            var policy = new List<AmountTier>();
            if (Valued(root, "combinedParcelPolicy", "$", errors, provenances) is { } steps)
            {
                if (steps.ValueKind != JsonValueKind.Array)
                {
                    errors.Add("$.combinedParcelPolicy.value: must be an array of {fromAmount, minTier}");
                }

                var index = 0;
                foreach (var step in steps.ValueKind == JsonValueKind.Array ? steps.EnumerateArray().ToList() : [])
                {
                    var path = $"$.combinedParcelPolicy.value[{index++}]";
                    var from = Number(step, "fromAmount", path, errors);
                    var tier = Number(step, "minTier", path, errors);
                    if (from is { } f && tier is { } t)
                    {
                        policy.Add(new AmountTier(f, (int)t));
                    }
                }

                policy.Sort((a, b) => a.FromAmount.CompareTo(b.FromAmount));
            }

            var lines = new List<ShippingLine>();
            if (!root.TryGetProperty("lines", out var lineArray) || lineArray.ValueKind != JsonValueKind.Array)
            {
                errors.Add("$.lines: required, an array of lines");
            }
            else
            {
                var index = 0;
                foreach (var line in lineArray.EnumerateArray())
                {
                    if (ReadLine(line, $"$.lines[{index++}]", errors) is { } read)
                    {
                        if (lines.Any(l => l.Code == read.Code))
                        {
                            errors.Add($"$.lines[{index - 1}].code: {read.Code} is listed twice");
                        }

                        lines.Add(read);
                    }
                }
            }

            if (errors.Count > 0)
            {
                throw new CheckDataException(file, errors);
            }

            return new LineCatalogue(source, currency, lines, special, policy, provenances);
        }
    }

    private static LineCatalogue LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(EmbeddedName)
                           ?? throw new InvalidOperationException($"{EmbeddedName} is not embedded in Luyue.Core");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(EmbeddedName, buffer.ToArray());
    }

    private static ShippingLine? ReadLine(JsonElement line, string path, List<string> errors)
    {
        var before = errors.Count;
        var provenances = new Dictionary<string, Provenance>(StringComparer.Ordinal);
        var code = Text(line, "code", path, errors) ?? "";
        string zh = "", en = "";
        if (!line.TryGetProperty("names", out var names) || names.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.names: required, {{\"zh\", \"en\"}} with a source or assumption");
        }
        else
        {
            zh = Text(names, "zh", path + ".names", errors) ?? "";
            en = Text(names, "en", path + ".names", errors) ?? "";
            provenances["names"] = Provenance.Read(names, path + ".names", errors);
        }

        var custom = Valued(line, "custom", path, errors, provenances) is { } c && c.ValueKind == JsonValueKind.True;
        var tier = Valued(line, "tier", path, errors, provenances) is { ValueKind: JsonValueKind.Number } t ? t.GetInt32() : (int?)null;

        int? defaultDays = null;
        var daysByCountry = new Dictionary<string, int>(StringComparer.Ordinal);
        if (Valued(line, "promisedDays", path, errors, provenances) is { ValueKind: JsonValueKind.Object } days)
        {
            foreach (var entry in days.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var d) || d <= 0)
                {
                    errors.Add($"{path}.promisedDays.value.{entry.Name}: must be a whole number of days above 0");
                }
                else if (entry.Name == "default")
                {
                    defaultDays = d;
                }
                else
                {
                    daysByCountry[entry.Name] = d;
                }
            }
        }

        IReadOnlySet<string>? countries = null;
        if (Valued(line, "countries", path, errors, provenances) is { } countryValue)
        {
            if (countryValue.ValueKind == JsonValueKind.Array)
            {
                countries = countryValue.EnumerateArray().Select(x => x.GetString() ?? "").ToHashSet(StringComparer.Ordinal);
            }
            else if (countryValue.ValueKind != JsonValueKind.String || countryValue.GetString() != "*")
            {
                errors.Add($"{path}.countries.value: \"*\" (every country) or an array of ISO 3166-1 alpha-2 codes");
            }
        }

        var special = Valued(line, "specialGoods", path, errors, provenances) is { ValueKind: JsonValueKind.True };
        var weight = ReadBounds(Valued(line, "weightKg", path, errors, provenances), path + ".weightKg.value", errors);
        var amount = ReadBounds(Valued(line, "amount", path, errors, provenances), path + ".amount.value", errors);
        var penalty = Valued(line, "customReplacementPenalty", path, errors, provenances) is { ValueKind: JsonValueKind.True };
        var size = new SizeLimit(null, null);
        if (Valued(line, "sizeCm", path, errors, provenances) is { ValueKind: JsonValueKind.Object } s)
        {
            size = new SizeLimit(OptionalNumber(s, "longest", path + ".sizeCm.value", errors), OptionalNumber(s, "sum", path + ".sizeCm.value", errors));
        }

        return errors.Count > before
            ? null
            : new ShippingLine(code, zh, en, custom, tier, defaultDays, daysByCountry, countries, special, weight, size, amount, penalty, provenances);
    }

    private static Bounds ReadBounds(JsonElement? value, string path, List<string> errors)
    {
        if (value is not { ValueKind: JsonValueKind.Object } bounds)
        {
            errors.Add($"{path}: {{\"min\", \"max\"}} (max null: no upper limit)");
            return new Bounds(0, null);
        }

        return new Bounds(Number(bounds, "min", path, errors) ?? 0, OptionalNumber(bounds, "max", path, errors));
    }

    /// <summary>The <c>value</c> of a sourced-or-assumed property (recording its provenance), or null after an error when missing.</summary>
    private static JsonElement? Valued(JsonElement parent, string name, string path, List<string> errors, Dictionary<string, Provenance> provenances)
    {
        if (!parent.TryGetProperty(name, out var property) || property.ValueKind != JsonValueKind.Object || !property.TryGetProperty("value", out var value))
        {
            errors.Add($"{path}.{name}: required, {{\"value\": …, \"source\": …}} or {{\"value\": …, \"assumed\": true, \"note\": …}}");
            return null;
        }

        provenances[name] = Provenance.Read(property, $"{path}.{name}", errors);
        return value;
    }

    private static string? Text(JsonElement parent, string name, string path, List<string> errors)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }

        errors.Add($"{path}.{name}: required, a non-empty string");
        return null;
    }

    private static decimal? Number(JsonElement parent, string name, string path, List<string> errors)
    {
        if (parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.GetDecimal() >= 0)
        {
            return value.GetDecimal();
        }

        errors.Add($"{path}.{name}: required, a number of at least 0");
        return null;
    }

    private static decimal? OptionalNumber(JsonElement parent, string name, string path, List<string> errors) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Number(parent, name, path, errors) : null;
}
