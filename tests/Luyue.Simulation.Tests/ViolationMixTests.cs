using Luyue.Core.Events;

namespace Luyue.Simulation.Tests;

/// <summary>Injected faults follow the configured shares, and the summary's counts can be found in the output.</summary>
public class ViolationMixTests
{
    private static readonly ViolationMix Mix = new()
    {
        LateShipment = 0.04, NoPickup = 0.03, LatePickup = 0.04, HubStall = 0.03, Gap = 0.03, LateDelivery = 0.04,
        ReusedNumber = 0.03, Transfer = 0.03, LateEvidence = 0.03, TrackingChange = 0.03, Refund = 0.04, NoLogistics = 0.1,
        FakeSign = 0.05, FraudComplaint = 0.04, AddressMismatch = 0.02, Duplicate = 0.05, OutOfOrder = 0.05,
    };

    private static readonly Lazy<GeneratedStream> Stream = new(() =>
        GeneratedStream.Generate(new GeneratorOptions { Orders = 20_000, Seed = 5, Violations = Mix }));

    public static TheoryData<ViolationKind> Kinds() => new(Enum.GetValues<ViolationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_gets_roughly_its_share_of_eligible_orders(ViolationKind kind)
    {
        var summary = Stream.Value.Summary;
        var eligible = summary.Eligible[kind];
        Assert.True(eligible > 3_000, $"{eligible} orders eligible for {kind}");
        var share = (double)summary.Violations[kind] / eligible;
        var expected = Mix.ShareOf(kind);
        // Five standard deviations of a binomial share: a seed change never trips it, a wrong mix always does.
        var tolerance = 5 * Math.Sqrt(expected * (1 - expected) / eligible);
        Assert.InRange(share, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void The_summary_counts_what_the_output_shows()
    {
        var s = Stream.Value;
        var events = s.Lines.Select(l => l.Event).DistinctBy(e => e.Id).ToList();
        long Count(ViolationKind kind) => s.Summary.Violations[kind];

        Assert.Equal(Count(ViolationKind.Refund), events.OfType<OrderRefunded>().Count());
        Assert.Equal(Count(ViolationKind.TrackingChange), events.OfType<TrackingChanged>().Count());
        Assert.Equal(Count(ViolationKind.NoLogistics), events.OfType<OrderShipped>().Count(x => x.Mode == OrderMode.None));
        Assert.Equal(Count(ViolationKind.FakeSign), events.OfType<Complaint>().Count(x => x.Kind == "fake-sign"));
        Assert.Equal(Count(ViolationKind.FraudComplaint), events.OfType<Complaint>().Count(x => x.Kind is "empty-parcel" or "wrong-item"));
        Assert.Equal(Count(ViolationKind.Transfer), events.OfType<Scan>().Count(x => x.NewTracking is not null));

        var uploads = events.OfType<OrderShipped>().Where(x => x.Mode != OrderMode.None);
        var reused = uploads.GroupBy(x => (x.Carrier, x.Tracking)).Sum(g => g.Count() - 1);
        Assert.Equal(Count(ViolationKind.ReusedNumber), reused);

        var copies = s.Lines.Count - events.Count;
        Assert.Equal(s.Summary.DuplicateEvents, copies);
    }

    [Fact]
    public void Late_shipments_are_exactly_the_orders_shipped_late_or_never()
    {
        var s = Stream.Value;
        foreach (var order in s.Orders.Values.Where(o => o.Plan.Story != ViolationKind.Refund))
        {
            var late = order.Shipped is not { } shipped || shipped.At >= Deadlines.Ship(order.Paid);
            Assert.Equal(order.Plan.Story == ViolationKind.LateShipment, late);
        }
    }
}
