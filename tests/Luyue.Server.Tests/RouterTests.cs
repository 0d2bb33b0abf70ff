using Luyue.Core.Events;
using Luyue.Core.Rules;
using Luyue.Server.Engine;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>Which partition each event goes to (<see cref="Router"/>), with one partition and with several.</summary>
public class RouterTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 11, 8, 0);
    private static readonly Party Nobody = new(null, null, "浙江省", null, null, "CN");

    [Fact]
    public void With_one_partition_every_event_goes_to_it_in_the_order_given()
    {
        var router = new Router(1, RuleBook.Embedded.Carriers);
        FulfilmentEvent[] events = [Scan("s0", "YT1"), Paid("O-1"), Shipped("O-1", "YT1"), Decided("F-1"), Tick()];

        var routed = RouteAll(router, events);

        Assert.Equal(events.Select(e => (0, e)), routed);
        Assert.Equal(0, router.Parked);
    }

    [Fact]
    public void An_orders_events_go_to_the_partition_of_its_key_and_a_tenants_orders_spread()
    {
        var router = new Router(4, RuleBook.Embedded.Carriers);
        var orders = Enumerable.Range(0, 200).Select(i => $"O-{i}").ToList();

        foreach (var order in orders)
        {
            var partition = router.PartitionOf("t1", order);
            FulfilmentEvent[] events = [Paid(order), new OrderRefunded(null, T0, order, 1m), new OrderClosed(null, T0, order), new Complaint(null, T0, order, "C-1", "fake", true)];
            Assert.All(RouteAll(router, events), pair => Assert.Equal(partition, pair.Partition));
        }

        Assert.Equal(4, orders.Select(o => router.PartitionOf("t1", o)).Distinct().Count());
        Assert.Contains(orders, o => router.PartitionOf("t1", o) != router.PartitionOf("t2", o));
    }

    [Fact]
    public void A_scan_goes_where_its_number_was_shipped_and_one_before_the_shipment_waits_for_it()
    {
        var router = new Router(4, RuleBook.Embedded.Carriers);
        var order = "O-7";
        var home = router.PartitionOf("t1", order);
        var early = Scan("s1", "YT1");

        Assert.Empty(RouteAll(router, [early]));
        Assert.Equal(1, router.Parked);

        var shipped = Shipped(order, "YT1");
        var late = Scan("s2", "YT1");
        // The shipment first, then the scan that waited; the carrier's name and its code are one carrier.
        Assert.Equal([(home, shipped), (home, early)], RouteAll(router, [shipped]));
        Assert.Equal([(home, late)], RouteAll(router, [late]));
        Assert.Equal([(home, Scan("s3", "YT1", carrier: "中通"))], RouteAll(router, [Scan("s3", "YT1", carrier: "中通")]));
        Assert.Equal(0, router.Parked);
        // Another tenant's number of the same name is not claimed.
        Assert.Empty(RouteAll(router, [Scan("s4", "YT1")], tenant: "t2"));
    }

    [Fact]
    public void A_number_two_orders_shipped_from_different_partitions_has_its_scans_go_to_both()
    {
        var router = new Router(4, RuleBook.Embedded.Carriers);
        var (first, second) = TwoOrdersApart(router);
        var scan = Scan("s1", "YT9");

        RouteAll(router, [Shipped(first, "YT9"), Shipped(second, "YT9")]);

        Assert.Equal([(router.PartitionOf("t1", first), scan), (router.PartitionOf("t1", second), scan)], RouteAll(router, [scan]));
    }

    [Fact]
    public void A_transfer_gives_the_new_number_to_the_partitions_holding_the_old_one()
    {
        var router = new Router(4, RuleBook.Embedded.Carriers);
        var home = router.PartitionOf("t1", "O-3");
        var waiting = Scan("s0", "JT2", carrier: "JTEXPRESS");
        RouteAll(router, [waiting, Shipped("O-3", "YT1")]);
        var transfer = Scan("s1", "YT1") with { NewCarrier = "JTEXPRESS", NewTracking = "JT2" };

        // The transfer itself, then the new number's scan that was waiting for an owner.
        Assert.Equal([(home, transfer), (home, waiting)], RouteAll(router, [transfer]));
        Assert.Equal([(home, Scan("s2", "JT2", carrier: "JTEXPRESS"))], RouteAll(router, [Scan("s2", "JT2", carrier: "JTEXPRESS")]));
    }

    [Fact]
    public void A_decision_before_its_filing_waits_and_follows_the_filing_to_its_orders_partition()
    {
        var router = new Router(4, RuleBook.Embedded.Carriers);
        var home = router.PartitionOf("t1", "O-5");
        var decided = Decided("F-1");

        Assert.Empty(RouteAll(router, [decided]));
        Assert.Equal(1, router.Parked);
        var submitted = new FilingSubmitted(null, T0, "O-5", "F-1", "weather", null, null);
        Assert.Equal([(home, submitted), (home, decided)], RouteAll(router, [submitted]));
        Assert.Equal([(home, Decided("F-1"))], RouteAll(router, [Decided("F-1")]));
        Assert.Equal(0, router.Parked);
    }

    [Fact]
    public void Announcements_and_clock_ticks_reach_every_partition()
    {
        var router = new Router(3, RuleBook.Embedded.Carriers);
        var announcement = new Announcement(null, T0, "tmall", "A-1", T0, T0 + Duration.FromDays(3), ["新疆维吾尔自治区"], 48);
        var tick = Tick();

        Assert.Equal([(0, announcement), (1, announcement), (2, announcement), (0, tick), (1, tick), (2, tick)], RouteAll(router, [announcement, tick]));
    }

    private static List<(int Partition, FulfilmentEvent Event)> RouteAll(Router router, IEnumerable<FulfilmentEvent> events, string tenant = "t1")
    {
        var routed = new List<(int, FulfilmentEvent)>();
        foreach (var e in events)
        {
            router.Route(tenant, e, routed);
        }

        return routed;
    }

    private static (string, string) TwoOrdersApart(Router router)
    {
        var first = "O-0";
        var second = Enumerable.Range(1, 100).Select(i => $"O-{i}").First(o => router.PartitionOf("t1", o) != router.PartitionOf("t1", first));
        return (first, second);
    }

    private static OrderPaid Paid(string order) =>
        new(null, T0, "tmall", "shop-1", order, 10m, [], Nobody, Nobody, null, OrderMode.Express, [], null);

    private static OrderShipped Shipped(string order, string tracking) => new(null, T0, order, "ZTO", tracking, OrderMode.Express);

    private static Scan Scan(string id, string tracking, string carrier = "ZTO") =>
        new(id, T0, carrier, tracking, null, "快件已揽收", null, null, null, null, null, null, null);

    private static FilingDecided Decided(string filing) => new(null, T0, filing, true);

    private static ClockTick Tick() => new(null, T0);
}
