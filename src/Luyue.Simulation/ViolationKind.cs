namespace Luyue.Simulation;

/// <summary>
/// The faults the generator can inject into an order's story. Most are exclusive (an order has at most one of
/// them, so each one's effect on the findings stays readable); <see cref="Duplicate"/> and <see cref="OutOfOrder"/>
/// are delivery artefacts that overlay any story.
/// </summary>
public enum ViolationKind
{
    /// <summary>Tracking uploaded after the platform's ship deadline, or never.</summary>
    LateShipment,

    /// <summary>Tracking uploaded, but the carrier never scans the parcel (虚假发货).</summary>
    NoPickup,

    /// <summary>First pickup scan after the 24 h (upload) or 48 h (Tmall, payment) deadline.</summary>
    LatePickup,

    /// <summary>The parcel sits in the first distribution centre for more than 48 h after pickup.</summary>
    HubStall,

    /// <summary>More than 72 h between two consecutive scans before delivery starts.</summary>
    Gap,

    /// <summary>Out for delivery, but not signed by 20:00 on the next calendar day.</summary>
    LateDelivery,

    /// <summary>The tracking number of a recent order to another recipient is uploaded again (same carrier).</summary>
    ReusedNumber,

    /// <summary>Handed to another carrier inside the origin province (转运); later scans are on the new number.</summary>
    Transfer,

    /// <summary>A pickup stamped before its deadline arrives only after events later than that deadline.</summary>
    LateEvidence,

    /// <summary>The parcel is lost and reissued: <c>order.tracking-changed</c> with reason <c>reissue</c>.</summary>
    TrackingChange,

    /// <summary>A full refund (before shipping, after a missed pickup, or after a return), then the order closes.</summary>
    Refund,

    /// <summary>1688 only: shipped as "no logistics needed" (无需物流) with no self-pickup or self-delivery agreed.</summary>
    NoLogistics,

    /// <summary>Tmall only: a <c>fake-sign</c> complaint after the parcel is marked signed.</summary>
    FakeSign,

    /// <summary>Taobao Special and Douyin: an <c>empty-parcel</c> or <c>wrong-item</c> complaint after delivery.</summary>
    FraudComplaint,

    /// <summary>The trace ends in a city other than the buyer's.</summary>
    AddressMismatch,

    /// <summary>Overlay: one event of the order is delivered twice with the same <c>id</c>.</summary>
    Duplicate,

    /// <summary>Overlay: a run of the order's scans arrives shuffled (each after it happened, never before).</summary>
    OutOfOrder,
}

/// <summary>Kebab-case names for <see cref="ViolationKind"/>, as a command line or a report spells them.</summary>
public static class ViolationKindText
{
    public static string ToText(this ViolationKind kind) => kind switch
    {
        ViolationKind.LateShipment => "late-shipment",
        ViolationKind.NoPickup => "no-pickup",
        ViolationKind.LatePickup => "late-pickup",
        ViolationKind.HubStall => "hub-stall",
        ViolationKind.Gap => "gap",
        ViolationKind.LateDelivery => "late-delivery",
        ViolationKind.ReusedNumber => "reused-number",
        ViolationKind.Transfer => "transfer",
        ViolationKind.LateEvidence => "late-evidence",
        ViolationKind.TrackingChange => "tracking-change",
        ViolationKind.Refund => "refund",
        ViolationKind.NoLogistics => "no-logistics",
        ViolationKind.FakeSign => "fake-sign",
        ViolationKind.FraudComplaint => "fraud-complaint",
        ViolationKind.AddressMismatch => "address-mismatch",
        ViolationKind.Duplicate => "duplicate",
        ViolationKind.OutOfOrder => "out-of-order",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? text, out ViolationKind kind)
    {
        foreach (var candidate in Enum.GetValues<ViolationKind>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>True for the overlays that combine with any story rather than excluding the others.</summary>
    public static bool IsOverlay(this ViolationKind kind) => kind is ViolationKind.Duplicate or ViolationKind.OutOfOrder;
}
