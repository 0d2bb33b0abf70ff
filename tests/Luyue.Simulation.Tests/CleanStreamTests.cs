using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Simulation.Tests;

/// <summary>With no injected faults every order meets every deadline of RULES.md, so findings come only from faults.</summary>
public class CleanStreamTests
{
    private static readonly Lazy<GeneratedStream> Stream = new(() => GeneratedStream.Generate(new GeneratorOptions
    {
        Orders = 5_000,
        Seed = 17,
        Violations = ViolationMix.None,
        LabelMilestones = true,
    }));

    private static IEnumerable<OrderRecord> Orders => Stream.Value.Orders.Values;

    [Fact]
    public void Every_order_ships_before_its_deadline()
    {
        foreach (var order in Orders)
        {
            var shipped = Assert.Single(order.Events<OrderShipped>());
            Assert.True(shipped.At > order.Paid.At && shipped.At < Deadlines.Ship(order.Paid), $"{order.Paid.Order} ships at {shipped.At}");
        }
    }

    [Fact]
    public void Every_parcel_is_picked_up_before_its_deadline_and_updated_within_a_day()
    {
        foreach (var order in Orders)
        {
            var trace = order.Trace;
            var pickup = trace.First();
            Assert.Equal("pickup", pickup.Kind);
            Assert.True(pickup.At < Deadlines.Pickup(order.Paid, order.Shipped!.At), $"{order.Paid.Order} picked up at {pickup.At}");
            Assert.True(trace[1].At < pickup.At + Duration.FromHours(24), $"{order.Paid.Order}: no update within 24 h of pickup");
        }
    }

    [Fact]
    public void Parcels_leave_the_first_hub_within_48_hours_and_never_go_72_hours_without_a_scan()
    {
        foreach (var order in Orders)
        {
            var trace = order.Trace;
            var pickup = trace[0];
            var departure = trace.First(s => s.Kind == "hub-departure");
            Assert.Equal(trace.First(s => s.Kind == "hub-arrival").Site, departure.Site);
            Assert.True(departure.At < pickup.At + Duration.FromHours(48), $"{order.Paid.Order} stalls in the first hub");
            var beforeDelivery = trace.TakeWhile(s => s.Kind != "out-for-delivery").ToList();
            for (var i = 1; i < beforeDelivery.Count; i++)
            {
                Assert.True(beforeDelivery[i].At - beforeDelivery[i - 1].At <= Duration.FromHours(72), $"{order.Paid.Order} has a gap");
            }
        }
    }

    [Fact]
    public void Parcels_out_for_delivery_are_signed_by_20_00_the_next_day_in_the_buyers_city()
    {
        foreach (var order in Orders)
        {
            var trace = order.Trace;
            var outForDelivery = trace.First(s => s.Kind == "out-for-delivery");
            var signed = trace.First(s => s.Kind == "signed");
            Assert.True(signed.At > outForDelivery.At && signed.At < Deadlines.Delivery(outForDelivery.At), $"{order.Paid.Order} signed at {signed.At}");
            var buyerCity = order.Paid.Buyer.Country == "CN" ? order.Paid.Buyer.City : null;
            if (buyerCity is not null)
            {
                Assert.Equal(buyerCity, signed.City);
                Assert.Equal(order.Paid.Buyer.Province, signed.Province);
            }
        }
    }

    [Fact]
    public void The_first_hub_is_in_the_origin_province_and_the_last_in_the_destination_province()
    {
        foreach (var order in Orders.Where(o => o.Paid.Buyer.Country == "CN"))
        {
            var hubs = order.Trace.Where(s => s.Kind == "hub-arrival").ToList();
            Assert.Equal(order.Paid.Seller.Province, hubs[0].Province);
            Assert.Equal(order.Paid.Buyer.Province, hubs[^1].Province);
            Assert.Equal(order.Paid.Seller.Province, order.Trace[0].Province);
        }
    }

    [Fact]
    public void Nothing_is_refunded_complained_about_reissued_or_transferred()
    {
        var events = Stream.Value.Lines.Select(l => l.Event).ToList();
        Assert.DoesNotContain(events, e => e is OrderRefunded or OrderClosed or Complaint or TrackingChanged);
        Assert.DoesNotContain(events.OfType<Scan>(), s => s.NewTracking is not null || s.Kind is "exception" or "returned");
        Assert.Equal(0, Stream.Value.Summary.Violations.Values.Sum());
    }
}
