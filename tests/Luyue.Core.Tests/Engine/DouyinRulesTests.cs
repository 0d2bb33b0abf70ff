using Luyue.Core.Findings;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

public class DouyinRulesTests
{
    private const string PickupRule = "douyin.pickup-timeout";
    private const string ShipRule = "douyin.ship-timeout";

    [Theory]
    [InlineData("2021-03-13T16:56:03+08:00", false)] // the article's last compliant second
    [InlineData("2021-03-13T16:56:04+08:00", true)] // the deadline itself is late: strictly before
    [InlineData("2021-03-13T21:05:30+08:00", true)] // the article's worked example
    public void Pickup_is_judged_strictly_before_upload_plus_24h(string pickupAt, bool violation)
    {
        var findings = Replay(
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Scan(pickupAt, "pickup"),
            Clock("2021-03-14T00:00:00+08:00"));

        var violations = findings.Of(PickupRule, FindingKind.Violation).ToList();
        Assert.Equal(violation ? 1 : 0, violations.Count);
        if (violation)
        {
            Assert.Equal("2021-03-13T16:56:04+08:00", violations[0].At());
            Assert.Equal("T1", violations[0].Tracking);
        }
    }

    [Fact]
    public void Pickup_warning_comes_six_hours_before_the_deadline()
    {
        var findings = Replay(
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Clock("2021-03-14T00:00:00+08:00"));

        var warning = Assert.Single(findings.Of(PickupRule, FindingKind.Warning));
        Assert.Equal("2021-03-13T10:56:04+08:00", warning.At());
    }

    [Fact]
    public void Unshipped_order_is_judged_at_P_then_every_24h_at_most_three_times()
    {
        var findings = Replay(
            Paid("douyin", "D2", "2020-11-08T22:11:53+08:00", extra: ",\"shipBy\":\"2020-11-10T22:11:53+08:00\""),
            Clock("2020-11-20T00:00:00+08:00"));

        var violations = findings.Of(ShipRule, FindingKind.Violation).Select(f => f.At()).ToList();
        Assert.Equal(["2020-11-10T22:11:53+08:00", "2020-11-11T22:11:53+08:00", "2020-11-12T22:11:53+08:00"], violations);
        Assert.Equal([1, 2, 3], findings.Of(ShipRule, FindingKind.Violation).Select(f => f.Occurrence!.Value));
    }

    [Fact]
    public void Shipping_between_rejudgements_stops_further_violations()
    {
        var findings = Replay(
            Paid("douyin", "D3", "2020-11-08T22:11:53+08:00", extra: ",\"shipBy\":\"2020-11-10T22:11:53+08:00\""),
            Shipped("D3", "2020-11-11T22:11:52+08:00"),
            Clock("2020-11-20T00:00:00+08:00"));

        Assert.Equal(["2020-11-10T22:11:53+08:00"], findings.Of(ShipRule, FindingKind.Violation).Select(f => f.At()));
    }

    [Fact]
    public void Without_shipBy_the_promise_defaults_to_48h_after_payment()
    {
        var findings = Replay(
            Paid("douyin", "D4", "2024-01-01T10:00:00+08:00"),
            Clock("2024-01-03T10:00:00+08:00"));

        Assert.Equal(["2024-01-03T10:00:00+08:00"], findings.Of(ShipRule, FindingKind.Violation).Select(f => f.At()));
    }

    [Fact]
    public void A_full_refund_stops_rejudging()
    {
        var findings = Replay(
            Paid("douyin", "D5", "2020-11-08T22:11:53+08:00", extra: ",\"shipBy\":\"2020-11-10T22:11:53+08:00\"", amount: 50m),
            """{"type":"order.refunded","at":"2020-11-11T09:00:00+08:00","order":"D5","amount":50}""",
            Clock("2020-11-20T00:00:00+08:00"));

        Assert.Equal(["2020-11-10T22:11:53+08:00"], findings.Of(ShipRule, FindingKind.Violation).Select(f => f.At()));
    }

    [Fact]
    public void A_partial_refund_does_not_stop_timers()
    {
        var findings = Replay(
            Paid("douyin", "D6", "2020-11-08T22:11:53+08:00", extra: ",\"shipBy\":\"2020-11-10T22:11:53+08:00\"", amount: 50m),
            """{"type":"order.refunded","at":"2020-11-11T09:00:00+08:00","order":"D6","amount":20}""",
            Clock("2020-11-20T00:00:00+08:00"));

        Assert.Equal(3, findings.Of(ShipRule, FindingKind.Violation).Count());
    }
}
