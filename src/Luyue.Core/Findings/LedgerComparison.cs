namespace Luyue.Core.Findings;

/// <summary>One rule's ledger under pack set A and under pack set B; <see cref="Change"/> is B less A.</summary>
public sealed record RuleComparison(string Rule, LedgerRow A, LedgerRow B)
{
    public LedgerRow Change => B.Minus(A);
}

/// <summary>
/// Lines up two ledgers of the same events, judged under two pack sets, rule by rule: the what-if of RULES §8
/// ("replay history under another version to see what would change"). A rule found under only one set appears with
/// zeros on the other side, so a rule a new version adds or drops is not lost.
/// </summary>
public static class LedgerComparison
{
    public static IReadOnlyList<RuleComparison> ByRule(Ledger a, Ledger b)
    {
        var before = a.Rows(LedgerGrouping.Rule).ToDictionary(r => r.Rule!, StringComparer.Ordinal);
        var after = b.Rows(LedgerGrouping.Rule).ToDictionary(r => r.Rule!, StringComparer.Ordinal);
        return before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(rule => new RuleComparison(rule,
                before.GetValueOrDefault(rule) ?? Empty(rule, after[rule]),
                after.GetValueOrDefault(rule) ?? Empty(rule, before[rule])))
            .ToList();
    }

    public static RuleComparison Total(Ledger a, Ledger b) => new("total", a.Total, b.Total);

    private static LedgerRow Empty(string rule, LedgerRow other) => new(other.Platform, null, rule);
}
