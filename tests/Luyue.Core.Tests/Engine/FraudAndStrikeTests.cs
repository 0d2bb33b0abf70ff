using System.Text;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using NodaTime;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

public class FraudAndStrikeTests
{
    private const string Fraud = "taote.fraud-shipping";

    private static string Complaint(string order, string at, string kind, bool upheld = true) =>
        $$"""{"type":"complaint","at":"{{at}}","order":"{{order}}","complaint":"c-{{order}}","kind":"{{kind}}","upheld":{{(upheld ? "true" : "false")}}}""";

    private static string Local(NodaTime.Instant instant) => InstantText.Format(instant, NodaTime.Offset.FromHours(8));

    [Theory]
    [InlineData(59.90, 60)] // 1 × the paid amount, rounded half-up
    [InlineData(4.50, 10)] // at least 10 yuan
    public void Fraud_compensation_is_one_times_the_paid_amount_and_at_least_10_yuan(decimal paid, decimal compensation)
    {
        var findings = Replay(
            Paid("taote", "F1", "2024-03-01T08:00:00+08:00", amount: paid),
            Shipped("F1", "2024-03-01T10:00:00+08:00"),
            Complaint("F1", "2024-03-05T10:00:00+08:00", "empty-parcel"),
            Clock("2024-03-06T00:00:00+08:00"));
        var penalty = Assert.Single(findings.Of(Fraud, FindingKind.Penalty));
        Assert.Equal(compensation, penalty.Amount);
        Assert.Equal("2024-03-05T10:00:00+08:00", penalty.At());
    }

    [Fact]
    public void Fraud_extends_auto_confirm_by_15_days_and_restricts_withdrawal_until_the_day_after_15_days()
    {
        var findings = Replay(
            Paid("taote", "F2", "2024-03-01T08:00:00+08:00", amount: 80m),
            Shipped("F2", "2024-03-01T10:00:00+08:00"),
            Complaint("F2", "2024-03-05T10:00:00+08:00", "wrong-item"),
            Scan("2024-03-08T10:00:00+08:00", "signed"), // the right goods delivered after the complaint: resolved
            Clock("2024-04-01T00:00:00+08:00"));

        var sanctions = findings.Where(f => f.Kind == FindingKind.Sanction).ToList();
        var autoConfirm = Assert.Single(sanctions, s => s.Order == "F2");
        Assert.Equal("2024-03-20T10:00:00+08:00", Local(autoConfirm.End!.Value));

        var shopLevel = sanctions.Where(s => s.Order is null).ToList();
        Assert.Equal(2, shopLevel.Count); // restricted, then lifted
        Assert.Equal("2024-03-05T10:00:00+08:00", shopLevel[0].At());
        Assert.Equal("2024-03-21T00:00:00+08:00", shopLevel[1].At()); // period ends 03-20 10:00; lifted the next day
        Assert.Contains("lifted", shopLevel[1].Reason);
    }

    [Fact]
    public void The_restriction_stays_until_every_fraud_order_is_resolved()
    {
        var findings = Replay(
            Paid("taote", "F3", "2024-03-01T08:00:00+08:00", amount: 80m),
            Shipped("F3", "2024-03-01T10:00:00+08:00"),
            Complaint("F3", "2024-03-05T10:00:00+08:00", "not-received"),
            """{"type":"order.refunded","at":"2024-03-25T12:00:00+08:00","order":"F3","amount":80}""",
            Clock("2024-04-10T00:00:00+08:00"));
        var lifted = Assert.Single(findings, f => f.Kind == FindingKind.Sanction && f.Order is null && f.Reason!.StartsWith("withdrawal restriction lifted", StringComparison.Ordinal));
        Assert.Equal("2024-03-26T00:00:00+08:00", lifted.At());
    }

    [Fact]
    public void A_fraud_order_resolved_and_then_forgotten_still_counts_as_resolved()
    {
        // F5 is refunded at once and, settled, forgotten after the retention (30 days idle); F6 only resolves later, and
        // the restriction is checked daily meanwhile, F5 among its fraud orders all along.
        var findings = Replay(
            Paid("taote", "F5", "2024-03-01T08:00:00+08:00", amount: 80m),
            Shipped("F5", "2024-03-01T10:00:00+08:00", tracking: "T5"),
            Paid("taote", "F6", "2024-03-01T08:00:00+08:00", amount: 80m),
            Shipped("F6", "2024-03-01T10:00:00+08:00", tracking: "T6"),
            Complaint("F5", "2024-03-05T10:00:00+08:00", "not-received"),
            Complaint("F6", "2024-03-05T11:00:00+08:00", "not-received"),
            """{"type":"order.refunded","at":"2024-03-06T12:00:00+08:00","order":"F5","amount":80}""",
            """{"type":"order.refunded","at":"2024-04-01T12:00:00+08:00","order":"F6","amount":1}""",
            """{"type":"order.refunded","at":"2024-04-20T12:00:00+08:00","order":"F6","amount":79}""",
            Clock("2024-05-10T00:00:00+08:00"));
        var lifted = Assert.Single(findings, f => f.Kind == FindingKind.Sanction && f.Order is null && f.Reason!.StartsWith("withdrawal restriction lifted", StringComparison.Ordinal));
        Assert.Equal("2024-04-21T00:00:00+08:00", lifted.At());
        Assert.Contains("all 2 fraud order(s)", lifted.Reason);
    }

    [Fact]
    public void A_complaint_that_is_not_upheld_is_not_fraud()
    {
        var findings = Replay(
            Paid("taote", "F4", "2024-03-01T08:00:00+08:00"),
            Complaint("F4", "2024-03-05T10:00:00+08:00", "empty-parcel", upheld: false),
            Clock("2024-03-06T00:00:00+08:00"));
        Assert.DoesNotContain(findings, f => f.Rule == Fraud);
    }

    [Theory]
    [InlineData(100, 30, 1)] // 30 orders and 30 %: a strike
    [InlineData(100, 29, 0)] // 29 orders: not enough
    [InlineData(101, 30, 0)] // 30 orders but 29.7 %: not enough
    public void A_fake_shipping_strike_needs_30_orders_and_30_percent_of_the_items_orders_that_day(int shipped, int fake, int strikes)
    {
        // Fake orders are counted on the day they are found (upload + 24 h) against the item's orders shipped that day.
        var findings = ItemDayFoundSameDay(shipped, fake);
        var list = findings.Where(f => f.Kind == FindingKind.Strike).ToList();
        Assert.Equal(strikes, list.Count);
        if (strikes == 1)
        {
            Assert.Equal("taote.strike.fake-shipping", list[0].Rule);
            Assert.Equal("ITEM-1", list[0].Item);
            Assert.Equal(fake, list[0].Count);
            Assert.Equal(shipped, list[0].Shipped);
            Assert.Equal(1, list[0].YearCount);
        }
    }

    /// <summary>Orders shipped on 03-01 whose no-pickup violations are found on 03-02, beside as many orders shipped on 03-02.</summary>
    private static IReadOnlyList<Finding> ItemDayFoundSameDay(int shipped, int fake) => Replay(ItemDayLines(shipped, fake));

    private static List<string> ItemDayLines(int shipped, int fake)
    {
        var lines = new List<string>();
        for (var i = 0; i < fake; i++)
        {
            var order = $"F{i:000}";
            lines.Add(Paid("taote", order, "2024-03-01T08:00:00+08:00").Replace("\"item\":\"SKU\"", "\"item\":\"ITEM-1\"", StringComparison.Ordinal));
            lines.Add(Shipped(order, "2024-03-01T10:00:00+08:00", $"FN{i:000}"));
        }

        for (var i = 0; i < shipped; i++)
        {
            var order = $"G{i:000}";
            lines.Add(Paid("taote", order, "2024-03-02T08:00:00+08:00").Replace("\"item\":\"SKU\"", "\"item\":\"ITEM-1\"", StringComparison.Ordinal));
            lines.Add(Shipped(order, "2024-03-02T09:00:00+08:00", $"GN{i:000}"));
            lines.Add(Scan("2024-03-02T12:00:00+08:00", "pickup", $"GN{i:000}"));
        }

        lines.Add(Clock("2024-03-05T00:00:00+08:00"));
        return lines;
    }

    [Fact]
    public void A_day_judged_is_not_judged_again_and_is_forgotten_after_the_retention()
    {
        var sink = new FindingList();
        var engine = new ComplianceEngine(RuleBook.Embedded, sink, new EngineOptions { Retention = Duration.FromDays(30) });
        var parser = new EventParser();
        void Apply(IEnumerable<string> lines)
        {
            foreach (var line in lines)
            {
                Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error), $"{line}: {error}");
                engine.Apply(e!);
            }

            engine.Flush();
        }

        Apply([.. ItemDayLines(100, 30), Clock("2024-03-06T00:00:00+08:00")]);
        Assert.Single(sink.Items, f => f.Kind == FindingKind.Strike);
        var held = engine.StoreItemDaysHeld;
        Assert.True(held > 0);

        // Another order shipped on the judged day, told late and delivered without a fault: no second judgement, and
        // nothing more kept for it.
        var before = sink.Items.Count;
        Apply([.. Delivered("LATE", "LN1"), Clock("2024-03-06T00:00:01+08:00")]);
        Assert.Equal(before, sink.Items.Count);
        Assert.Equal(held, engine.StoreItemDaysHeld);

        // Past the retention the judged day is let go, and still not judged again.
        Apply([Clock("2024-05-01T00:00:00+08:00")]);
        engine.MoveOn();
        Assert.Equal(0, engine.StoreItemDaysHeld);
        Apply([.. Delivered("LATER", "LN2"), Clock("2024-05-02T00:00:00+08:00")]);
        Assert.Equal(0, engine.StoreItemDaysHeld);
        Assert.Equal(1, sink.Items.Count(f => f.Kind == FindingKind.Strike));
    }

    /// <summary>An order of ITEM-1 shipped on 03-02, picked up and signed for in time.</summary>
    private static string[] Delivered(string order, string tracking) =>
    [
        Paid("taote", order, "2024-03-02T08:00:00+08:00").Replace("\"item\":\"SKU\"", "\"item\":\"ITEM-1\"", StringComparison.Ordinal),
        Shipped(order, "2024-03-02T09:30:00+08:00", tracking),
        Scan("2024-03-02T12:00:00+08:00", "pickup", tracking),
        Scan("2024-03-03T12:00:00+08:00", "signed", tracking),
    ];

    [Fact]
    public void Strikes_are_judged_at_the_end_of_the_day()
    {
        var findings = ItemDayFoundSameDay(100, 30);
        Assert.Equal("2024-03-03T00:00:00+08:00", Assert.Single(findings, f => f.Kind == FindingKind.Strike).At());
    }
}
