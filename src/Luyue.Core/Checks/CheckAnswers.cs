namespace Luyue.Core.Checks;

// The answers of the checks as the command line (--format json) and the HTTP API both write them, so the two agree
// field for field. Plain records: System.Text.Json writes them (camelCase in both).

/// <summary>The line-change answer: allowed or blocked, every reason with its risk, and the lines that would be allowed, best first.</summary>
public sealed record LineChangeAnswer(
    bool Allowed,
    string Line,
    string BuyerLine,
    string Country,
    IReadOnlyList<LineChangeReason> Reasons,
    IReadOnlyList<LineChoice> AllowedLines,
    IReadOnlyList<string> Assumptions)
{
    /// <summary>
    /// The answer for a verdict. <see cref="Assumptions"/> lists the assumed catalogue values of the two lines compared,
    /// "CODE field: why", because the verdict rests on them and a merchant should know which numbers are not published.
    /// </summary>
    public static LineChangeAnswer From(LineChangeVerdict verdict) => new(
        verdict.Allowed,
        verdict.Line.Code,
        verdict.BuyerLine.Code,
        verdict.Order.Country,
        verdict.Reasons,
        [.. verdict.AllowedLines.Select(o => LineChoice.From(o.Line, o.PromisedDays, o.IsBuyerLine))],
        [.. new[] { verdict.Line, verdict.BuyerLine }.DistinctBy(l => l.Code)
            .SelectMany(l => l.Provenances.Where(p => p.Value.Assumed).Select(p => $"{l.Code} {p.Key}: {p.Value.Note}"))]);
}

/// <summary>A line the order could ship by.</summary>
public sealed record LineChoice(string Code, string NameZh, string NameEn, int? Tier, int? PromisedDays, bool BuyerLine)
{
    public static LineChoice From(ShippingLine line, int? promisedDays, bool buyerLine) =>
        new(line.Code, line.NameZh, line.NameEn, line.Tier, promisedDays, buyerLine);
}

/// <summary>One catalogue value with its provenance: the article that states it, or that it is assumed and why.</summary>
public sealed record SourcedValue(object? Value, string? Source, bool Assumed, string? Note)
{
    public static SourcedValue Of(object? value, Provenance provenance) => new(value, provenance.Source, provenance.Assumed, provenance.Note);
}

/// <summary>One catalogue line as the API lists it: every value with its provenance.</summary>
public sealed record CatalogueLine(
    string Code, string NameZh, string NameEn, SourcedValue Names, SourcedValue Custom, SourcedValue Tier, SourcedValue PromisedDays,
    SourcedValue Countries, SourcedValue SpecialGoods, SourcedValue WeightKg, SourcedValue SizeCm, SourcedValue Amount, SourcedValue CustomReplacementPenalty)
{
    public static CatalogueLine From(ShippingLine line)
    {
        var days = new Dictionary<string, int>(line.PromisedDaysByCountry, StringComparer.Ordinal);
        if (line.DefaultPromisedDays is { } d)
        {
            days["default"] = d;
        }

        SourcedValue V(string field, object? value) => SourcedValue.Of(value, line.Provenances[field]);
        return new CatalogueLine(
            line.Code, line.NameZh, line.NameEn,
            V("names", new { zh = line.NameZh, en = line.NameEn }),
            V("custom", line.Custom),
            V("tier", line.Tier),
            V("promisedDays", line.DefaultPromisedDays is null && days.Count == 0 ? null : days),
            V("countries", line.Countries is null ? "*" : line.Countries.Order(StringComparer.Ordinal).ToArray()),
            V("specialGoods", line.SpecialGoods),
            V("weightKg", new { min = line.WeightKg.Min, max = line.WeightKg.Max }),
            V("sizeCm", new { longest = line.SizeCm.Longest, sum = line.SizeCm.Sum }),
            V("amount", new { min = line.Amount.Min, max = line.Amount.Max }),
            V("customReplacementPenalty", line.CustomReplacementPenalty));
    }
}

/// <summary>The whole catalogue: its lines, the catalogue-wide values, and their currency.</summary>
public sealed record CatalogueAnswer(string Source, string Currency, SourcedValue SpecialGoodsCategories, SourcedValue CombinedParcelPolicy, IReadOnlyList<CatalogueLine> Lines)
{
    public static CatalogueAnswer From(LineCatalogue catalogue) => new(
        catalogue.Source,
        catalogue.Currency,
        SourcedValue.Of(catalogue.SpecialGoodsCategories.Order(StringComparer.Ordinal).ToArray(), catalogue.Provenances["specialGoodsCategories"]),
        SourcedValue.Of(catalogue.CombinedParcelPolicy.Select(t => new { fromAmount = t.FromAmount, minTier = t.MinTier }).ToArray(),
            catalogue.Provenances["combinedParcelPolicy"]),
        [.. catalogue.Lines.Select(CatalogueLine.From)]);
}

/// <summary>The freight report: every finding, and per outcome how many.</summary>
public sealed record FreightAnswer(int Items, IReadOnlyDictionary<string, int> Outcomes, IReadOnlyList<FreightFinding> Findings, IReadOnlyList<string> Assumptions)
{
    public static FreightAnswer From(int items, IReadOnlyList<FreightFinding> findings, FreightRules rules) => new(
        items,
        findings.GroupBy(f => $"{f.Rule} {f.Outcome}", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        findings,
        [.. rules.Provenances.Where(p => p.Value.Assumed).Select(p => $"{p.Key}: {p.Value.Note}")]);
}
