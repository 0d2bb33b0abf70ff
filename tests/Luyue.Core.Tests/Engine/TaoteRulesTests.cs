using Luyue.Core.Findings;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

public class TaoteRulesTests
{
    [Theory]
    [InlineData("2024-03-02T09:59:59+08:00", 0)]
    [InlineData("2024-03-02T10:00:00+08:00", 1)]
    public void No_pickup_within_24h_of_upload_is_fake_shipping(string pickupAt, int violations)
    {
        var findings = Replay(
            Paid("taote", "TT1", "2024-03-01T08:00:00+08:00"),
            Shipped("TT1", "2024-03-01T10:00:00+08:00"),
            Scan(pickupAt, "pickup"),
            Clock("2024-03-05T00:00:00+08:00"));
        Assert.Equal(violations, findings.Of("taote.fake-shipping.no-pickup", FindingKind.Violation).Count());
    }

    [Fact]
    public void The_pickup_on_the_transshipped_number_is_what_counts()
    {
        var findings = Replay(
            Paid("taote", "TT2", "2024-03-01T08:00:00+08:00"),
            Shipped("TT2", "2024-03-01T10:00:00+08:00", "A0"),
            Scan("2024-03-01T11:00:00+08:00", "transfer", "A0", extra: ",\"newCarrier\":\"yto\",\"newTracking\":\"B0\""),
            Scan("2024-03-01T12:00:00+08:00", "pickup", "B0", "yto"),
            Clock("2024-03-05T00:00:00+08:00"));
        Assert.Empty(findings.Of("taote.fake-shipping.no-pickup", FindingKind.Violation));
    }

    [Fact]
    public void Late_shipment_is_judged_48h_after_payment_or_at_the_agreed_date()
    {
        var findings = Replay(
            Paid("taote", "TT3", "2024-03-01T08:00:00+08:00"),
            Paid("taote", "TT4", "2024-03-01T08:00:00+08:00", extra: ",\"mode\":\"presale\",\"shipBy\":\"2024-03-10T00:00:00+08:00\""),
            Shipped("TT4", "2024-03-09T23:59:59+08:00", "P4"),
            Clock("2024-03-12T00:00:00+08:00"));
        Assert.Equal(["TT3"], findings.Of("taote.late-shipment", FindingKind.Violation).Select(f => f.Order));
        Assert.Equal("2024-03-03T08:00:00+08:00", findings.Of("taote.late-shipment", FindingKind.Violation).Single().At());
    }

    [Theory]
    [InlineData("2024-03-31T10:00:00+08:00", 1)] // 30 days after the first use: still inside the window
    [InlineData("2024-03-31T10:00:01+08:00", 0)]
    public void A_number_reused_within_30_days_by_another_recipient_is_fake_shipping(string secondUpload, int violations)
    {
        var findings = Replay(
            Paid("taote", "TT5", "2024-03-01T08:00:00+08:00", phone: "13900000001"),
            Shipped("TT5", "2024-03-01T10:00:00+08:00", "R1"),
            Paid("taote", "TT6", "2024-03-30T08:00:00+08:00", phone: "13900000002"),
            Shipped("TT6", secondUpload, "R1"),
            Clock("2024-04-02T00:00:00+08:00"));
        Assert.Equal(violations, findings.Of("taote.fake-shipping.reused-number", FindingKind.Violation).Count());
    }
}
