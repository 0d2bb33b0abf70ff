namespace Luyue.Core.Findings;

/// <summary>How <see cref="Ledger.Rows"/> groups findings.</summary>
public enum LedgerGrouping : byte { Shop, Rule, ShopRule }

/// <summary>
/// One line of the ledger: what the findings of one shop, rule, or shop and rule cost. <see cref="Platform"/> is
/// always set (shop names are only unique within a platform); <see cref="Shop"/> and <see cref="Rule"/> are null when
/// the grouping does not split by them, and all three are null on the total.
/// </summary>
public sealed record LedgerRow(string? Platform, string? Shop, string? Rule)
{
    /// <summary><c>penalty</c> findings with an amount.</summary>
    public long Penalties { get; init; }

    /// <summary>Yuan of those penalties.</summary>
    public decimal Charged { get; init; }

    /// <summary><c>penalty</c> findings without an amount: the pack has no rate for the rule ("rate not configured").</summary>
    public long NotConfigured { get; init; }

    public long Exempted { get; init; }

    /// <summary>Yuan of the penalties the exemptions spared (exemptions of unpriced rules add nothing).</summary>
    public decimal Spared { get; init; }

    public long Revoked { get; init; }

    /// <summary>Yuan given back by <c>revoked</c> findings.</summary>
    public decimal Refunded { get; init; }

    /// <summary>Violations and warnings as emitted: one later retracted or exempted still counts here.</summary>
    public long Violations { get; init; }

    public long Warnings { get; init; }

    /// <summary><c>retracted</c> findings: late evidence showed a rule met after all (of a violation, or of an exemption).</summary>
    public long Retracted { get; init; }

    /// <summary>What the merchant is out of pocket: charged less refunded.</summary>
    public decimal Net => Charged - Refunded;

    /// <summary>This row's numbers added to <paramref name="other"/>'s, keeping this row's platform, shop and rule.</summary>
    public LedgerRow Plus(LedgerRow other) => this with
    {
        Penalties = Penalties + other.Penalties,
        Charged = Charged + other.Charged,
        NotConfigured = NotConfigured + other.NotConfigured,
        Exempted = Exempted + other.Exempted,
        Spared = Spared + other.Spared,
        Revoked = Revoked + other.Revoked,
        Refunded = Refunded + other.Refunded,
        Violations = Violations + other.Violations,
        Warnings = Warnings + other.Warnings,
        Retracted = Retracted + other.Retracted,
    };

    /// <summary>This row's numbers less <paramref name="other"/>'s: what changes from <paramref name="other"/> to this one.</summary>
    public LedgerRow Minus(LedgerRow other) => this with
    {
        Penalties = Penalties - other.Penalties,
        Charged = Charged - other.Charged,
        NotConfigured = NotConfigured - other.NotConfigured,
        Exempted = Exempted - other.Exempted,
        Spared = Spared - other.Spared,
        Revoked = Revoked - other.Revoked,
        Refunded = Refunded - other.Refunded,
        Violations = Violations - other.Violations,
        Warnings = Warnings - other.Warnings,
        Retracted = Retracted - other.Retracted,
    };
}

/// <summary>
/// Sums findings into money per shop and rule: penalties charged, penalties the pack cannot price, exemptions and
/// the penalties they spared, revocations and the amounts refunded, net. It reads only findings, never events or
/// packs, so the same sums come from a replay, a findings file or (later) the store. Findings are kept per
/// (platform, shop, rule) cell and grouped on demand, so one ledger answers every grouping. Not thread-safe.
/// </summary>
public sealed class Ledger : IFindingSink
{
    private readonly Dictionary<(string Platform, string Shop, string Rule), LedgerRow> cells = [];

    private static readonly LedgerRow Nothing = new(null, null, null);

    /// <summary>The key used for findings that name no shop (CONTRACT makes <c>shop</c> optional).</summary>
    public const string NoShop = "";

    public void Emit(Finding finding) => Add(finding);

    public void Add(Finding finding)
    {
        var change = finding.Kind switch
        {
            FindingKind.Penalty when finding.Amount is { } amount => Nothing with { Penalties = 1, Charged = amount },
            FindingKind.Penalty => Nothing with { NotConfigured = 1 },
            FindingKind.Exempted => Nothing with { Exempted = 1, Spared = finding.Amount ?? 0 },
            FindingKind.Revoked => Nothing with { Revoked = 1, Refunded = finding.Amount ?? 0 },
            FindingKind.Violation => Nothing with { Violations = 1 },
            FindingKind.Warning => Nothing with { Warnings = 1 },
            FindingKind.Retracted => Nothing with { Retracted = 1 },
            _ => null, // strikes, sanctions and rejected filings move no money
        };
        if (change is null)
        {
            return;
        }

        var key = (PlatformOf(finding), finding.Shop ?? NoShop, finding.Rule);
        cells[key] = cells.TryGetValue(key, out var row) ? row.Plus(change) : change with { Platform = key.Item1, Shop = key.Item2, Rule = key.Item3 };
    }

    /// <summary>The rows of one grouping, ordered by platform, shop and rule (ordinal).</summary>
    public IReadOnlyList<LedgerRow> Rows(LedgerGrouping by)
    {
        var rows = new SortedDictionary<(string Platform, string Shop, string Rule), LedgerRow>(OrdinalKeys.Instance);
        foreach (var (key, cell) in cells)
        {
            var group = by switch
            {
                LedgerGrouping.Shop => (key.Platform, key.Shop, ""),
                LedgerGrouping.Rule => (key.Platform, "", key.Rule),
                _ => key,
            };
            rows[group] = rows.TryGetValue(group, out var row) ? row.Plus(cell)
                : cell with { Shop = by == LedgerGrouping.Rule ? null : cell.Shop, Rule = by == LedgerGrouping.Shop ? null : cell.Rule };
        }

        return [.. rows.Values];
    }

    /// <summary>Every cell added up.</summary>
    public LedgerRow Total => cells.Values.Aggregate(Nothing, (sum, cell) => sum.Plus(cell));

    /// <summary>CONTRACT findings name their platform; older files may not, and every rule id starts with it.</summary>
    private static string PlatformOf(Finding finding)
    {
        if (finding.Platform is { } platform)
        {
            return platform;
        }

        var dot = finding.Rule.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? finding.Rule[..dot] : finding.Rule;
    }

    /// <summary>Ordinal, so that the order of rows does not depend on the machine's culture.</summary>
    private sealed class OrdinalKeys : IComparer<(string Platform, string Shop, string Rule)>
    {
        public static readonly OrdinalKeys Instance = new();

        public int Compare((string Platform, string Shop, string Rule) x, (string Platform, string Shop, string Rule) y)
        {
            var c = string.CompareOrdinal(x.Platform, y.Platform);
            if (c == 0)
            {
                c = string.CompareOrdinal(x.Shop, y.Shop);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Rule, y.Rule);
        }
    }
}
