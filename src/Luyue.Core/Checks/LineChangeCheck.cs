using System.Globalization;

namespace Luyue.Core.Checks;

/// <summary>The reason codes of RULES §6, as they appear in answers.</summary>
public static class LineChangeReasons
{
    public const string Unsupported = "unsupported";
    public const string Downgrade = "downgrade";
    public const string ConsumerRight = "consumer-right";
    public const string CustomLine = "custom-line";
    public const string SlowerPromise = "slower-promise";

    /// <summary>What each reason risks, in a merchant's words (seed 001, 更换买家下单线路风险 and 更换须知).</summary>
    public static string Risk(string code) => code switch
    {
        Unsupported => "The shipping notice cannot be submitted with this line (it cannot be chosen, or the tracking number is refused), "
                       + "so the order closes on timeout and the buyer is refunded.",
        Downgrade => "The buyer chose a better service than this line gives; AliExpress's logistics policy forbids shipping by a lower tier "
                     + "(不降级发货), so expect the notice to be refused or the order to count as not shipped as agreed.",
        ConsumerRight => "The order carries a consumer right that only the buyer's line honours; another line breaks that right: ship by the buyer's line.",
        CustomLine => "Shipping by a seller custom line instead of the agreed line risks a penalty (违约金) for not shipping as agreed, "
                      + "and the notice is refused unless the line is in the item's freight template and the buyer could choose it.",
        SlowerPromise => "This line promises a later delivery than the buyer's: if the parcel arrives after the buyer line's promise but within this line's, "
                         + "a buyer dispute is refunded and you may get no logistics compensation.",
        _ => code,
    };
}

/// <summary>One reason a line change is blocked: its code, what exactly is wrong, and what it risks.</summary>
public sealed record LineChangeReason(string Code, string Detail, string Risk);

/// <summary>A line the order could ship by, with its promised days to the order's country (null: none promised).</summary>
public sealed record LineOption(ShippingLine Line, int? PromisedDays, bool IsBuyerLine);

/// <summary>
/// The answer of the line-change check: allowed when no reason stands (each reason in RULES §6 is a "do not" of the
/// seed, so any one blocks the change), every reason with its risk, and the lines that would be allowed, best first.
/// </summary>
public sealed record LineChangeVerdict(
    LineChangeOrder Order,
    ShippingLine Line,
    ShippingLine BuyerLine,
    IReadOnlyList<LineChangeReason> Reasons,
    IReadOnlyList<LineOption> AllowedLines)
{
    public bool Allowed => Reasons.Count == 0;
}

/// <summary>
/// AliExpress line-change check (RULES §6): may this order ship by a line other than the buyer's? Pure: the
/// catalogue's values decide, and nothing here knows a line by name.
/// </summary>
public sealed class LineChangeCheck(LineCatalogue catalogue)
{
    public LineCatalogue Catalogue { get; } = catalogue;

    /// <summary>Judges shipping <paramref name="order"/> by <paramref name="lineCode"/>; an unknown code is a <see cref="CheckInputException"/>.</summary>
    public LineChangeVerdict Check(LineChangeOrder order, string lineCode)
    {
        var line = Catalogue.Find(lineCode)
                   ?? throw new CheckInputException([new CheckInputError("", "", "line", LineChangeOrder.UnknownLine(lineCode, Catalogue))]);
        var buyerLine = Catalogue.Find(order.BuyerLine)
                        ?? throw new CheckInputException([new CheckInputError("", "", "buyerLine", LineChangeOrder.UnknownLine(order.BuyerLine, Catalogue))]);
        return new LineChangeVerdict(order, line, buyerLine, Reasons(order, line, buyerLine), AllowedLines(order, buyerLine));
    }

    /// <summary>
    /// Every line with no reason against it: the buyer's line first (it carries no change risk), then higher tiers,
    /// then shorter promises, custom lines (no tier, no promise) last.
    /// </summary>
    private List<LineOption> AllowedLines(LineChangeOrder order, ShippingLine buyerLine) =>
        [.. Catalogue.Lines
            .Where(l => Reasons(order, l, buyerLine).Count == 0)
            .Select(l => new LineOption(l, l.PromisedDays(order.Country), l.Code == buyerLine.Code))
            .OrderByDescending(o => o.IsBuyerLine)
            .ThenByDescending(o => o.Line.Tier ?? int.MinValue)
            .ThenBy(o => o.PromisedDays ?? int.MaxValue)
            .ThenBy(o => o.Line.Code, StringComparer.Ordinal)];

    private List<LineChangeReason> Reasons(LineChangeOrder order, ShippingLine line, ShippingLine buyerLine)
    {
        var reasons = new List<LineChangeReason>();
        void Add(string code, string detail) => reasons.Add(new LineChangeReason(code, detail, LineChangeReasons.Risk(code)));

        foreach (var limit in Unsupported(order, line))
        {
            Add(LineChangeReasons.Unsupported, limit);
        }

        if (line.Code == buyerLine.Code)
        {
            return reasons;
        }

        if (Downgrade(order, line, buyerLine) is { } downgrade)
        {
            Add(LineChangeReasons.Downgrade, downgrade);
        }

        foreach (var right in ConsumerRights.All.Where(order.Rights.Contains))
        {
            Add(LineChangeReasons.ConsumerRight, $"the order has {ConsumerRights.Describe(right)}: it must ship by the buyer's line {Name(buyerLine)}");
        }

        if (line.Custom)
        {
            if (!order.TemplateLines.Contains(line.Code))
            {
                Add(LineChangeReasons.CustomLine,
                    $"{Name(line)} is a seller custom line that is not in the item's freight template as a line the buyer could choose");
            }
            else if (buyerLine.CustomReplacementPenalty)
            {
                Add(LineChangeReasons.CustomLine, $"the buyer ordered {Name(buyerLine)}; replacing it with the custom line {Name(line)} risks a penalty");
            }
        }

        if (line.PromisedDays(order.Country) is { } days && buyerLine.PromisedDays(order.Country) is { } promised && days > promised)
        {
            Add(LineChangeReasons.SlowerPromise,
                $"{Name(line)} promises {days} days to {order.Country}, the buyer's {Name(buyerLine)} {promised} days ({days - promised} days later)");
        }

        return reasons;
    }

    private IEnumerable<string> Unsupported(LineChangeOrder order, ShippingLine line)
    {
        if (!line.Serves(order.Country))
        {
            yield return $"{Name(line)} does not deliver to {order.Country}";
        }

        if (!line.SpecialGoods && Catalogue.SpecialGoodsCategories.Contains(order.Category))
        {
            yield return $"{Name(line)} does not carry special goods ({order.Category})";
        }

        if (!line.WeightKg.Contains(order.WeightKg))
        {
            yield return $"{Name(line)} carries {Range(line.WeightKg, "kg")}; the parcel weighs {N(order.WeightKg)} kg";
        }

        var longest = order.SizeCm.Max();
        if (line.SizeCm.Longest is { } maxSide && longest > maxSide)
        {
            yield return $"{Name(line)} takes a longest side of at most {N(maxSide)} cm; the parcel's is {N(longest)} cm";
        }

        var sum = order.SizeCm.Sum();
        if (line.SizeCm.Sum is { } maxSum && sum > maxSum)
        {
            yield return $"{Name(line)} takes at most {N(maxSum)} cm for the three sides together; the parcel's make {N(sum)} cm";
        }

        if (!line.Amount.Contains(order.Amount))
        {
            yield return $"{Name(line)} takes amounts of {Range(line.Amount, Catalogue.Currency)}; the parcel's is {N(order.Amount)} {Catalogue.Currency}";
        }
    }

    /// <summary>
    /// One item: the proposed tier against the buyer's line's. A parcel of several items: against the least tier
    /// the policy requires for the package amount (seed 001: 多个商品合并发货 … 满足包裹网规金额).
    /// </summary>
    private string? Downgrade(LineChangeOrder order, ShippingLine line, ShippingLine buyerLine)
    {
        if (line.Tier is not { } tier)
        {
            return null;
        }

        if (order.CombinedParcel)
        {
            return Catalogue.CombinedParcelMinTier(order.Amount) is { } required && tier < required
                ? $"a combined parcel of {N(order.Amount)} {Catalogue.Currency} needs a line of tier {required} or above; {Name(line)} is tier {tier}"
                : null;
        }

        return buyerLine.Tier is { } buyerTier && tier < buyerTier
            ? $"{Name(line)} is tier {tier}, below the buyer's {Name(buyerLine)} (tier {buyerTier})"
            : null;
    }

    private static string Name(ShippingLine line) => $"{line.NameZh} ({line.Code})";

    private static string Range(Bounds bounds, string unit) =>
        bounds.Max is { } max ? $"{N(bounds.Min)}–{N(max)} {unit}" : $"at least {N(bounds.Min)} {unit}";

    private static string N(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
