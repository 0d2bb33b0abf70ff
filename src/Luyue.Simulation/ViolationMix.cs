namespace Luyue.Simulation;

/// <summary>
/// The share (0..1) of eligible orders that get each <see cref="ViolationKind"/>. An order is eligible when the kind
/// can happen on its platform and route: <see cref="NoLogistics"/> only on 1688, <see cref="FakeSign"/> only on
/// Tmall, <see cref="FraudComplaint"/> only on Taobao Special and Douyin, and cross-border (AliExpress) orders only
/// take the kinds that do not depend on the domestic route. The exclusive kinds together may not exceed 1.
/// Defaults are small, so most orders are clean, as on a real platform.
/// </summary>
public sealed record ViolationMix
{
    public double LateShipment { get; init; } = 0.03;
    public double NoPickup { get; init; } = 0.02;
    public double LatePickup { get; init; } = 0.03;
    public double HubStall { get; init; } = 0.02;
    public double Gap { get; init; } = 0.015;
    public double LateDelivery { get; init; } = 0.03;
    public double ReusedNumber { get; init; } = 0.01;
    public double Transfer { get; init; } = 0.02;
    public double LateEvidence { get; init; } = 0.01;
    public double TrackingChange { get; init; } = 0.01;
    public double Refund { get; init; } = 0.03;
    public double NoLogistics { get; init; } = 0.04;
    public double FakeSign { get; init; } = 0.01;
    public double FraudComplaint { get; init; } = 0.005;
    public double AddressMismatch { get; init; } = 0.005;
    public double Duplicate { get; init; } = 0.02;
    public double OutOfOrder { get; init; } = 0.02;

    /// <summary>No injected faults: every order meets every deadline and the stream arrives in time order.</summary>
    public static ViolationMix None { get; } = new()
    {
        LateShipment = 0, NoPickup = 0, LatePickup = 0, HubStall = 0, Gap = 0, LateDelivery = 0, ReusedNumber = 0,
        Transfer = 0, LateEvidence = 0, TrackingChange = 0, Refund = 0, NoLogistics = 0, FakeSign = 0,
        FraudComplaint = 0, AddressMismatch = 0, Duplicate = 0, OutOfOrder = 0,
    };

    public double ShareOf(ViolationKind kind) => kind switch
    {
        ViolationKind.LateShipment => LateShipment,
        ViolationKind.NoPickup => NoPickup,
        ViolationKind.LatePickup => LatePickup,
        ViolationKind.HubStall => HubStall,
        ViolationKind.Gap => Gap,
        ViolationKind.LateDelivery => LateDelivery,
        ViolationKind.ReusedNumber => ReusedNumber,
        ViolationKind.Transfer => Transfer,
        ViolationKind.LateEvidence => LateEvidence,
        ViolationKind.TrackingChange => TrackingChange,
        ViolationKind.Refund => Refund,
        ViolationKind.NoLogistics => NoLogistics,
        ViolationKind.FakeSign => FakeSign,
        ViolationKind.FraudComplaint => FraudComplaint,
        ViolationKind.AddressMismatch => AddressMismatch,
        ViolationKind.Duplicate => Duplicate,
        ViolationKind.OutOfOrder => OutOfOrder,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A copy with one share changed, so that a command line can apply <c>kind=share</c> pairs in turn.</summary>
    public ViolationMix With(ViolationKind kind, double share) => kind switch
    {
        ViolationKind.LateShipment => this with { LateShipment = share },
        ViolationKind.NoPickup => this with { NoPickup = share },
        ViolationKind.LatePickup => this with { LatePickup = share },
        ViolationKind.HubStall => this with { HubStall = share },
        ViolationKind.Gap => this with { Gap = share },
        ViolationKind.LateDelivery => this with { LateDelivery = share },
        ViolationKind.ReusedNumber => this with { ReusedNumber = share },
        ViolationKind.Transfer => this with { Transfer = share },
        ViolationKind.LateEvidence => this with { LateEvidence = share },
        ViolationKind.TrackingChange => this with { TrackingChange = share },
        ViolationKind.Refund => this with { Refund = share },
        ViolationKind.NoLogistics => this with { NoLogistics = share },
        ViolationKind.FakeSign => this with { FakeSign = share },
        ViolationKind.FraudComplaint => this with { FraudComplaint = share },
        ViolationKind.AddressMismatch => this with { AddressMismatch = share },
        ViolationKind.Duplicate => this with { Duplicate = share },
        ViolationKind.OutOfOrder => this with { OutOfOrder = share },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the share at fault.</summary>
    public void Validate()
    {
        var exclusive = 0.0;
        foreach (var kind in Enum.GetValues<ViolationKind>())
        {
            var share = ShareOf(kind);
            if (double.IsNaN(share) || share < 0 || share > 1)
            {
                throw new ArgumentException($"Violations.{kind}: the share must be between 0 and 1, not {share}.", nameof(kind));
            }

            if (!kind.IsOverlay())
            {
                exclusive += share;
            }
        }

        // A small tolerance so that shares typed as decimals (0.1 + 0.2 + ...) that add up to exactly 1 pass.
        if (exclusive > 1 + 1e-9)
        {
            throw new ArgumentException(
                $"Violations: the shares of the exclusive kinds (all but duplicate and out-of-order) add up to {exclusive.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}; an order has at most one of them, so they may add up to at most 1.");
        }
    }
}
