using Luyue.Core.Findings;
using NodaTime;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Findings;

/// <summary>The ledger's sums on findings from hand-written events, every amount to the yuan.</summary>
public class LedgerTests
{
    private const string TmallPickup = "tmall.pickup-timeout";

    /// <summary>Tmall 2024 (seed pack): paid 06-01 08:00, shipped in time, never picked up: violation 06-03 08:00, penalty 06-04 08:00.</summary>
    private static string[] TmallUnpicked(string order, string shop, decimal amount, params string[] more) =>
    [
        Paid("tmall", order, "2024-06-01T08:00:00+08:00", amount: amount).Replace("\"shop\":\"s1\"", $"\"shop\":\"{shop}\"", StringComparison.Ordinal),
        Shipped(order, "2024-06-01T20:00:00+08:00", "STO-" + order, "sto"),
        .. more,
        Clock("2024-06-10T00:00:00+08:00"),
    ];

    private static Ledger LedgerOf(IEnumerable<Finding> findings)
    {
        var ledger = new Ledger();
        foreach (var finding in findings)
        {
            ledger.Add(finding);
        }

        return ledger;
    }

    [Fact]
    public void A_penalty_is_charged_and_is_the_net()
    {
        var row = Assert.Single(LedgerOf(Replay(TmallUnpicked("TM1", "a", 200m))).Rows(LedgerGrouping.Shop));

        Assert.Equal(("tmall", "a", (string?)null), (row.Platform, row.Shop, row.Rule));
        Assert.Equal(1, row.Penalties);
        Assert.Equal(10m, row.Charged); // 5 % of 200
        Assert.Equal(10m, row.Net);
        Assert.Equal(1, row.Violations); // pickup timeout; shipping at 12 h met the 24 h ship timeout
        Assert.Equal(1, row.Warnings); // pickup at 40 h
        Assert.Equal((0, 0m, 0, 0m, 0), (row.Exempted, row.Spared, row.Revoked, row.Refunded, row.NotConfigured));
    }

    [Fact]
    public void A_refund_before_the_penalty_spares_it_and_nothing_is_charged()
    {
        var row = Assert.Single(LedgerOf(Replay(TmallUnpicked("TM1", "a", 200m,
            """{"type":"order.refunded","at":"2024-06-03T12:00:00+08:00","order":"TM1","amount":200}"""))).Rows(LedgerGrouping.Shop));

        Assert.Equal((1L, 10m), (row.Exempted, row.Spared));
        Assert.Equal((0L, 0m, 0m), (row.Penalties, row.Charged, row.Net));
    }

    [Fact]
    public void A_filing_approved_after_the_penalty_refunds_it_and_the_net_is_zero()
    {
        var row = Assert.Single(LedgerOf(Replay(TmallUnpicked("TM1", "a", 200m,
            """{"type":"filing.submitted","at":"2024-06-03T09:00:00+08:00","order":"TM1","filing":"F1","reason":"trace-mismatch"}""",
            """{"type":"filing.decided","at":"2024-06-06T10:00:00+08:00","filing":"F1","approved":true}"""))).Rows(LedgerGrouping.Shop));

        Assert.Equal((1L, 10m), (row.Penalties, row.Charged));
        Assert.Equal((1L, 10m), (row.Revoked, row.Refunded));
        Assert.Equal(0m, row.Net);
    }

    [Fact]
    public void A_penalty_without_a_rate_is_counted_apart_and_adds_no_yuan()
    {
        var findings = Replay(
            Paid("1688", "A1", "2024-05-01T09:00:00+08:00"),
            Shipped("A1", "2024-05-01T15:00:00+08:00", "YD1", "yunda"),
            Clock("2024-05-05T00:00:00+08:00"));
        var row = Assert.Single(LedgerOf(findings).Rows(LedgerGrouping.Rule), r => r.Rule == "1688.fake-shipping.no-info");

        Assert.Equal((1L, 0L, 0m), (row.NotConfigured, row.Penalties, row.Charged));
    }

    [Fact]
    public void Rows_group_by_shop_rule_or_both_in_ordinal_order_and_the_total_adds_every_row()
    {
        var findings = Replay([
            .. TmallUnpicked("TM1", "b", 200m)[..^1],
            .. TmallUnpicked("TM2", "a", 60m)[..^1],
            .. TmallUnpicked("TM3", "a", 150m)[..^1],
            Clock("2024-06-10T00:00:00+08:00"),
        ]);
        var ledger = LedgerOf(findings.Append(new Finding(FindingKind.Penalty, "tmall.update-timeout", "TM2", Instant.FromUtc(2024, 6, 5, 0, 0))
        {
            Shop = "a", Amount = 4m, // no platform: taken from the rule id
        }));

        var byShop = ledger.Rows(LedgerGrouping.Shop);
        Assert.Equal(["a", "b"], byShop.Select(r => r.Shop));
        Assert.Equal(3m + 8m + 4m, byShop[0].Charged); // 5 % of 60 = 3; of 150 = 7.5, half-up 8; and 4
        Assert.Equal(10m, byShop[1].Charged);

        var byRule = ledger.Rows(LedgerGrouping.Rule);
        Assert.Equal([TmallPickup, "tmall.update-timeout"], byRule.Select(r => r.Rule));
        Assert.All(byRule, r => Assert.Equal(("tmall", (string?)null), (r.Platform, r.Shop)));
        Assert.Equal((3L, 21m), (byRule[0].Penalties, byRule[0].Charged));

        var byBoth = ledger.Rows(LedgerGrouping.ShopRule);
        Assert.Equal([("a", TmallPickup), ("a", "tmall.update-timeout"), ("b", TmallPickup)], byBoth.Select(r => (r.Shop!, r.Rule!)));

        Assert.Equal((4L, 25m, 25m, 3L), (ledger.Total.Penalties, ledger.Total.Charged, ledger.Total.Net, ledger.Total.Violations));
        Assert.Null(ledger.Total.Platform);
    }

    [Fact]
    public void Used_as_the_engines_sink_it_sums_the_same_as_from_a_list()
    {
        var lines = TmallUnpicked("TM1", "a", 200m);
        var direct = new Ledger();
        var engine = new Luyue.Core.Engine.ComplianceEngine(Luyue.Core.Rules.RuleBook.Embedded, direct);
        var parser = new Luyue.Core.Events.EventParser();
        foreach (var line in lines)
        {
            Assert.True(parser.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var e, out _));
            engine.Apply(e!);
        }

        engine.Flush();
        Assert.Equal(LedgerOf(Replay(lines)).Rows(LedgerGrouping.ShopRule), direct.Rows(LedgerGrouping.ShopRule));
    }

    [Fact]
    public void Comparison_lines_up_rules_and_keeps_a_rule_found_on_one_side_only()
    {
        var a = LedgerOf(Replay(TmallUnpicked("TM1", "a", 60m)));
        var b = new Ledger();
        b.Add(new Finding(FindingKind.Penalty, TmallPickup, "TM1", Instant.FromUtc(2024, 6, 4, 0, 0)) { Platform = "tmall", Shop = "a", Amount = 5m });
        b.Add(new Finding(FindingKind.Violation, "tmall.ship-timeout", "TM1", Instant.FromUtc(2024, 6, 2, 0, 0)) { Platform = "tmall", Shop = "a" });

        var rows = LedgerComparison.ByRule(a, b);

        Assert.Equal([TmallPickup, "tmall.ship-timeout"], rows.Select(r => r.Rule));
        Assert.Equal((3m, 5m, 2m), (rows[0].A.Charged, rows[0].B.Charged, rows[0].Change.Charged));
        Assert.Equal((0L, 1L, 1L), (rows[1].A.Violations, rows[1].B.Violations, rows[1].Change.Violations));
        Assert.Equal(-1, rows[0].Change.Violations);
        Assert.Equal(2m, LedgerComparison.Total(a, b).Change.Charged);
    }
}
