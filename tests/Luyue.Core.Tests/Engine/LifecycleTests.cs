using Luyue.Core.Engine;
using Luyue.Core.Findings;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Engine;

public class LifecycleTests
{
    [Fact]
    public void A_pickup_stamped_before_the_deadline_that_arrives_after_it_retracts_the_violation()
    {
        var findings = Replay(
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Clock("2021-03-13T20:00:00+08:00"),
            Scan("2021-03-13T09:00:00+08:00", "pickup"));

        Assert.Single(findings.Of("douyin.pickup-timeout", FindingKind.Violation));
        var retracted = Assert.Single(findings.Of("douyin.pickup-timeout", FindingKind.Retracted));
        Assert.Equal("pickup", retracted.Evidence!.Kind);
        Assert.Equal("2021-03-13T09:00:00+08:00", Luyue.Core.Events.InstantText.Format(retracted.Evidence.At, NodaTime.Offset.FromHours(8)));
        Assert.Equal("2021-03-13T16:56:04+08:00", Luyue.Core.Events.InstantText.Format(retracted.Deadline!.Value, NodaTime.Offset.FromHours(8)));
    }

    [Fact]
    public void What_the_engine_keeps_beside_its_orders_goes_with_them_or_after_the_retention()
    {
        var engine = ForgettingAfter30Days();
        ApplyOutcome Apply(string line)
        {
            var outcome = engine.ApplyLine(line);
            engine.Flush();
            return outcome;
        }

        const string announcement = """{"id":"A-1","type":"announcement","at":"2021-03-12T00:00:00+08:00","platform":"douyin","announcement":"rain","from":"2021-03-13T00:00:00+08:00","to":"2021-03-14T00:00:00+08:00","provinces":["浙江"],"extendHours":24}""";
        Apply(Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"));
        Apply(Shipped("D1", "2021-03-11T16:00:00+08:00"));
        Apply(Scan("2021-03-11T18:00:00+08:00", "pickup"));
        Apply(Scan("2021-03-12T18:00:00+08:00", "signed"));
        Apply("""{"id":"F-1","type":"filing.submitted","at":"2021-03-12T19:00:00+08:00","order":"D1","filing":"FIL-1","reason":"weather"}""");
        Apply("""{"id":"F-2","type":"filing.decided","at":"2021-03-12T20:00:00+08:00","filing":"FIL-1","approved":true}""");
        Apply("""{"id":"F-3","type":"filing.decided","at":"2021-03-12T20:00:00+08:00","filing":"FIL-NEVER","approved":false}""");
        Assert.Equal(ApplyOutcome.Applied, Apply(announcement));
        Assert.Equal(ApplyOutcome.Duplicate, Apply(announcement));
        // Ids of the two decisions and the announcement, the filing, the decision still waiting for its filing.
        Assert.Equal(5, engine.KeptBesideOrders);

        Apply(Clock("2021-04-05T00:00:00+08:00"));
        Assert.Equal(ApplyOutcome.Duplicate, Apply(announcement)); // within the retention: still told apart

        Apply(Clock("2021-07-01T00:00:00+08:00"));
        engine.MoveOn();
        Assert.Equal(0, engine.Stats.OpenOrders);
        Assert.Equal(0, engine.KeptBesideOrders);
    }

    [Fact]
    public void Events_with_a_seen_id_are_ignored()
    {
        var once = Replay(
            """{"id":"p","type":"order.paid","at":"2024-01-01T10:00:00+08:00","platform":"douyin","shop":"s","order":"D","amount":10,"items":[],"buyer":{"province":"浙江省"},"seller":{"province":"浙江省"}}""",
            """{"id":"s","type":"order.shipped","at":"2024-01-01T11:00:00+08:00","order":"D","carrier":"zto","tracking":"Z"}""",
            Clock("2024-01-05T00:00:00+08:00"));
        var twice = Replay(
            """{"id":"p","type":"order.paid","at":"2024-01-01T10:00:00+08:00","platform":"douyin","shop":"s","order":"D","amount":10,"items":[],"buyer":{"province":"浙江省"},"seller":{"province":"浙江省"}}""",
            """{"id":"s","type":"order.shipped","at":"2024-01-01T11:00:00+08:00","order":"D","carrier":"zto","tracking":"Z"}""",
            """{"id":"s","type":"order.shipped","at":"2024-01-01T12:00:00+08:00","order":"D","carrier":"zto","tracking":"OTHER"}""",
            Clock("2024-01-05T00:00:00+08:00"));

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Scans_and_shipment_before_the_payment_arrives_are_judged_once_it_does()
    {
        var findings = Replay(
            Scan("2021-03-13T21:05:30+08:00", "pickup"),
            Shipped("D1", "2021-03-12T16:56:04+08:00"),
            Paid("douyin", "D1", "2021-03-11T10:20:00+08:00"),
            Clock("2021-03-14T00:00:00+08:00"));

        Assert.Equal("2021-03-13T16:56:04+08:00", Assert.Single(findings.Of("douyin.pickup-timeout", FindingKind.Violation)).At());
    }

    [Fact]
    public void Timers_fire_in_deadline_order_across_orders()
    {
        var findings = Replay(
            Paid("tmall", "B", "2024-06-01T09:00:00+08:00"),
            Paid("tmall", "A", "2024-06-01T08:00:00+08:00"),
            Clock("2024-06-10T00:00:00+08:00"));

        var times = findings.Select(f => f.At).ToList();
        Assert.Equal(times.Order().ToList(), times);
        Assert.Equal("A", findings.First().Order);
    }

    [Theory]
    [InlineData("2018-02-20T00:00:00-03:00", 1)] // idle for 49 days, but its ship-by and deliver-by timers are pending
    [InlineData("2018-03-20T00:00:00-03:00", 0)] // both have fired: forgotten by the next sweep
    [InlineData("2018-05-01T00:00:00-03:00", 0)]
    public void An_idle_order_is_forgotten_after_the_retention_period_once_no_timer_is_pending(string clock, int open)
    {
        // Paid once, never touched again; nothing but its own dates in March (the olist pack's agreed-date rules).
        const string dates = ""","shipBy":"2018-03-05T12:00:00-03:00","deliverBy":"2018-03-10T00:00:00-03:00" """;
        var engine = ForgettingAfter30Days();
        // A sweep on 02-20 finds it idle with timers pending; the later clock sweeps again.
        foreach (var line in new[] { Paid("olist", "O1", "2018-01-02T09:00:00-02:00", dates), Clock("2018-02-20T00:00:00-03:00"), Clock(clock) })
        {
            engine.ApplyLine(line);
        }

        engine.MoveOn();
        Assert.Equal(open, engine.Stats.OpenOrders);
    }

    [Theory]
    [InlineData("2024-07-05T00:00:00+08:00", 1)] // 34 days after its payment, 10 after its shipment
    [InlineData("2024-07-24T00:00:00+08:00", 1)] // 28 and a half days after its shipment
    [InlineData("2024-07-27T00:00:00+08:00", 0)] // 31 and a half days after: forgotten
    public void An_order_active_again_weeks_after_it_began_is_kept_for_the_retention_after_its_last_activity(string clock, int open)
    {
        // An order is filed for the sweep by its first activity only; the sweep that finds it there must see the later
        // activity and keep it (no time rules on this platform, so no timer keeps it instead).
        var engine = ForgettingAfter30Days();
        string[] lines =
        [
            Paid("aliexpress", "AE1", "2024-06-01T09:00:00+08:00"),
            Shipped("AE1", "2024-06-25T09:00:00+08:00"),
            Clock("2024-07-02T00:00:00+08:00"), // a sweep past the payment's retention, not the shipment's
            Clock(clock),
        ];
        foreach (var line in lines)
        {
            engine.ApplyLine(line);
        }

        engine.MoveOn();
        Assert.Equal(open, engine.Stats.OpenOrders);
    }

    [Theory]
    [InlineData("2024-06-25T00:00:00+08:00", 1)] // 20 days after its last scan
    [InlineData("2024-07-06T00:00:00+08:00", 0)] // 31 days after: forgotten
    public void A_number_no_order_claims_is_forgotten_after_the_retention_period(string clock, int open)
    {
        var engine = ForgettingAfter30Days();
        string[] lines =
        [
            Scan("2024-06-01T09:00:00+08:00", "pickup", "LONE"),
            Scan("2024-06-05T09:00:00+08:00", "transit", "LONE"),
            Clock("2024-06-20T00:00:00+08:00"), // a sweep that finds it too recent
            Clock(clock),
        ];
        foreach (var line in lines)
        {
            engine.ApplyLine(line);
        }

        engine.MoveOn();
        Assert.Equal(open, engine.Stats.OpenNumbers);
    }

    [Fact]
    public void A_sweep_a_clock_move_makes_due_waits_for_the_engines_next_step_and_changes_nothing_it_would_find()
    {
        var engine = ForgettingAfter30Days();
        ApplyOutcome Apply(string line) => engine.ApplyLine(line);

        Apply(Clock("2024-06-01T00:00:00+08:00", "C-1"));
        Apply(Scan("2024-06-01T09:00:00+08:00", "pickup", "LONE"));
        Apply(Scan("2024-06-01T10:00:00+08:00", "pickup", "OTHER"));

        // Past the retention of both numbers and of the first clock event's id: a replay ending here forgets nothing.
        Apply(Clock("2024-07-05T00:00:00+08:00"));
        Assert.Equal(2, engine.Stats.OpenNumbers);

        // A clock event of the same instant leaves the sweep waiting, yet finds the first one's id let go, as it would
        // have been had the sweep run at the move.
        Assert.Equal(ApplyOutcome.Applied, Apply(Clock("2024-07-05T00:00:00+08:00", "C-1")));
        Assert.Equal(ApplyOutcome.Duplicate, Apply(Clock("2024-07-05T00:00:00+08:00", "C-1")));
        Assert.Equal(2, engine.Stats.OpenNumbers);

        // The next event finds what the sweep leaves: its number is new (no scans of June), the other one gone.
        Apply(Scan("2024-07-05T00:00:00+08:00", "transit", "LONE"));
        Assert.Equal(1, engine.Stats.OpenNumbers);
        Assert.Equal(1, engine.ScansHeld("zto", "LONE"));
        Assert.Equal(-1, engine.ScansHeld("zto", "OTHER"));
    }

    [Fact]
    public void Orders_of_platforms_without_time_rules_produce_no_findings()
    {
        var findings = Replay(Paid("aliexpress", "AE1", "2024-06-01T09:00:00+08:00"), Clock("2024-07-01T00:00:00+08:00"));
        Assert.Empty(findings);
    }
}
