namespace Luyue.Simulation.Timeline;

/// <summary>What one planned event is; the materialiser turns it into a CONTRACT event and its carrier's text.</summary>
internal enum StepKind : byte
{
    Paid,
    Shipped,
    Pickup,
    HubArrival,
    HubDeparture,
    OutletArrival,
    OutForDelivery,
    Held,
    Collected,
    Signed,
    Returned,
    Lost,
    Transfer,
    ExportSealed,
    Airborne,
    ArrivedAbroad,
    TrackingChanged,
    Refunded,
    Closed,
    Complaint,
}

/// <summary>
/// Where a scan happened, when not at a hub: a hub is named by its city id (0 and up), the other sites by these
/// markers, resolved against the order's plan when the event is rendered.
/// </summary>
internal static class Sites
{
    /// <summary>The outlet that delivers to the buyer's (or the mismatched) district.</summary>
    public const short Delivery = -1;

    /// <summary>The international mail exchange office a cross-border parcel leaves through.</summary>
    public const short Exchange = -2;

    /// <summary>The outlet that collected the parcel from the shop.</summary>
    public const short Origin = -3;

    /// <summary>The destination city abroad.</summary>
    public const short Abroad = -4;
}

/// <summary>
/// One planned event, kept compact (32 bytes) because every order in flight holds its whole plan until its last
/// event is emitted. Times are Unix seconds: <see cref="At"/> is the event time, <see cref="EmitAt"/> when it
/// reaches the stream (later than <see cref="At"/> for late, shuffled or duplicated deliveries, never earlier).
/// </summary>
internal struct Step
{
    public long At;
    public long EmitAt;
    public StepKind Kind;

    /// <summary>Index of the parcel (waybill) in the plan this event concerns.</summary>
    public byte Parcel;

    /// <summary>Delivery attempt for out-for-delivery; the new parcel's index for a transfer.</summary>
    public byte Attempt;

    /// <summary>Set for a signature that follows a locker collection, and on injected duplicate copies (see <see cref="IsCopy"/>).</summary>
    public byte Flags;

    public short Place;
    public short Next;

    /// <summary>The event's number within its order: the suffix of its <c>id</c>, shared by a duplicate and its original.</summary>
    public ushort Number;

    /// <summary>Insertion order, which breaks ties between equal emission times.</summary>
    public ushort Ordinal;

    public const byte AfterCollectionFlag = 1;
    public const byte CopyFlag = 2;

    public readonly bool AfterCollection => (Flags & AfterCollectionFlag) != 0;

    public readonly bool IsCopy => (Flags & CopyFlag) != 0;

    public readonly bool IsScan => Kind is >= StepKind.Pickup and <= StepKind.ArrivedAbroad;
}
