using NodaTime;

namespace Luyue.Core.Events;

/// <summary>
/// One fulfilment event in the format of CONTRACT.md. Events are immutable; <see cref="At"/> is the
/// event time (when it happened), which is what every rule judges on, never when the engine heard of it.
/// </summary>
public abstract record FulfilmentEvent(string? Id, Instant At)
{
    /// <summary>The CONTRACT.md <c>type</c> string.</summary>
    public abstract string Type { get; }
}

public enum OrderMode : byte { Express, Freight, Presale, None }

public sealed record Party(string? Name, string? Phone, string? Province, string? City, string? Address, string Country);

public sealed record OrderItem(string Item, int Quantity, decimal Amount);

public sealed record OrderPaid(
    string? Id, Instant At, string Platform, string Shop, string Order, decimal Amount,
    IReadOnlyList<OrderItem> Items, Party Buyer, Party Seller, Instant? ShipBy, OrderMode Mode,
    IReadOnlyList<string> Tags, string? Promise) : FulfilmentEvent(Id, At)
{
    public override string Type => "order.paid";

    /// <summary>
    /// The promised delivery date (a marketplace's estimated delivery date), for rules that start at it
    /// (<c>"start": "deliver-by"</c>); absent for the Chinese platforms, whose rules judge pickup and trace instead.
    /// </summary>
    public Instant? DeliverBy { get; init; }
}

public sealed record OrderShipped(string? Id, Instant At, string Order, string Carrier, string Tracking, OrderMode Mode)
    : FulfilmentEvent(Id, At)
{
    public override string Type => "order.shipped";
}

public sealed record Scan(
    string? Id, Instant At, string Carrier, string Tracking, string? Kind, string? Text, string? Code, string? Source,
    string? Province, string? City, string? Site, string? NewCarrier, string? NewTracking) : FulfilmentEvent(Id, At)
{
    public override string Type => "scan";

    /// <summary>
    /// What the first reader classified this scan as, for the next one with the same vocabulary (the server's engine
    /// and store indicators read the same scan object); not part of the event's value.
    /// </summary>
    internal Scans.RememberedClassification Classified;
}

public sealed record TrackingChanged(string? Id, Instant At, string Order, string Carrier, string Tracking, string? Reason)
    : FulfilmentEvent(Id, At)
{
    public override string Type => "order.tracking-changed";
}

public sealed record OrderRefunded(string? Id, Instant At, string Order, decimal Amount) : FulfilmentEvent(Id, At)
{
    public override string Type => "order.refunded";
}

public sealed record OrderClosed(string? Id, Instant At, string Order) : FulfilmentEvent(Id, At)
{
    public override string Type => "order.closed";
}

public sealed record Complaint(string? Id, Instant At, string Order, string ComplaintId, string Kind, bool Upheld)
    : FulfilmentEvent(Id, At)
{
    public override string Type => "complaint";
}

public sealed record FilingSubmitted(
    string? Id, Instant At, string Order, string Filing, string Reason, string? Detail, string? Evidence)
    : FulfilmentEvent(Id, At)
{
    public override string Type => "filing.submitted";
}

public sealed record FilingDecided(string? Id, Instant At, string Filing, bool Approved) : FulfilmentEvent(Id, At)
{
    public override string Type => "filing.decided";
}

public sealed record Announcement(
    string? Id, Instant At, string Platform, string AnnouncementId, Instant From, Instant To,
    IReadOnlyList<string> Provinces, int ExtendHours) : FulfilmentEvent(Id, At)
{
    public override string Type => "announcement";
}

/// <summary>Time has reached <see cref="FulfilmentEvent.At"/>: due timers fire.</summary>
public sealed record ClockTick(string? Id, Instant At) : FulfilmentEvent(Id, At)
{
    public override string Type => "clock";
}
