using NodaTime;

namespace Luyue.Core.Findings;

/// <summary>
/// The finding lifecycle of RULES.md §1, plus two extensions of CONTRACT.md's kinds: <see cref="Rejected"/>, a
/// filing or appeal refused, naming the condition it failed; and <see cref="Sanction"/>, an account measure with a
/// start and an end (fraud shipping's withdrawal restriction and longer auto-confirm).
/// </summary>
public enum FindingKind : byte { Warning, Violation, Retracted, Exempted, Penalty, Revoked, Strike, Rejected, Sanction }

public static class FindingKindText
{
    public static string ToText(this FindingKind kind) => kind switch
    {
        FindingKind.Warning => "warning",
        FindingKind.Violation => "violation",
        FindingKind.Retracted => "retracted",
        FindingKind.Exempted => "exempted",
        FindingKind.Penalty => "penalty",
        FindingKind.Revoked => "revoked",
        FindingKind.Strike => "strike",
        FindingKind.Rejected => "rejected",
        _ => "sanction",
    };
}

/// <summary>What a finding rests on: a scan milestone or an event type, when it happened, and a short detail.</summary>
public sealed record FindingEvidence(string Kind, Instant At, string? Detail = null);

/// <summary>
/// One finding in the CONTRACT.md format. <see cref="At"/> is the event time at which it arose: a violation's
/// deadline, a warning's warning time, a retraction's clock when the late evidence became known.
/// </summary>
public sealed record Finding(FindingKind Kind, string Rule, string? Order, Instant At)
{
    public string? Platform { get; init; }
    public string? Shop { get; init; }
    public string? Tracking { get; init; }
    public Instant? Start { get; init; }
    public Instant? Deadline { get; init; }
    public decimal? Amount { get; init; }
    public string? Reason { get; init; }
    public FindingEvidence? Evidence { get; init; }

    /// <summary>The pack version that judged the order (RULES §8).</summary>
    public string? PackVersion { get; init; }

    /// <summary>For re-judged rules (Douyin ship timeout): 1 for the first detection, 2, 3 …</summary>
    public int? Occurrence { get; init; }

    /// <summary>When a sanction ends (or, while it lasts, its earliest end).</summary>
    public Instant? End { get; init; }

    /// <summary>Store-level strikes: the item, the local day, the orders counted, the item's orders shipped that day.</summary>
    public string? Item { get; init; }

    public LocalDate? Day { get; init; }
    public int? Count { get; init; }
    public int? Shipped { get; init; }

    /// <summary>Strikes of this kind for the shop in the natural year so far, this one included.</summary>
    public int? YearCount { get; init; }
}

/// <summary>Receives findings in the order they arise. Implementations decide where they go (stdout, a store, SSE).</summary>
public interface IFindingSink
{
    void Emit(Finding finding);
}

/// <summary>Collects findings in memory: for tests and small replays.</summary>
public sealed class FindingList : IFindingSink
{
    private readonly List<Finding> items = [];

    public IReadOnlyList<Finding> Items => items;

    public void Emit(Finding finding) => items.Add(finding);
}
