using System.Text;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

/// <summary>Penalties, exemptions, filings, revocations, caps, stacking and announcements, every amount to the yuan.</summary>
public class ConsequenceTests
{
    private const string TmallPickup = "tmall.pickup-timeout";

    private static string Refund(string order, string at, decimal amount) =>
        $$"""{"type":"order.refunded","at":"{{at}}","order":"{{order}}","amount":{{amount}}}""";

    private static string Filing(string order, string id, string at, string reason, string evidence = "") =>
        $$"""{"type":"filing.submitted","at":"{{at}}","order":"{{order}}","filing":"{{id}}","reason":"{{reason}}","evidence":"{{evidence}}"}""";

    private static string Decision(string id, string at, bool approved = true) =>
        $$"""{"type":"filing.decided","at":"{{at}}","filing":"{{id}}","approved":{{(approved ? "true" : "false")}}}""";

    /// <summary>The shared Tmall example: paid 06-01 08:00, shipped, never picked up; violation 06-03 08:00.</summary>
    private static string[] TmallUnpicked(decimal amount, params string[] more) =>
    [
        Paid("tmall", "TM1", "2024-06-01T08:00:00+08:00", amount: amount),
        Shipped("TM1", "2024-06-01T20:00:00+08:00", "STO1", "sto"),
        .. more,
        Clock("2024-06-10T00:00:00+08:00"),
    ];

    [Fact]
    public void A_penalty_executes_penaltyDelay_after_the_violation_at_the_packs_rate()
    {
        var findings = Replay(TmallUnpicked(200m));
        var penalty = Assert.Single(findings.Of(TmallPickup, FindingKind.Penalty));
        Assert.Equal("2024-06-04T08:00:00+08:00", penalty.At());
        Assert.Equal(10m, penalty.Amount); // 5 % of 200
    }

    [Theory]
    [InlineData(150, 8)] // 7.5 → 8: half-up
    [InlineData(149, 7)] // 7.45 → 7
    [InlineData(20, 5)] // 1 → the minimum, 5
    [InlineData(3000, 100)] // 150 → the maximum, 100
    public void Tmall_2025_pickup_penalty_is_5_percent_clamped_to_5_to_100_rounded_half_up(decimal amount, decimal penalty)
    {
        var findings = Replay(
            Paid("tmall", "T25", "2025-10-01T08:00:00+08:00", amount: amount),
            Shipped("T25", "2025-10-01T20:00:00+08:00", "STO9", "sto"),
            Clock("2025-10-10T00:00:00+08:00"));
        var p = Assert.Single(findings.Of(TmallPickup, FindingKind.Penalty));
        Assert.Equal(penalty, p.Amount);
        Assert.Equal("2025-09-05", p.PackVersion);
    }

    [Fact]
    public void Where_the_sources_give_no_rate_the_penalty_says_so_and_invents_no_number()
    {
        var findings = Replay(
            Paid("1688", "A1", "2024-05-01T09:00:00+08:00"),
            Shipped("A1", "2024-05-01T15:00:00+08:00", "YD1", "yunda"),
            Clock("2024-05-05T00:00:00+08:00"));
        var penalty = Assert.Single(findings.Of("1688.fake-shipping.no-info", FindingKind.Penalty));
        Assert.Null(penalty.Amount);
        Assert.Equal("rate not configured", penalty.Reason);
    }

    [Fact]
    public void A_full_refund_before_the_penalty_exempts_it_and_after_it_does_not()
    {
        var before = Replay(TmallUnpicked(200m, Refund("TM1", "2024-06-03T12:00:00+08:00", 200m)));
        var exempted = Assert.Single(before.Of(TmallPickup, FindingKind.Exempted));
        Assert.Equal("2024-06-03T12:00:00+08:00", exempted.At());
        Assert.Equal(10m, exempted.Amount); // the penalty it spared
        Assert.Empty(before.Of(TmallPickup, FindingKind.Penalty));

        var after = Replay(TmallUnpicked(200m, Refund("TM1", "2024-06-05T12:00:00+08:00", 200m)));
        Assert.Single(after.Of(TmallPickup, FindingKind.Penalty));
        Assert.Empty(after.Of(TmallPickup, FindingKind.Exempted));
    }

    [Fact]
    public void A_reissue_under_a_new_number_before_the_penalty_exempts_the_old_numbers_finding()
    {
        var findings = Replay(
            Paid("1688", "A2", "2024-05-01T09:00:00+08:00"),
            Shipped("A2", "2024-05-01T15:00:00+08:00", "LOST", "yunda"),
            """{"type":"order.tracking-changed","at":"2024-05-02T18:00:00+08:00","order":"A2","carrier":"yunda","tracking":"NEW","reason":"reissue"}""",
            Scan("2024-05-02T19:00:00+08:00", "pickup", "NEW", "yunda"),
            Clock("2024-05-04T00:00:00+08:00"));
        var exempted = Assert.Single(findings.Of("1688.fake-shipping.no-info", FindingKind.Exempted));
        Assert.Equal("LOST", exempted.Tracking);
        Assert.Contains("reissue", exempted.Reason);
        Assert.Empty(findings.Of("1688.fake-shipping.no-info", FindingKind.Penalty));
    }

    [Fact]
    public void A_filing_approved_before_the_penalty_exempts_and_after_it_revokes_and_refunds()
    {
        var exempt = Replay(TmallUnpicked(200m,
            Filing("TM1", "F1", "2024-06-03T09:00:00+08:00", "trace-mismatch"),
            Decision("F1", "2024-06-03T20:00:00+08:00")));
        Assert.Contains("filing F1", Assert.Single(exempt.Of(TmallPickup, FindingKind.Exempted)).Reason);

        var revoke = Replay(TmallUnpicked(200m,
            Filing("TM1", "F1", "2024-06-03T09:00:00+08:00", "trace-mismatch"),
            Decision("F1", "2024-06-06T10:00:00+08:00")));
        Assert.Equal(10m, Assert.Single(revoke.Of(TmallPickup, FindingKind.Penalty)).Amount);
        var revoked = Assert.Single(revoke.Of(TmallPickup, FindingKind.Revoked));
        Assert.Equal(10m, revoked.Amount);
        Assert.Equal("2024-06-06T10:00:00+08:00", revoked.At());
    }

    [Fact]
    public void A_rejected_decision_changes_nothing()
    {
        var findings = Replay(TmallUnpicked(200m,
            Filing("TM1", "F1", "2024-06-03T09:00:00+08:00", "trace-mismatch"),
            Decision("F1", "2024-06-03T20:00:00+08:00", approved: false)));
        Assert.Single(findings.Of(TmallPickup, FindingKind.Penalty));
        Assert.Empty(findings.Of(TmallPickup, FindingKind.Exempted));
    }

    [Fact]
    public void Force_majeure_filed_after_the_penalty_is_rejected_naming_the_condition()
    {
        var findings = Replay(TmallUnpicked(200m,
            Filing("TM1", "F2", "2024-06-04T09:00:00+08:00", "force-majeure"),
            Decision("F2", "2024-06-04T10:00:00+08:00")));
        var rejected = Assert.Single(findings, f => f.Kind == FindingKind.Rejected);
        Assert.Contains("force-majeure must be filed before the penalty", rejected.Reason);
        Assert.Empty(findings.Of(TmallPickup, FindingKind.Revoked));
    }

    [Fact]
    public void A_Taobao_Special_delay_filing_must_come_within_24h_and_name_the_order_in_its_chat_evidence()
    {
        string[] LateShipment(params string[] filing) =>
        [
            Paid("taote", "TT1", "2024-03-01T08:00:00+08:00", amount: 30m),
            .. filing,
            Clock("2024-03-10T00:00:00+08:00"),
        ];

        var late = Replay(LateShipment(Filing("TT1", "F3", "2024-03-04T09:00:00+08:00", "buyer-agreed-delay", "订单TT1 买家同意")));
        Assert.Contains("within PT24H", Assert.Single(late, f => f.Kind == FindingKind.Rejected).Reason);

        var noOrderNumber = Replay(LateShipment(Filing("TT1", "F4", "2024-03-03T10:00:00+08:00", "buyer-agreed-delay", "买家同意延迟发货")));
        Assert.Contains("must contain the order number TT1", Assert.Single(noOrderNumber, f => f.Kind == FindingKind.Rejected).Reason);

        var good = Replay(LateShipment(
            Filing("TT1", "F5", "2024-03-03T10:00:00+08:00", "buyer-agreed-delay", "旺旺聊天: 订单TT1 买家同意延迟到3月5日"),
            Decision("F5", "2024-03-03T18:00:00+08:00")));
        Assert.DoesNotContain(good, f => f.Kind == FindingKind.Rejected);
        Assert.Single(good.Of("taote.late-shipment", FindingKind.Exempted));
    }

    [Fact]
    public void A_Douyin_appeal_after_7_days_is_rejected()
    {
        var findings = Replay(
            Paid("douyin", "D1", "2025-10-01T10:00:00+08:00"),
            Shipped("D1", "2025-10-01T12:00:00+08:00"),
            Filing("D1", "F6", "2025-10-09T12:00:01+08:00", "trace-mismatch"), // violation 10-02 12:00 + 7 days, plus a second
            Clock("2025-10-12T00:00:00+08:00"));
        Assert.Contains("within P7D", Assert.Single(findings, f => f.Kind == FindingKind.Rejected).Reason);
    }

    [Theory]
    [InlineData(59.90, 3)] // 1 % = 0.60 → the minimum, 3
    [InlineData(1000, 10)] // 1 % = 10
    [InlineData(5000, 30)] // 1 % = 50 → the maximum, 30
    public void Douyin_2025_pickup_penalty_for_promises_up_to_48h_is_1_percent_3_to_30(decimal amount, decimal penalty)
    {
        var findings = Replay(
            Paid("douyin", "D2", "2025-10-01T10:00:00+08:00", amount: amount),
            Shipped("D2", "2025-10-01T12:00:00+08:00"),
            Clock("2025-10-05T00:00:00+08:00"));
        Assert.Equal(penalty, Assert.Single(findings.Of("douyin.pickup-timeout", FindingKind.Penalty)).Amount);
    }

    [Fact]
    public void Douyin_2025_ship_penalty_spares_short_lateness_on_short_promises()
    {
        // Promise 48 h (default); shipped 30 h late: the first violation's penalty falls in the "≤ 48 h late: none" tier.
        var findings = Replay(
            Paid("douyin", "D3", "2025-10-01T10:00:00+08:00", amount: 300m),
            Shipped("D3", "2025-10-04T16:00:00+08:00"),
            Scan("2025-10-04T18:00:00+08:00", "pickup"),
            Clock("2025-10-10T00:00:00+08:00"));
        Assert.Equal(2, findings.Of("douyin.ship-timeout", FindingKind.Violation).Count());
        Assert.Empty(findings.Of("douyin.ship-timeout", FindingKind.Penalty));

        // Never shipped: by the third violation's penalty it is 72 h late, 1 % of 300 = 3.
        var never = Replay(Paid("douyin", "D4", "2025-10-01T10:00:00+08:00", amount: 300m), Clock("2025-10-10T00:00:00+08:00"));
        var penalties = never.Of("douyin.ship-timeout", FindingKind.Penalty).ToList();
        Assert.Equal([3m], penalties.Select(p => p.Amount!.Value));
        Assert.Equal(3, penalties[0].Occurrence);
    }

    [Fact]
    public void Douyin_2025_same_day_promise_cuts_off_at_16_00()
    {
        var findings = Replay(
            Paid("douyin", "D5", "2025-10-01T15:59:59+08:00", extra: ",\"promise\":\"same-day\""),
            Paid("douyin", "D6", "2025-10-01T16:00:00+08:00", extra: ",\"promise\":\"same-day\""),
            Clock("2025-10-03T00:00:00+08:00"));
        var first = findings.Of("douyin.ship-timeout", FindingKind.Violation).Where(f => f.Occurrence == 1).ToDictionary(f => f.Order!, f => f.At());
        Assert.Equal("2025-10-01T23:59:59+08:00", first["D5"]);
        Assert.Equal("2025-10-02T23:59:59+08:00", first["D6"]);
    }

    [Fact]
    public void Tmall_2025_caps_one_buyer_and_one_shop_at_500_yuan_a_day()
    {
        var lines = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            // Each order: 5 % of 2000 = 100 on pickup, clamped to 100; eight of them on the same day.
            lines.Add(Paid("tmall", $"C{i}", "2025-10-01T08:00:00+08:00", amount: 2000m));
            lines.Add(Shipped($"C{i}", "2025-10-01T09:00:00+08:00", $"SC{i}", "sto"));
        }

        lines.Add(Clock("2025-10-10T00:00:00+08:00"));
        var penalties = Replay(lines).Of(TmallPickup, FindingKind.Penalty).ToList();
        Assert.Equal(8, penalties.Count);
        Assert.Equal(500m, penalties.Sum(p => p.Amount!.Value));
        Assert.Contains(penalties, p => p.Reason!.Contains("capped", StringComparison.Ordinal));
    }

    [Fact]
    public void An_order_is_judged_by_the_pack_version_in_force_at_payment()
    {
        var findings = Replay(
            Paid("tmall", "OLD", "2025-09-04T08:00:00+08:00"),
            Paid("tmall", "NEW", "2025-09-05T08:00:00+08:00"),
            Clock("2025-09-10T00:00:00+08:00"));
        var ship = findings.Of("tmall.ship-timeout", FindingKind.Violation).ToDictionary(f => f.Order!);
        Assert.Equal("2025-09-05T08:00:00+08:00", ship["OLD"].At()); // seed: 24 h
        Assert.Equal("2025-09-07T08:00:00+08:00", ship["NEW"].At()); // 2025: 48 h
    }

    [Fact]
    public void An_announcement_covering_the_deadline_moves_it()
    {
        var announcement = """{"type":"announcement","at":"2021-03-12T00:00:00+08:00","platform":"douyin","announcement":"rain","from":"2021-03-13T00:00:00+08:00","to":"2021-03-14T00:00:00+08:00","provinces":["浙江"],"extendHours":24}""";
        var findings = Replay(
            announcement,
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Scan("2021-03-13T21:05:30+08:00", "pickup"),
            Clock("2021-03-20T00:00:00+08:00"));
        Assert.Empty(findings.Of("douyin.pickup-timeout", FindingKind.Violation));

        var otherProvince = Replay(
            announcement.Replace("浙江", "广西", StringComparison.Ordinal),
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Scan("2021-03-13T21:05:30+08:00", "pickup"),
            Clock("2021-03-20T00:00:00+08:00"));
        Assert.Single(otherProvince.Of("douyin.pickup-timeout", FindingKind.Violation));
    }

    [Fact]
    public void An_announcement_published_after_the_violation_exempts_it()
    {
        var findings = Replay(
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Clock("2021-03-13T18:00:00+08:00"),
            """{"type":"announcement","at":"2021-03-13T18:30:00+08:00","platform":"douyin","announcement":"snow","from":"2021-03-13T00:00:00+08:00","to":"2021-03-14T00:00:00+08:00","provinces":[],"extendHours":48}""",
            Scan("2021-03-14T09:00:00+08:00", "pickup"),
            Clock("2021-03-20T00:00:00+08:00"));
        Assert.Single(findings.Of("douyin.pickup-timeout", FindingKind.Violation));
        var exempted = Assert.Single(findings.Of("douyin.pickup-timeout", FindingKind.Exempted));
        Assert.Contains("announcement snow", exempted.Reason);
    }

    [Fact]
    public void Evidence_arriving_after_the_penalty_revokes_it()
    {
        var findings = Replay(TmallUnpicked(200m,
            Clock("2024-06-05T00:00:00+08:00"),
            Scan("2024-06-02T10:00:00+08:00", "pickup", "STO1", "sto")));
        var penalty = Assert.Single(findings.Of(TmallPickup, FindingKind.Penalty));
        var violation = Assert.Single(findings.Of(TmallPickup, FindingKind.Violation));
        Assert.Single(findings.Of(TmallPickup, FindingKind.Retracted));
        var revoked = Assert.Single(findings.Of(TmallPickup, FindingKind.Revoked));
        Assert.Equal(10m, revoked.Amount);

        // The revocation names the violation's deadline, as the penalty does, not the time the penalty fell due.
        Assert.Equal(violation.At, revoked.Deadline);
        Assert.Equal(penalty.Deadline, revoked.Deadline);
        Assert.Equal(penalty.Start, revoked.Start);
    }

    [Fact]
    public void Penalties_in_one_stack_group_do_not_stack_the_highest_applies_once()
    {
        // A pack of our own: two ship rules of one order in one group, 10 % and 30 % of 100.
        var pack = """
            {"platform":"1688","version":"stack","effectiveFrom":"2000-01-01","source":"test","rules":[
              {"id":"1688.late-a","title":"a","description":"a","check":"deadline","start":"paid","within":"PT24H","metBy":"shipped",
               "penalty":{"rate":0.10,"stackGroup":"late-shipment"}},
              {"id":"1688.late-b","title":"b","description":"b","check":"deadline","start":"paid","within":"PT48H","metBy":"shipped",
               "penalty":{"rate":0.30,"stackGroup":"late-shipment"}},
              {"id":"1688.fake-c","title":"c","description":"c","check":"deadline","start":"paid","within":"PT72H","metBy":"shipped",
               "penalty":{"rate":0.05}}]}
            """;
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "1688"));
            File.WriteAllText(Path.Combine(dir.FullName, "1688", "stack.json"), pack);
            var sink = new FindingList();
            var engine = new ComplianceEngine(RuleBook.FromDirectory(dir.FullName), sink);
            var parser = new EventParser();
            foreach (var line in new[] { Paid("1688", "S1", "2024-05-01T00:00:00+08:00", amount: 100m), Clock("2024-05-10T00:00:00+08:00") })
            {
                parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out _);
                engine.Apply(e!);
            }

            engine.Flush();
            var penalties = sink.Items.Where(f => f.Kind == FindingKind.Penalty).ToDictionary(f => f.Rule, f => f.Amount);
            Assert.Equal(10m, penalties["1688.late-a"]);
            Assert.Equal(20m, penalties["1688.late-b"]); // tops the group up to the highest, 30, charged once
            Assert.Equal(5m, penalties["1688.fake-c"]); // another group: stacks
            Assert.Equal(35m, penalties.Values.Sum());
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
