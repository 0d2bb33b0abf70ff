using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Simulation.Tests;

/// <summary>Each injected fault looks in the stream like what the rule it targets detects.</summary>
public class ViolationShapeTests
{
    public static TheoryData<ViolationKind> Kinds() => new(Enum.GetValues<ViolationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_order_given_a_fault_shows_it(ViolationKind kind)
    {
        var platforms = kind switch
        {
            ViolationKind.NoLogistics => new PlatformMix { Tmall = 0, Taote = 0, Douyin = 0, AliExpress = 0, Alibaba1688 = 1 },
            ViolationKind.FakeSign => new PlatformMix { Tmall = 1, Taote = 0, Douyin = 0, AliExpress = 0, Alibaba1688 = 0 },
            ViolationKind.FraudComplaint => new PlatformMix { Tmall = 0, Taote = 1, Douyin = 1, AliExpress = 0, Alibaba1688 = 0 },
            _ => new PlatformMix(),
        };
        var s = GeneratedStream.Generate(new GeneratorOptions
        {
            Orders = 400,
            Seed = 100 + (int)kind,
            Platforms = platforms,
            Violations = ViolationMix.None.With(kind, 1),
            LabelMilestones = true,
        });
        var affected = s.Orders.Values.Where(o => kind switch
        {
            ViolationKind.Duplicate => o.Plan.Duplicated,
            ViolationKind.OutOfOrder => o.Plan.Shuffled,
            _ => o.Plan.Story == kind,
        }).ToList();
        Assert.Equal(s.Summary.Violations[kind], affected.Count);
        // Everything eligible gets it, but for reused numbers in the run's first hour (nothing to copy yet).
        Assert.True(affected.Count >= s.Summary.Eligible[kind] * 0.9, $"{affected.Count} of {s.Summary.Eligible[kind]} eligible orders");
        Assert.True(affected.Count >= 300, $"only {affected.Count} orders have {kind}");
        foreach (var order in affected)
        {
            AssertShows(kind, order, s);
        }
    }

    private static void AssertShows(ViolationKind kind, OrderRecord order, GeneratedStream s)
    {
        var id = order.Paid.Order;
        var trace = order.Trace;
        var shipped = order.Shipped;
        switch (kind)
        {
            case ViolationKind.LateShipment:
                Assert.True(shipped is null || shipped.At >= Deadlines.Ship(order.Paid), id);
                break;
            case ViolationKind.NoPickup:
                Assert.NotNull(shipped);
                Assert.Empty(trace);
                break;
            case ViolationKind.LatePickup:
                Assert.True(trace[0].Kind == "pickup" && trace[0].At >= Deadlines.Pickup(order.Paid, shipped!.At), id);
                break;
            case ViolationKind.HubStall:
                var arrival = trace.First(x => x.Kind == "hub-arrival");
                var next = trace[trace.IndexOf(arrival) + 1];
                Assert.True(next.At >= trace[0].At + Duration.FromHours(48), $"{id} leaves the first hub at {next.At}");
                break;
            case ViolationKind.Gap:
                var beforeDelivery = trace.TakeWhile(x => x.Kind != "out-for-delivery").ToList();
                Assert.Contains(beforeDelivery.Skip(1).Zip(beforeDelivery), pair => pair.First.At - pair.Second.At > Duration.FromHours(72));
                break;
            case ViolationKind.LateDelivery:
                var outForDelivery = trace.First(x => x.Kind == "out-for-delivery");
                Assert.True(trace.First(x => x.Kind == "signed").At > Deadlines.Delivery(outForDelivery.At), id);
                break;
            case ViolationKind.ReusedNumber:
                Assert.DoesNotContain(trace, x => x.At > shipped!.At);
                var earlier = s.Lines.Select(l => l.Event).OfType<OrderShipped>()
                    .Where(x => x.Carrier == shipped!.Carrier && x.Tracking == shipped.Tracking && x.Order != id).ToList();
                // The waybill's first upload is the genuine one (with every order reusing, many copy the same one).
                var original = s.Orders[earlier.MinBy(x => x.At)!.Order];
                Assert.NotEqual(ViolationKind.ReusedNumber, original.Plan.Story);
                Assert.True(original.Shipped!.At < shipped!.At && original.Shipped.At > shipped.At - Duration.FromDays(30), id);
                Assert.True(original.Paid.Buyer.Name != order.Paid.Buyer.Name || original.Paid.Buyer.Phone != order.Paid.Buyer.Phone, id);
                break;
            case ViolationKind.Transfer:
                var transfer = Assert.Single(trace, x => x.Kind == "transfer");
                Assert.Equal(order.Paid.Seller.Province, transfer.Province);
                Assert.Contains(trace, x => x.Carrier == transfer.NewCarrier && x.Tracking == transfer.NewTracking && x.Kind == "signed");
                break;
            case ViolationKind.LateEvidence:
                var pickupLine = order.Lines.First(l => l.Event is Scan { Kind: "pickup" });
                var deadline = Deadlines.Pickup(order.Paid, shipped!.At);
                Assert.True(pickupLine.Event.At < deadline, id);
                Assert.Contains(order.Lines, l => l.Index < pickupLine.Index && l.Event.At >= deadline);
                break;
            case ViolationKind.TrackingChange:
                var changed = Assert.Single(order.Events<TrackingChanged>());
                Assert.Equal("reissue", changed.Reason);
                Assert.NotEqual(shipped!.Tracking, changed.Tracking);
                Assert.Contains(trace, x => x.Tracking == shipped.Tracking && x.Kind == "exception" && x.At < changed.At);
                Assert.Contains(trace, x => x.Tracking == changed.Tracking && x.Kind == "signed");
                break;
            case ViolationKind.Refund:
                var refund = Assert.Single(order.Events<OrderRefunded>());
                Assert.Equal(order.Paid.Amount, refund.Amount);
                Assert.True(Assert.Single(order.Events<OrderClosed>()).At >= refund.At, id);
                break;
            case ViolationKind.NoLogistics:
                Assert.Equal(OrderMode.None, shipped!.Mode);
                Assert.Empty(order.Paid.Tags);
                Assert.Empty(trace);
                break;
            case ViolationKind.FakeSign:
            case ViolationKind.FraudComplaint:
                var complaint = Assert.Single(order.Events<Complaint>());
                string[] kinds = kind == ViolationKind.FakeSign ? ["fake-sign"] : ["empty-parcel", "wrong-item"];
                Assert.Contains(complaint.Kind, kinds);
                Assert.True(complaint.At > trace.First(x => x.Kind == "signed").At, id);
                break;
            case ViolationKind.AddressMismatch:
                var delivered = trace.First(x => x.Kind == "out-for-delivery");
                Assert.NotEqual(order.Paid.Buyer.City, delivered.City);
                Assert.NotEqual(order.Paid.Buyer.Province, delivered.Province);
                break;
            case ViolationKind.Duplicate:
                Assert.Contains(order.Lines.GroupBy(l => l.Event.Id), g => g.Count() > 1 && g.Select(l => l.Text).Distinct().Count() == 1);
                break;
            case ViolationKind.OutOfOrder:
                var scans = order.Lines.Where(l => l.Event is Scan).ToList();
                Assert.Contains(scans.Skip(1).Zip(scans), pair => pair.First.Event.At < pair.Second.Event.At);
                Assert.All(scans, l => Assert.True(l.Index >= 0));
                break;
            default:
                Assert.Fail($"no check for {kind}");
                break;
        }
    }
}
