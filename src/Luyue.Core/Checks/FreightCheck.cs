using System.Globalization;
using Luyue.Core.Geography;

namespace Luyue.Core.Checks;

/// <summary>The rule IDs (RULES §5.5) and outcomes of freight findings.</summary>
public static class FreightFindings
{
    public const string RedLine = "1688.freight.red-line";
    public const string BlueLine = "1688.freight.blue-line";
    public const string FreightNote = "1688.freight.freight-note";

    /// <summary>Red line: the route's price is above the ratio × the median quote (the item is demoted in search).</summary>
    public const string AboveRedLine = "above-red-line";

    public const string WithinRedLine = "within-red-line";

    /// <summary>No carrier quoted the route, so the red line cannot be judged there.</summary>
    public const string NoQuote = "no-quote";

    public const string AtOrBelowGuideline = "at-or-below-guideline";
    public const string AboveGuideline = "above-guideline";
    public const string NoGuideline = "no-guideline";

    /// <summary>Blue line, per item: every route at or below the guideline, so the item is tagged 平台指导运费 the next day.</summary>
    public const string Tagged = "tagged";

    public const string NotTagged = "not-tagged";

    /// <summary>Freight note in a consumer category: the item is delisted.</summary>
    public const string Delisted = "delisted";
}

/// <summary>
/// One line of the freight report. For a route: <see cref="Price"/> is the template's price for one piece of the
/// item, <see cref="Reference"/> the median carrier quote (red line) or the guideline price (blue line),
/// <see cref="Limit"/> the price not to exceed (ratio × median, or the guideline), and <see cref="Difference"/> =
/// price − limit: above 0 is the amount over, below 0 the amount under. Yuan, rounded half away from zero to the fen
/// for showing only (the comparison uses the exact values). <see cref="Province"/> is null for a finding about the item.
/// </summary>
public sealed record FreightFinding(
    string Rule, string Item, string? Province, string Outcome, decimal? Price, decimal? Reference, decimal? Limit, decimal? Difference, string Detail);

/// <summary>
/// 1688 freight templates against carrier quotes and the platform's guideline prices (RULES §5.5, seed 000 运费红线 /
/// 运费蓝线): red line per route, blue line per route and item, freight notes in consumer categories. Each route is
/// judged for one piece of the item: a weight template and the quotes at the item's weight, a piece template at one
/// piece. Pure; inputs absent (null) are not judged.
/// </summary>
public sealed class FreightCheck(FreightRules rules)
{
    public FreightRules Rules { get; } = rules;

    public IReadOnlyList<FreightFinding> Check(
        IReadOnlyList<FreightItem> items, IReadOnlyList<CarrierQuote>? quotes, IReadOnlyDictionary<Province, FreightRate>? guidelines)
    {
        var findings = new List<FreightFinding>();
        foreach (var item in items)
        {
            if (item.Mode == FreightMode.Note)
            {
                if (Rules.ConsumerCategories.Contains(item.Category))
                {
                    findings.Add(new FreightFinding(FreightFindings.FreightNote, item.Item, null, FreightFindings.Delisted, null, null, null, null,
                        $"{item.Category} is a consumer category: an item with a freight note (\"{item.Note}\") instead of a template "
                        + "(by weight or by piece) is delisted; move it to a template"));
                }

                continue;
            }

            var routes = item.Routes.OrderBy(r => r.Key.Code, StringComparer.Ordinal).ToList();
            if (quotes is not null)
            {
                findings.AddRange(routes.Select(r => RedLine(item, r.Key, r.Value, quotes)));
            }

            if (guidelines is not null)
            {
                var blue = routes.Select(r => BlueLine(item, r.Key, r.Value, guidelines)).ToList();
                findings.AddRange(blue);
                var missed = blue.Count(b => b.Outcome != FreightFindings.AtOrBelowGuideline);
                findings.Add(missed == 0
                    ? new FreightFinding(FreightFindings.BlueLine, item.Item, null, FreightFindings.Tagged, null, null, null, null,
                        $"all {blue.Count} routes are at or below the guideline price: the item is tagged 平台指导运费 (and gets more traffic) the next day")
                    : new FreightFinding(FreightFindings.BlueLine, item.Item, null, FreightFindings.NotTagged, null, null, null, null,
                        $"{missed} of {blue.Count} routes are above the guideline price or have none: no 平台指导运费 tag"));
            }
        }

        return findings;
    }

    /// <summary>The price the item's template charges for one piece on a route.</summary>
    public static decimal TemplatePrice(FreightItem item, FreightRate rate) => rate.Price(item.Mode == FreightMode.Piece ? 1 : item.WeightKg);

    private FreightFinding RedLine(FreightItem item, Province province, FreightRate rate, IReadOnlyList<CarrierQuote> quotes)
    {
        var price = TemplatePrice(item, rate);
        var quoted = quotes.Where(q => q.Province == province).Select(q => q.Rate.Price(item.WeightKg)).Order().ToList();
        if (quoted.Count == 0)
        {
            return new FreightFinding(FreightFindings.RedLine, item.Item, province.Name, FreightFindings.NoQuote, Fen(price), null, null, null,
                $"no carrier quote to {province.Name}: the red line is not judged there");
        }

        var median = quoted.Count % 2 == 1 ? quoted[quoted.Count / 2] : (quoted[(quoted.Count / 2) - 1] + quoted[quoted.Count / 2]) / 2;
        var limit = Rules.RedLineRatio * median;
        var over = price > limit;
        var detail = over
            ? $"{Yuan(price)} is {Yuan(price - limit)} above the red line of {Yuan(limit)} ({Ratio} × the median of {quoted.Count} quotes, {Yuan(median)}) "
              + $"at {N(item.WeightKg)} kg: the item is demoted in search"
            : $"{Yuan(price)} is within the red line of {Yuan(limit)} ({Ratio} × the median of {quoted.Count} quotes, {Yuan(median)})";
        return new FreightFinding(FreightFindings.RedLine, item.Item, province.Name, over ? FreightFindings.AboveRedLine : FreightFindings.WithinRedLine,
            Fen(price), Fen(median), Fen(limit), Fen(price - limit), detail);
    }

    private static FreightFinding BlueLine(FreightItem item, Province province, FreightRate rate, IReadOnlyDictionary<Province, FreightRate> guidelines)
    {
        var price = TemplatePrice(item, rate);
        if (!guidelines.TryGetValue(province, out var guideline))
        {
            return new FreightFinding(FreightFindings.BlueLine, item.Item, province.Name, FreightFindings.NoGuideline, Fen(price), null, null, null,
                $"no guideline price for {province.Name}");
        }

        var limit = guideline.Price(item.WeightKg);
        var under = price <= limit;
        var detail = price == limit ? $"{Yuan(price)} is the guideline price at {N(item.WeightKg)} kg"
            : under ? $"{Yuan(price)} is {Yuan(limit - price)} under the guideline price of {Yuan(limit)} at {N(item.WeightKg)} kg"
            : $"{Yuan(price)} is {Yuan(price - limit)} above the guideline price of {Yuan(limit)} at {N(item.WeightKg)} kg";
        return new FreightFinding(FreightFindings.BlueLine, item.Item, province.Name, under ? FreightFindings.AtOrBelowGuideline : FreightFindings.AboveGuideline,
            Fen(price), Fen(limit), Fen(limit), Fen(price - limit), detail);
    }

    private string Ratio => N(Rules.RedLineRatio);

    /// <summary>Rounded to the fen, and always written with two decimals (adding 0.00 sets a decimal's scale to 2): 7 yuan is 7.00.</summary>
    private static decimal Fen(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero) + 0.00m;

    private static string Yuan(decimal yuan) => "¥" + Fen(yuan).ToString("0.00", CultureInfo.InvariantCulture);

    private static string N(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
