using System.Globalization;
using Luyue.Core.Geography;

namespace Luyue.Core.Checks;

/// <summary>How a 1688 item charges freight: a template by weight (kg) or by piece, or a free-text freight note (运费说明).</summary>
public enum FreightMode
{
    Weight,
    Piece,
    Note,
}

/// <summary>
/// A price by units: <see cref="FirstPrice"/> covers the first <see cref="FirstUnit"/> units (kg or pieces), each
/// further <see cref="AdditionalUnit"/> units or part of them cost <see cref="AdditionalPrice"/>. Yuan.
/// </summary>
public sealed record FreightRate(decimal FirstUnit, decimal FirstPrice, decimal AdditionalUnit, decimal AdditionalPrice)
{
    /// <summary>The price of <paramref name="units"/>: a started additional unit is charged whole, as carriers and templates do.</summary>
    public decimal Price(decimal units) =>
        units <= FirstUnit ? FirstPrice : FirstPrice + (decimal.Ceiling((units - FirstUnit) / AdditionalUnit) * AdditionalPrice);
}

/// <summary>An item with its freight: one rate per destination province, or for <see cref="FreightMode.Note"/> the note's text.</summary>
public sealed record FreightItem(string Item, string Category, decimal WeightKg, FreightMode Mode, string? Note, IReadOnlyDictionary<Province, FreightRate> Routes);

/// <summary>One carrier's cost quote to a province, by weight (kg).</summary>
public sealed record CarrierQuote(string Carrier, Province Province, FreightRate Rate);

/// <summary>
/// Reads the freight check's three inputs (CSV or JSON, see <see cref="Tabular"/>; formats in docs/checks.md). Every
/// problem is collected, each naming its file, row, column and reason; provinces are found in any of the ways
/// <see cref="ChinaRegions"/> knows (浙江 / 浙江省 / Zhejiang / 33) and reported by their official name.
/// </summary>
public static class FreightInputs
{
    public static readonly IReadOnlyList<string> TemplateColumns =
        ["item", "category", "weightKg", "mode", "province", "firstUnit", "firstPrice", "additionalUnit", "additionalPrice", "note"];

    private static readonly string[] RouteColumns = ["province", "firstUnit", "firstPrice", "additionalUnit", "additionalPrice"];

    public static readonly IReadOnlyList<string> QuoteColumns = ["carrier", "province", "firstKg", "firstPrice", "additionalKg", "additionalPrice"];

    public static readonly IReadOnlyList<string> GuidelineColumns = ["province", "firstKg", "firstPrice", "additionalKg", "additionalPrice"];

    /// <summary>Items and their templates: one row per item and destination province (a note item: one row with the note).</summary>
    public static IReadOnlyList<FreightItem> ReadTemplates(string file, string text, List<CheckInputError> errors)
    {
        var items = new List<(string Item, string Category, decimal Weight, FreightMode Mode, string? Note, Dictionary<Province, FreightRate> Routes, TabularRow First)>();
        foreach (var row in Tabular.Read(file, text, TemplateColumns, errors))
        {
            var fields = new Fields(file, row, errors);
            var item = fields.Text("item");
            var category = fields.Text("category");
            var weight = fields.Number("weightKg", positive: true);
            var mode = fields.Text("mode") switch
            {
                "weight" => FreightMode.Weight,
                "piece" => FreightMode.Piece,
                "note" => FreightMode.Note,
                null => (FreightMode?)null,
                var other => fields.Fail<FreightMode?>("mode", $"'{other}' is not weight, piece or note"),
            };
            if (item is null || category is null || weight is null || mode is null)
            {
                continue;
            }

            var known = items.FindIndex(i => i.Item == item);
            if (known >= 0 && (items[known].Category != category || items[known].Weight != weight || items[known].Mode != mode))
            {
                fields.Fail<object>("item", $"{item} has another category, weightKg or mode in {items[known].First.Location}; an item's rows must agree");
                continue;
            }

            if (mode == FreightMode.Note)
            {
                foreach (var column in RouteColumns.Where(row.Fields.ContainsKey))
                {
                    fields.Fail<object>(column, "an item with a freight note has no template routes: leave it empty");
                }

                var note = fields.Text("note");
                if (known >= 0)
                {
                    fields.Fail<object>("item", $"{item} uses a freight note: give it one row (the first is {items[known].First.Location})");
                }
                else if (note is not null)
                {
                    items.Add((item, category, weight.Value, FreightMode.Note, note, [], row));
                }

                continue;
            }

            if (row.Fields.ContainsKey("note"))
            {
                fields.Fail<object>("note", $"a note is only for mode note; this row is a template by {fields.Text("mode")}");
            }

            var province = fields.Province("province");
            var rate = fields.Rate("firstUnit", "firstPrice", "additionalUnit", "additionalPrice");
            if (province is null || rate is null)
            {
                continue;
            }

            if (known < 0)
            {
                items.Add((item, category, weight.Value, mode.Value, null, [], row));
                known = items.Count - 1;
            }

            if (!items[known].Routes.TryAdd(province, rate))
            {
                fields.Fail<object>("province", $"{item} already has a route to {province.Name}");
            }
        }

        return [.. items.Select(i => new FreightItem(i.Item, i.Category, i.Weight, i.Mode, i.Note, i.Routes))];
    }

    public static IReadOnlyList<CarrierQuote> ReadQuotes(string file, string text, List<CheckInputError> errors)
    {
        var quotes = new List<CarrierQuote>();
        foreach (var row in Tabular.Read(file, text, QuoteColumns, errors))
        {
            var fields = new Fields(file, row, errors);
            var carrier = fields.Text("carrier");
            var province = fields.Province("province");
            var rate = fields.Rate("firstKg", "firstPrice", "additionalKg", "additionalPrice");
            if (carrier is null || province is null || rate is null)
            {
                continue;
            }

            if (quotes.Any(q => q.Carrier == carrier && q.Province == province))
            {
                fields.Fail<object>("province", $"{carrier} already has a quote to {province.Name}");
                continue;
            }

            quotes.Add(new CarrierQuote(carrier, province, rate));
        }

        return quotes;
    }

    /// <summary>The platform's guideline prices (运费指导价), by weight, one row per province.</summary>
    public static IReadOnlyDictionary<Province, FreightRate> ReadGuidelines(string file, string text, List<CheckInputError> errors)
    {
        var guidelines = new Dictionary<Province, FreightRate>();
        foreach (var row in Tabular.Read(file, text, GuidelineColumns, errors))
        {
            var fields = new Fields(file, row, errors);
            var province = fields.Province("province");
            var rate = fields.Rate("firstKg", "firstPrice", "additionalKg", "additionalPrice");
            if (province is not null && rate is not null && !guidelines.TryAdd(province, rate))
            {
                fields.Fail<object>("province", $"{province.Name} already has a guideline price");
            }
        }

        return guidelines;
    }

    /// <summary>Typed cells of one row; each getter records an error (file, row, column, reason) and returns null when the cell is bad.</summary>
    private sealed class Fields(string file, TabularRow row, List<CheckInputError> errors)
    {
        public T? Fail<T>(string column, string reason)
        {
            errors.Add(new CheckInputError(file, row.Location, column, reason));
            return default;
        }

        public string? Text(string column) =>
            row.Fields.TryGetValue(column, out var value) ? value : Fail<string>(column, "required");

        public decimal? Number(string column, bool positive)
        {
            if (Text(column) is not { } text)
            {
                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || (positive && value == 0))
            {
                return Fail<decimal?>(column, $"'{text}' is not a number {(positive ? "above 0" : "of at least 0")} (a dot for decimals, no unit)");
            }

            return value;
        }

        public Province? Province(string column) =>
            Text(column) is not { } text ? null
                : ChinaRegions.Default.FindProvince(text) ?? Fail<Province>(column, $"'{text}' is no province of China (e.g. 浙江, 浙江省, Zhejiang, 33)");

        public FreightRate? Rate(string firstUnit, string firstPrice, string additionalUnit, string additionalPrice)
        {
            var values = (Number(firstUnit, positive: true), Number(firstPrice, positive: false), Number(additionalUnit, positive: true), Number(additionalPrice, positive: false));
            return values is ({ } fu, { } fp, { } au, { } ap) ? new FreightRate(fu, fp, au, ap) : null;
        }
    }
}
