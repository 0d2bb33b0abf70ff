using Luyue.Core.Findings;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

/// <summary>
/// Rules that start at a date the order carries (<c>"start": "ship-by"</c> / <c>"deliver-by"</c>), as the olist pack
/// uses them: a marketplace's shipping limit per order and its estimated delivery date, judged in São Paulo time.
/// </summary>
public class AgreedDateRulesTests
{
    private const string Dates = ""","shipBy":"2018-01-03T12:00:00-02:00","deliverBy":"2018-01-10T00:00:00-02:00" """;

    [Theory]
    [InlineData("2018-01-03T11:59:59-02:00", 0)]
    [InlineData("2018-01-03T12:00:00-02:00", 1)] // at the limit second: met only strictly before (RULES §1)
    public void A_handover_is_due_strictly_before_the_orders_ship_by(string pickup, int violations)
    {
        var findings = Replay(
            Paid("olist", "O1", "2018-01-02T09:00:00-02:00", Dates),
            Shipped("O1", pickup, "O1", "olist-logistics"),
            Scan(pickup, "pickup", "O1", "olist-logistics"),
            Scan("2018-01-09T10:00:00-02:00", "signed", "O1", "olist-logistics"),
            Clock("2018-03-01T00:00:00-03:00"));

        Assert.Equal(violations, findings.Of("olist.late-handover", FindingKind.Violation).Count());
        Assert.Empty(findings.Of("olist.late-delivery", FindingKind.Violation));
    }

    [Theory]
    [InlineData("2018-01-10T23:59:59-02:00", 0)] // the promised day itself, to its last second
    [InlineData("2018-01-11T00:00:00-02:00", 1)]
    public void A_delivery_is_due_by_the_end_of_the_promised_day_in_the_packs_zone(string signed, int violations)
    {
        var findings = Replay(
            Paid("olist", "O1", "2018-01-02T09:00:00-02:00", Dates),
            Shipped("O1", "2018-01-03T10:00:00-02:00", "O1", "olist-logistics"),
            Scan("2018-01-03T10:00:00-02:00", "pickup", "O1", "olist-logistics"),
            Scan(signed, "signed", "O1", "olist-logistics"),
            Clock("2018-03-01T00:00:00-03:00"));

        var late = findings.Of("olist.late-delivery", FindingKind.Violation).ToList();
        Assert.Equal(violations, late.Count);
        Assert.All(late, f => Assert.Equal("2018-01-11T10:00:00+08:00", f.At()));
    }

    [Fact]
    public void An_order_without_the_dates_is_not_judged_and_one_never_delivered_is_late_at_the_deadline()
    {
        var findings = Replay(
            Paid("olist", "NO-DATES", "2018-01-02T09:00:00-02:00"),
            Paid("olist", "NEVER", "2018-01-02T09:00:00-02:00", Dates),
            Clock("2018-03-01T00:00:00-03:00"));

        Assert.DoesNotContain(findings, f => f.Order == "NO-DATES");
        Assert.Equal(["olist.late-handover", "olist.late-delivery"], findings.Where(f => f.Kind == FindingKind.Violation).Select(f => f.Rule));
    }

    [Fact]
    public void A_closed_order_is_not_judged_after_it_closed()
    {
        var findings = Replay(
            Paid("olist", "O1", "2018-01-02T09:00:00-02:00", Dates),
            """{"type":"order.closed","at":"2018-01-02T10:00:00-02:00","order":"O1"}""",
            Clock("2018-03-01T00:00:00-03:00"));

        Assert.Empty(findings);
    }
}
