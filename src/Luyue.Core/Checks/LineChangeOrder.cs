using System.Text.Json;
using Luyue.Core.Events;

namespace Luyue.Core.Checks;

/// <summary>The consumer rights that tie an AliExpress order to the buyer's line (RULES §6, seed 001 更换须知 3).</summary>
public static class ConsumerRights
{
    /// <summary>合单满升级: combined-order upgrade.</summary>
    public const string CombinedOrder = "combined-order";

    /// <summary>合单X日达: combined-order X-day delivery.</summary>
    public const string XDayDelivery = "x-day-delivery";

    /// <summary>The buyer's address is a self-pickup point.</summary>
    public const string SelfPickup = "self-pickup";

    /// <summary>无忧集运: AliExpress Direct.</summary>
    public const string Direct = "direct";

    public static readonly IReadOnlyList<string> All = [CombinedOrder, XDayDelivery, SelfPickup, Direct];

    /// <summary>What the right is, in a merchant's words.</summary>
    public static string Describe(string right) => right switch
    {
        CombinedOrder => "combined-order upgrade (合单满升级)",
        XDayDelivery => "combined-order X-day delivery (合单X日达)",
        SelfPickup => "a self-pickup address",
        Direct => "AliExpress Direct (无忧集运)",
        _ => right,
    };
}

/// <summary>
/// An AliExpress order as the line-change check needs it. <see cref="SizeCm"/> holds the parcel's three sides;
/// <see cref="Amount"/> is what ships in the parcel (for a combined parcel, the package total), in the catalogue's
/// currency. <see cref="TemplateLines"/> are the seller custom lines in the item's freight template that the buyer
/// could choose.
/// </summary>
public sealed record LineChangeOrder(
    string Country,
    string Category,
    decimal WeightKg,
    IReadOnlyList<decimal> SizeCm,
    decimal Amount,
    string Currency,
    string BuyerLine,
    IReadOnlySet<string> Rights,
    bool CombinedParcel,
    IReadOnlySet<string> TemplateLines)
{
    private static readonly HashSet<string> KnownFields = new(
        ["country", "category", "weightKg", "sizeCm", "amount", "currency", "buyerLine", "rights", "combinedParcel", "templateLines", "line"],
        StringComparer.Ordinal);

    /// <summary>
    /// Reads an order from JSON, checking it against <paramref name="catalogue"/> (known lines, its currency). Every
    /// problem is reported, each with its field, in a <see cref="CheckInputException"/>; <paramref name="file"/> names
    /// the input in the errors. A <c>line</c> field, if present, is ignored here (the API carries the proposal in it).
    /// </summary>
    public static LineChangeOrder Parse(string file, ReadOnlySpan<byte> json, LineCatalogue catalogue)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new CheckInputException([new CheckInputError(file, ex.LineNumber is { } l ? $"line {l + 1}" : "", "", $"not JSON: {JsonErrorText.OfLine(ex)}")]);
        }

        using (document)
        {
            var errors = new List<CheckInputError>();
            void Error(string field, string reason) => errors.Add(new CheckInputError(file, "", field, reason));

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("", "an order is a JSON object, e.g. {\"country\":\"US\",\"category\":\"apparel\",…}");
                throw new CheckInputException(errors);
            }

            foreach (var property in root.EnumerateObject().Where(p => !KnownFields.Contains(p.Name)))
            {
                Error(property.Name, $"unknown field (known: {string.Join(", ", KnownFields)})");
            }

            var country = Text(root, "country", Error)?.ToUpperInvariant();
            if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            {
                Error("country", $"'{country}' is not an ISO 3166-1 alpha-2 code (e.g. US, FR)");
            }

            var category = Text(root, "category", Error);
            var weight = Positive(root, "weightKg", Error);
            var size = new List<decimal>();
            if (!root.TryGetProperty("sizeCm", out var sides) || sides.ValueKind != JsonValueKind.Array || sides.GetArrayLength() != 3)
            {
                Error("sizeCm", "required, the parcel's three sides in cm, e.g. [30, 20, 5]");
            }
            else
            {
                var index = 0;
                foreach (var side in sides.EnumerateArray())
                {
                    if (side.ValueKind != JsonValueKind.Number || side.GetDecimal() <= 0)
                    {
                        Error($"sizeCm[{index}]", $"{side.GetRawText()} is not a length above 0");
                    }
                    else
                    {
                        size.Add(side.GetDecimal());
                    }

                    index++;
                }
            }

            var amount = Positive(root, "amount", Error);
            var currency = root.TryGetProperty("currency", out _) ? Text(root, "currency", Error) : catalogue.Currency;
            if (currency is not null && !string.Equals(currency, catalogue.Currency, StringComparison.OrdinalIgnoreCase))
            {
                Error("currency", $"'{currency}': the catalogue's limits are in {catalogue.Currency}; give the amount in {catalogue.Currency}");
            }

            var buyerLine = Text(root, "buyerLine", Error);
            if (buyerLine is not null && catalogue.Find(buyerLine) is null)
            {
                Error("buyerLine", UnknownLine(buyerLine, catalogue));
            }

            var rights = Codes(root, "rights", Error);
            foreach (var right in rights.Where(r => !ConsumerRights.All.Contains(r)))
            {
                Error("rights", $"unknown right '{right}' (known: {string.Join(", ", ConsumerRights.All)})");
            }

            var templateLines = Codes(root, "templateLines", Error);
            foreach (var line in templateLines.Where(l => catalogue.Find(l) is null))
            {
                Error("templateLines", UnknownLine(line, catalogue));
            }

            var combined = false;
            if (root.TryGetProperty("combinedParcel", out var c))
            {
                if (c.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Error("combinedParcel", "true or false");
                }

                combined = c.ValueKind == JsonValueKind.True;
            }

            if (errors.Count > 0)
            {
                throw new CheckInputException(errors);
            }

            return new LineChangeOrder(country!, category!, weight!.Value, size, amount!.Value, catalogue.Currency, buyerLine!, rights, combined, templateLines);
        }
    }

    /// <summary>"unknown line 'X' (known: …)", the reason every unknown line code gets.</summary>
    public static string UnknownLine(string code, LineCatalogue catalogue) =>
        $"unknown line '{code}' (known: {string.Join(", ", catalogue.Lines.Select(l => l.Code))})";

    private static string? Text(JsonElement root, string field, Action<string, string> error)
    {
        if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString()!.Trim();
        }

        error(field, "required, a non-empty string");
        return null;
    }

    private static decimal? Positive(JsonElement root, string field, Action<string, string> error)
    {
        if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.GetDecimal() > 0)
        {
            return value.GetDecimal();
        }

        error(field, root.TryGetProperty(field, out var given) ? $"{given.GetRawText()} is not a number above 0" : "required, a number above 0");
        return null;
    }

    private static HashSet<string> Codes(JsonElement root, string field, Action<string, string> error)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return codes;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            error(field, "an array of strings");
            return codes;
        }

        codes.UnionWith(value.EnumerateArray().Select(v => v.GetString()!));
        return codes;
    }
}
