using NodaTime;

namespace Luyue.Core.Rules;

/// <summary>How a rule is checked. Each check is one engine mechanism; every number it uses comes from the pack.</summary>
public enum CheckKind : byte
{
    /// <summary>Deadline D from a start S; met by evidence strictly before D (RULES §1).</summary>
    Deadline,

    /// <summary>Consecutive scans between pickup and first delivery further apart than a window (1688 gap).</summary>
    Gap,

    /// <summary>The same carrier and number uploaded within a window by an order for another recipient.</summary>
    ReusedNumber,

    /// <summary>The trace's destination city is not the buyer's.</summary>
    AddressMismatch,

    /// <summary>Shipped as "no logistics needed" without an agreed self-pickup or self-delivery.</summary>
    NoLogistics,

    /// <summary>An upheld consumer complaint of a given kind.</summary>
    Complaint,
}

/// <summary>
/// What starts a deadline clock. <see cref="ShipBy"/> and <see cref="DeliverBy"/> are the order's own agreed dates
/// (a marketplace's shipping limit and estimated delivery date): the rule applies only to orders that carry one.
/// </summary>
public enum StartAnchor : byte { Paid, Promise, Upload, Pickup, OutForDelivery, ShipBy, DeliverBy }

/// <summary>What evidence meets a deadline.</summary>
public enum Evidence : byte { Shipped, Pickup, AnyScan, LaterScan, Signed, LeftFirstHub }

/// <summary>
/// What an order's agreed ship date (<c>shipBy</c>: pre-sale, custom-made) does to a rule: nothing, replace its
/// deadline (ship-by rules), or move its start to that date when later (rules that follow shipping).
/// </summary>
public enum AgreedShipDate : byte { Ignored, Deadline, Start }

/// <summary>
/// Fraud shipping's account sanctions (RULES §3.2): the shop's balance is withdrawal-restricted for at least
/// <see cref="WithdrawalRestriction"/>, lifted the day after the period ends once every fraud order is resolved; the
/// order's auto-confirm time is extended by <see cref="AutoConfirmExtension"/>.
/// </summary>
public sealed record SanctionPolicy(Duration? WithdrawalRestriction, Duration? AutoConfirmExtension);

/// <summary>
/// A store-level strike (RULES §3.4): for one item on one calendar day, at least <see cref="MinOrders"/> orders with a
/// violation of <see cref="Counts"/> and at least <see cref="MinShare"/> of the item's orders shipped that day.
/// </summary>
public sealed record StrikeDefinition(string Id, string Title, IReadOnlyList<string> Counts, int MinOrders, decimal MinShare);

/// <summary>"20:00 on the next calendar day" in the platform's zone.</summary>
public sealed record CalendarDeadline(int DaysAfter, LocalTime Time);

/// <summary>Re-judging an unmet deadline every <see cref="Every"/> while it stays unmet, at most <see cref="Max"/> findings.</summary>
public sealed record Rejudge(Duration Every, int Max);

/// <summary>
/// One rule of a pack, frozen after loading. Exactly one of <see cref="Within"/>, <see cref="Calendar"/> or
/// <see cref="RouteExtraDays"/> sets a <see cref="CheckKind.Deadline"/> rule's deadline.
/// </summary>
public sealed record RuleDefinition
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required CheckKind Check { get; init; }
    public StartAnchor Start { get; init; }
    public Evidence MetBy { get; init; }
    public Duration? Within { get; init; }
    public CalendarDeadline? Calendar { get; init; }
    public int? RouteExtraDays { get; init; }
    public Duration? WarnAfterStart { get; init; }
    public Duration? WarnBeforeDeadline { get; init; }
    public Rejudge? Rejudge { get; init; }
    public Duration? Window { get; init; }
    /// <summary>Upheld complaints of these kinds are violations of a <see cref="CheckKind.Complaint"/> rule.</summary>
    public IReadOnlyList<string> ComplaintKinds { get; init; } = [];

    /// <summary>Account sanctions that follow a violation (fraud shipping: withdrawal restriction, longer auto-confirm).</summary>
    public SanctionPolicy? Sanctions { get; init; }
    public bool ExemptRemote { get; init; }
    public bool TransferAdjusted { get; init; }

    /// <summary>Orders with an agreed ship date (<c>shipBy</c>) are judged by it (custom-made, pre-sale).</summary>
    public AgreedShipDate AgreedShipDate { get; init; }

    /// <summary>Parameter names whose values the source articles do not state (RULES.md "assumed").</summary>
    public IReadOnlyList<string> Assumed { get; init; } = [];

    public string? Source { get; init; }

    /// <summary>The sanction; null when the rule has none (a record or an indicator only).</summary>
    public PenaltyPolicy? Penalty { get; init; }

    /// <summary>Which filings and appeals can exempt or revoke this rule's findings; null when none can.</summary>
    public FilingPolicy? Filing { get; init; }

    /// <summary>Position in the pack: findings refer to rules by index in the hot path.</summary>
    public int Index { get; init; }
}
