using Luyue.Core.Findings;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

public class Rules1688Tests
{
    private const string Stall = "1688.fake-tracking.hub-stall";
    private const string Gap = "1688.fake-tracking.gap";

    private static string[] StalledAtFirstHub(string buyerProvince, string buyerCity, params string[] more) =>
    [
        Paid("1688", "A1", "2024-05-01T09:00:00+08:00", buyerProvince: buyerProvince, buyerCity: buyerCity),
        Shipped("A1", "2024-05-01T15:00:00+08:00", "YD1", "yunda"),
        Scan("2024-05-01T18:00:00+08:00", "pickup", "YD1", "yunda"),
        Scan("2024-05-01T23:30:00+08:00", "hub-arrival", "YD1", "yunda", ",\"site\":\"深圳分拨中心\""),
        .. more,
        Clock("2024-05-08T00:00:00+08:00"),
    ];

    [Fact]
    public void A_parcel_that_never_leaves_its_first_hub_within_48h_of_pickup_is_a_violation()
    {
        var findings = Replay(StalledAtFirstHub("浙江省", "杭州市"));
        Assert.Equal("2024-05-03T18:00:00+08:00", Assert.Single(findings.Of(Stall, FindingKind.Violation)).At());
    }

    [Theory]
    [InlineData("2024-05-03T17:59:59+08:00", 0)]
    [InlineData("2024-05-03T18:00:00+08:00", 1)]
    public void Departure_from_the_first_hub_must_be_strictly_before_the_deadline(string departedAt, int violations)
    {
        var findings = Replay(StalledAtFirstHub("浙江省", "杭州市",
            Scan(departedAt, "hub-departure", "YD1", "yunda", ",\"site\":\"深圳分拨中心\"")));
        Assert.Equal(violations, findings.Of(Stall, FindingKind.Violation).Count());
    }

    [Fact]
    public void Arrival_at_another_hub_is_evidence_of_leaving_the_first()
    {
        var findings = Replay(StalledAtFirstHub("浙江省", "杭州市",
            Scan("2024-05-02T12:00:00+08:00", "hub-arrival", "YD1", "yunda", ",\"site\":\"杭州转运中心\""),
            Scan("2024-05-03T09:00:00+08:00", "out-for-delivery", "YD1", "yunda")));
        Assert.Empty(findings.Of(Stall, FindingKind.Violation));
    }

    [Theory]
    [InlineData("新疆维吾尔自治区", "乌鲁木齐市")]
    [InlineData("西藏", "拉萨市")]
    [InlineData("内蒙古自治区", "呼和浩特市")]
    public void Remote_buyers_are_exempt_not_violations(string province, string city)
    {
        var findings = Replay(StalledAtFirstHub(province, city));
        Assert.DoesNotContain(findings, f => f.Kind == FindingKind.Violation && f.Rule.StartsWith("1688.fake-tracking", StringComparison.Ordinal));
        var exempted = findings.Of(Stall, FindingKind.Exempted).Single();
        Assert.Equal("remote-region", exempted.Reason);
    }

    [Fact]
    public void A_gap_of_more_than_72h_before_delivery_is_judged_live()
    {
        var findings = Replay(StalledAtFirstHub("浙江省", "杭州市",
            Scan("2024-05-02T08:00:00+08:00", "hub-departure", "YD1", "yunda", ",\"site\":\"深圳分拨中心\"")));
        Assert.Equal("2024-05-05T08:00:00+08:00", Assert.Single(findings.Of(Gap, FindingKind.Violation)).At());
    }

    [Fact]
    public void A_late_arriving_scan_inside_the_gap_retracts_it()
    {
        var findings = Replay(StalledAtFirstHub("浙江省", "杭州市",
            Scan("2024-05-02T08:00:00+08:00", "hub-departure", "YD1", "yunda", ",\"site\":\"深圳分拨中心\""),
            Clock("2024-05-06T00:00:00+08:00"),
            Scan("2024-05-04T08:00:00+08:00", "out-for-delivery", "YD1", "yunda")));
        Assert.Single(findings.Of(Gap, FindingKind.Violation));
        var retracted = Assert.Single(findings.Of(Gap, FindingKind.Retracted));
        Assert.Equal("2024-05-06T00:00:00+08:00", retracted.At());
    }

    [Theory]
    [InlineData("2024-05-02T14:59:59+08:00", 0)]
    [InlineData("2024-05-02T15:00:00+08:00", 1)]
    public void No_carrier_information_within_24h_of_upload_is_fake_shipping(string firstScanAt, int violations)
    {
        var findings = Replay(
            Paid("1688", "A2", "2024-05-01T09:00:00+08:00"),
            Shipped("A2", "2024-05-01T15:00:00+08:00", "YD2", "yunda"),
            Scan(firstScanAt, "pickup", "YD2", "yunda"),
            Clock("2024-05-08T00:00:00+08:00"));
        Assert.Equal(violations, findings.Of("1688.fake-shipping.no-info", FindingKind.Violation).Count());
    }

    [Fact]
    public void A_number_reused_within_30_days_for_another_recipient_is_fake_shipping()
    {
        var findings = Replay(
            Paid("1688", "A3", "2024-05-01T09:00:00+08:00", name: "张三", phone: "13900000001"),
            Shipped("A3", "2024-05-01T15:00:00+08:00", "YD3", "yunda"),
            Paid("1688", "A4", "2024-05-20T09:00:00+08:00", name: "李四", phone: "13900000002"),
            Shipped("A4", "2024-05-20T15:00:00+08:00", "YD3", "yunda"),
            Paid("1688", "A5", "2024-06-25T09:00:00+08:00", name: "王五", phone: "13900000003"),
            Shipped("A5", "2024-06-25T15:00:00+08:00", "YD3", "yunda"),
            Clock("2024-06-26T00:00:00+08:00"));

        var reused = findings.Of("1688.fake-shipping.reused-number", FindingKind.Violation).ToList();
        Assert.Equal(["A4"], reused.Select(f => f.Order));
        Assert.Equal("2024-05-20T15:00:00+08:00", reused[0].At());
    }

    [Fact]
    public void The_same_number_for_the_same_recipient_is_not_reuse()
    {
        var findings = Replay(
            Paid("1688", "A3", "2024-05-01T09:00:00+08:00"),
            Shipped("A3", "2024-05-01T15:00:00+08:00", "YD3", "yunda"),
            Paid("1688", "A4", "2024-05-02T09:00:00+08:00"),
            Shipped("A4", "2024-05-02T15:00:00+08:00", "YD3", "yunda"),
            Clock("2024-05-03T00:00:00+08:00"));
        Assert.Empty(findings.Of("1688.fake-shipping.reused-number", FindingKind.Violation));
    }

    [Fact]
    public void Delivery_in_another_city_than_the_buyers_is_an_address_mismatch()
    {
        var findings = Replay(
            Paid("1688", "A6", "2024-05-01T09:00:00+08:00", buyerProvince: "浙江省", buyerCity: "杭州市"),
            Shipped("A6", "2024-05-01T15:00:00+08:00", "YD6", "yunda"),
            Scan("2024-05-01T18:00:00+08:00", "pickup", "YD6", "yunda"),
            Scan("2024-05-02T09:00:00+08:00", "out-for-delivery", "YD6", "yunda", ",\"province\":\"江苏省\",\"city\":\"苏州市\""),
            Clock("2024-05-03T00:00:00+08:00"));
        Assert.Equal("2024-05-02T09:00:00+08:00", Assert.Single(findings.Of("1688.fake-shipping.address-mismatch", FindingKind.Violation)).At());
    }

    [Fact]
    public void No_logistics_needs_agreed_self_pickup_or_self_delivery()
    {
        var findings = Replay(
            Paid("1688", "A7", "2024-05-01T09:00:00+08:00"),
            Shipped("A7", "2024-05-01T15:00:00+08:00", "NONE7", "none", ",\"mode\":\"none\""),
            Paid("1688", "A8", "2024-05-01T09:00:00+08:00", extra: ",\"tags\":[\"self-pickup\"]"),
            Shipped("A8", "2024-05-01T15:00:00+08:00", "NONE8", "none", ",\"mode\":\"none\""),
            Clock("2024-05-02T00:00:00+08:00"));
        Assert.Equal(["A7"], findings.Of("1688.fake-shipping.no-logistics", FindingKind.Violation).Select(f => f.Order));
    }

    [Fact]
    public void A_tracking_change_before_the_deadline_closes_the_old_numbers_timers_and_starts_new_ones()
    {
        var findings = Replay(
            Paid("1688", "A9", "2024-05-01T09:00:00+08:00"),
            Shipped("A9", "2024-05-01T15:00:00+08:00", "OLD", "yunda"),
            """{"type":"order.tracking-changed","at":"2024-05-02T10:00:00+08:00","order":"A9","carrier":"yunda","tracking":"NEW","reason":"reissue"}""",
            Clock("2024-05-04T00:00:00+08:00"));

        var noInfo = findings.Of("1688.fake-shipping.no-info", FindingKind.Violation).ToList();
        Assert.Equal(["NEW"], noInfo.Select(f => f.Tracking));
        Assert.Equal("2024-05-03T10:00:00+08:00", noInfo[0].At());
    }

    [Fact]
    public void Transshipment_inside_the_origin_province_moves_judgement_to_the_newest_number()
    {
        var findings = Replay(
            Paid("1688", "A10", "2024-05-01T09:00:00+08:00"),
            Shipped("A10", "2024-05-01T15:00:00+08:00", "T0", "yunda"),
            Scan("2024-05-01T16:00:00+08:00", "pickup", "T0", "yunda"),
            Scan("2024-05-01T17:00:00+08:00", "transfer", "T0", "yunda", ",\"province\":\"广东省\",\"newCarrier\":\"zto\",\"newTracking\":\"T1\""),
            Scan("2024-05-01T20:00:00+08:00", "hub-arrival", "T0", "yunda", ",\"site\":\"广州分拨中心\""),
            Scan("2024-05-02T20:00:00+08:00", "hub-departure", "T0", "yunda", ",\"site\":\"广州分拨中心\""),
            Clock("2024-05-06T00:00:00+08:00"));

        // The old number keeps moving, but after the hand-over only the new number counts, and it has no scans.
        var stall = Assert.Single(findings.Of(Stall, FindingKind.Violation));
        Assert.Equal("T1", stall.Tracking);
        Assert.Equal("2024-05-03T17:00:00+08:00", stall.At());
    }

    [Theory]
    [InlineData("2024-05-05T07:59:59+08:00", 0)]
    [InlineData("2024-05-05T08:00:00+08:00", 1)] // exactly 72 h after the last scan: more than 72 h without an update
    public void The_gap_is_strict_at_72h(string nextScanAt, int violations)
    {
        var findings = Replay(StalledAtFirstHub("浙江省", "杭州市",
            Scan("2024-05-02T08:00:00+08:00", "hub-departure", "YD1", "yunda", ",\"site\":\"深圳分拨中心\""),
            Scan(nextScanAt, "hub-arrival", "YD1", "yunda", ",\"site\":\"杭州转运中心\""),
            Scan("2024-05-05T09:00:00+08:00", "out-for-delivery", "YD1", "yunda")));
        Assert.Equal(violations, findings.Of(Gap, FindingKind.Violation).Count());
    }

    [Fact]
    public void The_same_number_with_another_carrier_is_not_reuse()
    {
        var findings = Replay(
            Paid("1688", "A3", "2024-05-01T09:00:00+08:00", name: "张三"),
            Shipped("A3", "2024-05-01T15:00:00+08:00", "SAME", "yunda"),
            Paid("1688", "A4", "2024-05-02T09:00:00+08:00", name: "李四"),
            Shipped("A4", "2024-05-02T15:00:00+08:00", "SAME", "zto"),
            Clock("2024-05-03T00:00:00+08:00"));
        Assert.Empty(findings.Of("1688.fake-shipping.reused-number", FindingKind.Violation));
    }

    [Fact]
    public void Reuse_is_found_whichever_upload_arrives_first()
    {
        var findings = Replay(
            Paid("1688", "A4", "2024-05-20T09:00:00+08:00", name: "李四"),
            Shipped("A4", "2024-05-20T15:00:00+08:00", "YD3", "yunda"),
            Paid("1688", "A3", "2024-05-01T09:00:00+08:00", name: "张三"),
            Shipped("A3", "2024-05-01T15:00:00+08:00", "YD3", "yunda"),
            Clock("2024-05-21T00:00:00+08:00"));
        Assert.Equal(["A4"], findings.Of("1688.fake-shipping.reused-number", FindingKind.Violation).Select(f => f.Order));
    }
}
