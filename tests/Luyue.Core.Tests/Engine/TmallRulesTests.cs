using Luyue.Core.Findings;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

public class TmallRulesTests
{
    [Theory]
    [InlineData("2024-06-02T07:59:59+08:00", 0)]
    [InlineData("2024-06-02T08:00:00+08:00", 1)]
    public void Upload_is_due_strictly_before_24h_after_payment(string shippedAt, int violations)
    {
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00"),
            Shipped("TM1", shippedAt, "STO1", "sto"),
            Clock("2024-06-05T00:00:00+08:00"));

        Assert.Equal(violations, findings.Of("tmall.ship-timeout", FindingKind.Violation).Count());
    }

    [Fact]
    public void Pickup_warns_at_40h_and_is_overdue_at_48h()
    {
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00"),
            Shipped("TM1", "2024-06-01T20:00:00+08:00", "STO1", "sto"),
            Clock("2024-06-03T12:00:00+08:00"));

        Assert.Equal("2024-06-03T00:00:00+08:00", Assert.Single(findings.Of("tmall.pickup-timeout", FindingKind.Warning)).At());
        Assert.Equal("2024-06-03T08:00:00+08:00", Assert.Single(findings.Of("tmall.pickup-timeout", FindingKind.Violation)).At());
    }

    [Fact]
    public void A_pickup_between_warning_and_deadline_leaves_the_warning_only()
    {
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00"),
            Shipped("TM1", "2024-06-01T20:00:00+08:00", "STO1", "sto"),
            Scan("2024-06-03T07:59:59+08:00", "pickup", "STO1", "sto"),
            Clock("2024-06-03T12:00:00+08:00"));

        Assert.Single(findings.Of("tmall.pickup-timeout", FindingKind.Warning));
        Assert.Empty(findings.Of("tmall.pickup-timeout", FindingKind.Violation));
    }

    [Theory]
    [InlineData("2024-06-02T09:59:59+08:00", 0)]
    [InlineData("2024-06-02T10:00:00+08:00", 1)]
    public void Update_is_due_within_24h_of_pickup(string nextScanAt, int violations)
    {
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00"),
            Shipped("TM1", "2024-06-01T09:00:00+08:00", "STO1", "sto"),
            Scan("2024-06-01T10:00:00+08:00", "pickup", "STO1", "sto"),
            Scan(nextScanAt, "hub-arrival", "STO1", "sto"),
            Clock("2024-06-04T00:00:00+08:00"));

        Assert.Equal(violations, findings.Of("tmall.update-timeout", FindingKind.Violation).Count());
        Assert.Equal("2024-06-02T02:00:00+08:00", Assert.Single(findings.Of("tmall.update-timeout", FindingKind.Warning)).At());
    }

    [Fact]
    public void Delivery_deadline_is_20_00_Shanghai_on_the_next_day_even_for_UTC_input()
    {
        // 2024-06-02T17:30Z is 2024-06-03 01:30 in Shanghai: the next calendar day there is 06-04.
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00"),
            Shipped("TM1", "2024-06-01T09:00:00+08:00", "STO1", "sto"),
            Scan("2024-06-01T10:00:00+08:00", "pickup", "STO1", "sto"),
            Scan("2024-06-02T17:30:00Z", "out-for-delivery", "STO1", "sto"),
            Scan("2024-06-04T19:59:59+08:00", "signed", "STO1", "sto"),
            Clock("2024-06-06T00:00:00+08:00"));

        Assert.Empty(findings.Of("tmall.delivery-timeout", FindingKind.Violation));

        var late = Replay(
            Paid("tmall", "TM2", "2024-06-01T08:00:00+08:00"),
            Shipped("TM2", "2024-06-01T09:00:00+08:00", "STO2", "sto"),
            Scan("2024-06-01T10:00:00+08:00", "pickup", "STO2", "sto"),
            Scan("2024-06-02T17:30:00Z", "out-for-delivery", "STO2", "sto"),
            Clock("2024-06-06T00:00:00+08:00"));
        Assert.Equal("2024-06-04T20:00:00+08:00", Assert.Single(late.Of("tmall.delivery-timeout", FindingKind.Violation)).At());
    }

    [Theory]
    [InlineData("浙江省", "浙江省", "2024-06-06T10:00:00+08:00")] // same province: 2 + 3 days
    [InlineData("浙江省", "广东省", "2024-06-08T10:00:00+08:00")] // other province: 4 + 3 days
    [InlineData("浙江省", "新疆维吾尔自治区", "2024-06-11T10:00:00+08:00")] // remote: 7 + 3 days
    public void Route_deadline_follows_the_route_standard_plus_three_days(string seller, string buyer, string deadline)
    {
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00", sellerProvince: seller, sellerCity: "", buyerProvince: buyer, buyerCity: ""),
            Shipped("TM1", "2024-06-01T09:00:00+08:00", "STO1", "sto"),
            Scan("2024-06-01T10:00:00+08:00", "pickup", "STO1", "sto"),
            Scan("2024-06-01T20:00:00+08:00", "hub-arrival", "STO1", "sto"),
            Clock("2024-06-20T00:00:00+08:00"));

        Assert.Equal(deadline, Assert.Single(findings.Of("tmall.route-timeout", FindingKind.Violation)).At());
    }

    [Fact]
    public void An_upheld_fake_sign_complaint_is_a_violation_and_a_rejected_one_is_not()
    {
        var findings = Replay(
            Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00"),
            """{"type":"complaint","at":"2024-06-05T10:00:00+08:00","order":"TM1","complaint":"c1","kind":"fake-sign","upheld":true}""",
            """{"type":"complaint","at":"2024-06-06T10:00:00+08:00","order":"TM1","complaint":"c2","kind":"fake-sign","upheld":false}""",
            Clock("2024-06-07T00:00:00+08:00"));

        Assert.Equal("2024-06-05T10:00:00+08:00", Assert.Single(findings.Of("tmall.fake-sign", FindingKind.Violation)).At());
    }

    [Fact]
    public void A_parcel_signed_under_the_number_it_was_handed_over_to_is_delivered()
    {
        var findings = Replay(
            Paid("tmall", "TM9", "2024-06-01T08:00:00+08:00", sellerProvince: "浙江省", buyerProvince: "浙江省", buyerCity: "杭州市"),
            Shipped("TM9", "2024-06-01T09:00:00+08:00", "OLD", "sto"),
            Scan("2024-06-01T10:00:00+08:00", "pickup", "OLD", "sto"),
            Scan("2024-06-01T12:00:00+08:00", "transfer", "OLD", "sto", ",\"newCarrier\":\"yunda\",\"newTracking\":\"NEW\""),
            Scan("2024-06-02T09:00:00+08:00", "out-for-delivery", "NEW", "yunda"),
            Scan("2024-06-02T12:00:00+08:00", "signed", "NEW", "yunda"),
            Clock("2024-06-20T00:00:00+08:00"));

        Assert.DoesNotContain(findings, f => f.Kind == FindingKind.Violation);
    }
}
