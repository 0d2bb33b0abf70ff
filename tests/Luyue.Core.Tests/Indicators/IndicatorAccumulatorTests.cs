using System.Text;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Indicators;
using Luyue.Core.Rules;
using NodaTime;
using NodaTime.Text;
using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Indicators;

public class IndicatorAccumulatorTests
{
    /// <summary>
    /// Replays through the engine and the accumulator together, the engine's findings feeding the violation counts and
    /// its scan classifications taken by the accumulator, as in the server.
    /// </summary>
    private static IndicatorAccumulator Run(IEnumerable<string> lines, EngineOptions? options = null)
    {
        var indicators = new IndicatorAccumulator(RuleBook.Embedded, IndicatorSettings.Embedded, options);
        var engine = new ComplianceEngine(RuleBook.Embedded, indicators, (options ?? new EngineOptions()) with { ShareScanClassifications = true });
        var parser = new EventParser();
        foreach (var line in lines)
        {
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error), $"{line}: {error}");
            engine.Apply(e!);
            indicators.Apply(e!);
        }

        engine.Flush();
        return indicators;
    }

    /// <summary>A row as text: key, shipments, picked up, rate, checks, updated, rate, delay hours, stalls, violations, stars.</summary>
    private static string Row(IndicatorRow row)
    {
        var m = row.Measures;
        static string N(double? v) => v is { } d ? d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "-";
        return $"{row.Key}{(row.Carrier is null ? "" : "/" + row.Carrier)} {m.Shipments} {m.PickedUp48h} {N(m.PickupRate48h)} {m.UpdatedChecks} {m.Updated24h} "
               + $"{N(m.UpdateRate24h)} {N(m.AvgPickupDelayHours)} {m.Stalls} {m.Violations} {(row.Stars is { } s ? s : "-")}";
    }

    private static string[] Rows(IndicatorAccumulator indicators, IndicatorGrouping by, IEnumerable<OutletRating>? ratings = null) =>
        indicators.Report(new IndicatorQuery { By = by }, ratings).Items.Select(Row).ToArray();

    // Worked by hand (docs/indicators.md). Per order: picked up in 48 h? / update check decided, updated? /
    // payment-to-pickup hours / stall / violations.
    //   A1 s1 zto 西湖  yes / yes, yes / 12          / no  / 0
    //   A2 s1 zto 西湖  yes / yes, no  / 47.999722   / no  / 1 (update)
    //   A3 s1 zto 滨江  no  / yes, yes / 48          / no  / 1 (pickup)
    //   A4 s1 -   -     no  / -        / -           / -   / 2 (ship, pickup)
    //   A5 s1 zto 西湖  yes / yes, no  / 10          / yes / 1 (update)
    //   B1 s2 sto 浦东  yes / yes, yes / 10          / yes / 0
    //   B2 s2 sto 浦东  yes / yes, no  / 11.5        / no  / 1 (update)
    //   B3 s2 sto -     pending (not counted)                / 0
    //   B4 s2 closed before its deadline (not counted)       / 0
    [Fact]
    public void Worked_example_by_store()
    {
        var rows = Rows(Run(WorkedExample.Lines), IndicatorGrouping.Store);

        Assert.Equal(
        [
            // s1: 5 decided, 3 in time; 4 checks, 2 updated; (12 + 47.999722 + 48 + 10) / 4 = 29.49993 h
            "s1 5 3 0.6 4 2 0.5 29.5 1 5 -",
            // s2: B1, B2 decided and in time; 2 checks, 1 updated; (10 + 11.5) / 2 h
            "s2 2 2 1 2 1 0.5 10.75 1 1 -",
        ], rows);
    }

    [Fact]
    public void Worked_example_by_carrier_leaves_out_the_order_never_shipped()
    {
        Assert.Equal(
        [
            "sto 2 2 1 2 1 0.5 10.75 1 1 -",
            "zto 4 3 0.75 4 2 0.5 29.5 1 3 -",
        ], Rows(Run(WorkedExample.Lines), IndicatorGrouping.Carrier));
    }

    [Fact]
    public void Worked_example_by_outlet_with_the_latest_stars()
    {
        var indicators = Run(WorkedExample.Lines);
        var (ratings, rejected) = OutletRatingsCsv.Parse(WorkedExample.RatingsCsv, indicators.NormalizeCarrier);

        Assert.Equal(4, ratings.Count);
        Assert.Equal(
        [
            new CsvRejection(6, "stars", "'6' is not a whole number of stars from 1 to 5"),
            new CsvRejection(7, "month", "'2024-13' is not a month yyyy-MM"),
        ], rejected);
        Assert.Equal(
        [
            "上海浦东网点/sto 2 2 1 2 1 0.5 10.75 1 1 5",
            "杭州滨江网点/zto 1 0 0 1 1 1 48 0 1 2",
            // (12 + 47.999722 + 10) / 3 = 23.33324 h
            "杭州西湖网点/zto 3 3 1 3 1 0.3333 23.33 1 2 4",
        ], Rows(indicators, IndicatorGrouping.Outlet, ratings));
    }

    [Fact]
    public void Worked_example_by_Shanghai_day()
    {
        Assert.Equal(
        [
            // A1-A5 and B1: (12 + 47.999722 + 48 + 10 + 10) / 5 = 25.59994 h
            "2024-06-01 6 4 0.6667 5 3 0.6 25.6 2 5 -",
            // B2, paid 16:30 UTC on 06-01 (B4 closed, not counted)
            "2024-06-02 1 1 1 1 0 0 11.5 0 1 -",
            // B3: nothing decided yet
            "2024-06-04 0 0 - 0 0 - - 0 0 -",
        ], Rows(Run(WorkedExample.Lines), IndicatorGrouping.Day));
    }

    [Fact]
    public void Ranking_puts_the_outlet_with_most_violations_first_then_more_shipments()
    {
        var indicators = Run(WorkedExample.Lines);
        var (ratings, _) = OutletRatingsCsv.Parse(WorkedExample.RatingsCsv, indicators.NormalizeCarrier);

        Assert.Equal(
        [
            new OutletRankingRow("杭州西湖网点", "zto", 2, 3, 1, 4),
            new OutletRankingRow("上海浦东网点", "sto", 1, 2, 1, 5),
            new OutletRankingRow("杭州滨江网点", "zto", 1, 1, 0, 2),
        ], indicators.Ranking(10, ratings: ratings));
        Assert.Single(indicators.Ranking(1));
    }

    [Fact]
    public void Filters_select_by_shop_platform_carrier_and_payment_time()
    {
        var indicators = Run(WorkedExample.Lines);

        Assert.Equal(["s2 2 2 1 2 1 0.5 10.75 1 1 -"], indicators.Report(new IndicatorQuery { Carrier = "sto" }).Items.Select(Row));
        Assert.Equal(["s1 5 3 0.6 4 2 0.5 29.5 1 5 -"], indicators.Report(new IndicatorQuery { Shop = "s1" }).Items.Select(Row));
        Assert.Empty(indicators.Report(new IndicatorQuery { Platform = "douyin" }).Items);

        // From is inclusive, to exclusive: B2 was paid at 2024-06-01T16:30:00Z exactly.
        var b2 = InstantPattern.ExtendedIso.Parse("2024-06-01T16:30:00Z").Value;
        Assert.Equal(["s2 1 1 1 1 0 0 11.5 0 1 -", "s2 0 0 - 0 0 - - 0 0 -"],
            new[] { new IndicatorQuery { From = b2, To = b2 + Duration.FromSeconds(1) }, new IndicatorQuery { From = b2 + Duration.FromSeconds(1), To = b2 + Duration.FromDays(3) } }
                .SelectMany(q => indicators.Report(q).Items.Select(Row)));
    }

    [Theory]
    [InlineData("2024-06-05T09:59:59+08:00", 0)]
    [InlineData("2024-06-05T10:00:00+08:00", 1)]
    public void A_trace_stalls_live_when_the_clock_reaches_the_last_scan_plus_72h(string clock, int stalls)
    {
        var indicators = Run(
        [
            Paid("tmall", "S1", "2024-06-01T23:30:00+08:00"),
            Shipped("S1", "2024-06-02T08:00:00+08:00", "S1", "sto"),
            Scan("2024-06-02T09:30:00+08:00", "pickup", "S1", "sto"),
            Scan("2024-06-02T10:00:00+08:00", "transit", "S1", "sto"),
            Clock(clock),
        ]);

        Assert.Equal(stalls, Assert.Single(indicators.Report(new IndicatorQuery()).Items).Measures.Stalls);
    }

    [Theory]
    [InlineData("2024-06-03T07:59:59+08:00", 0, 0)]
    [InlineData("2024-06-03T08:00:00+08:00", 1, 0)]
    public void A_pickup_check_is_counted_once_its_48h_have_passed(string clock, int shipments, int pickedUp)
    {
        var indicators = Run([Paid("tmall", "P1", "2024-06-01T08:00:00+08:00"), Shipped("P1", "2024-06-01T09:00:00+08:00", "P1"), Clock(clock)]);

        var measures = Assert.Single(indicators.Report(new IndicatorQuery()).Items).Measures;
        Assert.Equal((shipments, pickedUp), ((int)measures.Shipments, (int)measures.PickedUp48h));
    }

    [Fact]
    public void An_order_shipped_needing_no_logistics_owes_no_pickup()
    {
        var indicators = Run(
        [
            Paid("tmall", "N1", "2024-06-01T08:00:00+08:00"),
            Shipped("N1", "2024-06-01T09:00:00+08:00", "N1", "none", ",\"mode\":\"none\""),
            Paid("tmall", "N2", "2024-06-01T08:00:00+08:00"),
            Shipped("N2", "2024-06-01T09:00:00+08:00", "N2"),
            Clock("2024-06-05T00:00:00+08:00"),
        ]);

        var measures = Assert.Single(indicators.Report(new IndicatorQuery()).Items).Measures;
        Assert.Equal((1L, 0L), (measures.Shipments, measures.PickedUp48h)); // N2's miss only
    }

    [Fact]
    public void Late_evidence_that_retracts_a_violation_takes_it_off_the_count()
    {
        var indicators = Run(
        [
            Paid("tmall", "R1", "2024-06-01T08:00:00+08:00"),
            Shipped("R1", "2024-06-01T09:00:00+08:00", "R1"),
            Clock("2024-06-03T09:00:00+08:00"),
            Scan("2024-06-03T07:00:00+08:00", "pickup", "R1"), // stamped before the deadline, heard of after it
            Scan("2024-06-03T10:00:00+08:00", "transit", "R1"),
            Clock("2024-06-04T00:00:00+08:00"),
        ]);

        var measures = Assert.Single(indicators.Report(new IndicatorQuery()).Items).Measures;
        Assert.Equal((1L, 1L, 0L), (measures.Shipments, measures.PickedUp48h, measures.Violations));
    }

    [Fact]
    public void Settled_orders_keep_their_counts_after_their_scans_are_forgotten()
    {
        var lines = WorkedExample.Lines.Append(Clock("2024-08-01T00:00:00+08:00")).ToList();
        var swept = Run(lines, new EngineOptions { Retention = Duration.FromDays(30) });
        var kept = Run(lines, new EngineOptions { Retention = Duration.FromDays(400) });

        Assert.Equal(0, swept.OpenOrders);
        Assert.Equal(9, kept.OpenOrders);
        // By 08-01: A2, A3 have stalled too; A2, A3, A5 and B1 were never signed (tmall.route-timeout: pickup + 4 days
        // + 3 days); B3 was never picked up (a decided miss, and tmall.pickup-timeout).
        Assert.Equal(["s1 5 3 0.6 4 2 0.5 29.5 3 8 -", "s2 3 2 0.6667 2 1 0.5 10.75 1 3 -"], Rows(swept, IndicatorGrouping.Store));
        foreach (var by in Enum.GetValues<IndicatorGrouping>())
        {
            Assert.Equal(Rows(kept, by), Rows(swept, by));
        }
    }

    [Theory]
    [InlineData("2024-07-20T00:00:00+08:00", 1)] // 30 days after the first scans, 10 after the last: open
    [InlineData("2024-08-10T00:00:01+08:00", 0)] // 30 days after the last scan: settled
    public void Scans_keep_the_order_of_their_number_open_for_the_retention_period(string clock, int open)
    {
        // Nothing happens to the order itself after its upload on 06-01; its parcel is scanned until 07-10.
        List<string> lines = [Paid("tmall", "K1", "2024-06-01T08:00:00+08:00"), Shipped("K1", "2024-06-01T09:00:00+08:00", "K1")];
        for (var day = 2; day <= 40; day += 2)
        {
            lines.Add(Scan(Instant.FromUtc(2024, 6, 1, 2, 0).Plus(Duration.FromDays(day - 1)).ToString(), "transit", "K1"));
        }

        lines.Add(Clock(clock));
        var indicators = Run(lines, new EngineOptions { Retention = Duration.FromDays(30) });

        Assert.Equal(open, indicators.OpenOrders);
    }

    [Theory]
    [InlineData("2024-07-22T00:00:00+08:00", 1)] // 30 days after the refund of 06-25 have not passed: open
    [InlineData("2024-07-28T00:00:00+08:00", 0)] // they have: settled
    public void An_order_active_again_weeks_after_it_began_stays_open_for_the_retention_after_its_last_event(string clock, int open)
    {
        // Filed for the sweep once, on 06-01: the sweep of early July must find the refund of 06-25 and keep the order.
        List<string> lines =
        [
            Paid("tmall", "K2", "2024-06-01T08:00:00+08:00"),
            Shipped("K2", "2024-06-01T09:00:00+08:00", "K2"),
            $$"""{"id":"k2-refund","type":"order.refunded","at":"2024-06-25T10:00:00+08:00","order":"K2","amount":1.00}""",
            Clock(clock),
        ];
        var indicators = Run(lines, new EngineOptions { Retention = Duration.FromDays(30) });

        Assert.Equal(open, indicators.OpenOrders);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Arrival_order_does_not_change_the_numbers(int seed)
    {
        // Any arrival order, the closing clock last: late scans are late evidence, and what stands is the same.
        var random = new Random(seed);
        var shuffled = WorkedExample.Lines[..^1].OrderBy(_ => random.Next()).Append(WorkedExample.Lines[^1]).ToList();
        var inOrder = Run(WorkedExample.Lines);
        var outOfOrder = Run(shuffled);

        foreach (var by in Enum.GetValues<IndicatorGrouping>())
        {
            Assert.Equal(Rows(inOrder, by), Rows(outOfOrder, by));
        }
    }

    [Fact]
    public void Taking_the_engines_classifications_changes_no_number()
    {
        // Run feeds the engine first, and the accumulator takes the classification the engine left on each scan; alone,
        // the accumulator classifies every scan itself.
        var parser = new EventParser();
        var alone = new IndicatorAccumulator(RuleBook.Embedded, IndicatorSettings.Embedded);
        var engine = new ComplianceEngine(RuleBook.Embedded, alone);
        foreach (var line in WorkedExample.Lines)
        {
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error), $"{line}: {error}");
            alone.Apply(e!);
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var again, out error), $"{line}: {error}");
            engine.Apply(again!);
        }

        engine.Flush();
        var shared = Run(WorkedExample.Lines);
        foreach (var by in Enum.GetValues<IndicatorGrouping>())
        {
            Assert.Equal(Rows(alone, by), Rows(shared, by));
        }
    }

    [Fact]
    public void Benchmark_values_come_from_the_data_and_say_they_are_assumed()
    {
        var settings = IndicatorSettings.Embedded;

        Assert.Equal(Duration.FromHours(48), settings.PickupWindow);
        Assert.Equal(Duration.FromHours(24), settings.UpdateWindow);
        Assert.True(settings.PickupRate48h.Assumed);
        Assert.False(settings.PickupRate48h.Value is < 0 or > 1);
    }

    [Fact]
    public void Bad_settings_are_refused_with_file_path_and_reason()
    {
        var json = """{"version":"x","windows":{"pickupHours":{"value":48},"updateHours":{"value":24}},"benchmark":{"pickupRate48h":{"value":1.5},"updateRate24h":{"value":0.9},"avgPickupDelayHours":{"value":20}}}"""u8.ToArray();

        var error = Assert.Throws<RulePackException>(() => IndicatorSettings.Read("x.json", json));

        Assert.Equal(
        [
            new RulePackError("x.json", "$.windows.stallHours", "missing: an object with \"value\""),
            new RulePackError("x.json", "$.benchmark.pickupRate48h.value", "missing or not a number from 0 to 1"),
        ], error.Errors);
    }

    [Fact]
    public void A_csv_without_a_column_refuses_with_the_column_named()
    {
        var (ratings, rejected) = OutletRatingsCsv.Parse("month,carrier,stars\n2024-06,zto,4\n", c => c);

        Assert.Empty(ratings);
        Assert.Equal([new CsvRejection(1, "outlet", "the header has no 'outlet' column (expected month,carrier,outlet,stars)")], rejected);
    }

    [Fact]
    public void A_quoted_outlet_may_hold_a_comma_and_a_second_rating_of_a_month_is_refused()
    {
        var (ratings, rejected) = OutletRatingsCsv.Parse("stars,outlet,month,carrier\r\n4,\"杭州,西湖\"\"店\"\"\",2024-06,zto\r\n5,\"杭州,西湖\"\"店\"\"\",2024-06,zto\r\n", c => c);

        Assert.Equal([new OutletRating(new YearMonth(2024, 6), "zto", "杭州,西湖\"店\"", 4)], ratings);
        Assert.Equal([new CsvRejection(3, "outlet", "this outlet already has a rating for 2024-06 on row 2")], rejected);
    }
}
