using System.Text.Json;
using static Luyue.Cli.Tests.Events;

namespace Luyue.Cli.Tests;

/// <summary>The ledger through the built CLI, on hand-written streams; every amount checked to the yuan.</summary>
public class ReportCommandTests
{
    private const string Header = "platform,shop,penalties,charged,notConfigured,exempted,spared,revoked,refunded,net,violations,warnings,retracted";

    /// <summary>
    /// Three Tmall 2024 orders of 200 yuan (seed pack: pickup timeout at 48 h, 5 % penalty 24 h later), each shipped
    /// in time and never picked up: violation 06-03 08:00, penalty of 10 yuan due 06-04 08:00.
    /// shop-a pays it; shop-b refunds in full on 06-03 12:00, before the penalty (exempted, 10 spared); shop-c's
    /// trace-mismatch filing is approved on 06-06, after the penalty (revoked, 10 refunded, net 0).
    /// </summary>
    private static readonly string ThreeShops = Stream(
        Paid("tmall", "shop-a", "TA", "2024-06-01T08:00:00+08:00", 200m),
        Shipped("TA", "2024-06-01T20:00:00+08:00", "STO-A"),
        Paid("tmall", "shop-b", "TB", "2024-06-01T08:00:00+08:00", 200m),
        Shipped("TB", "2024-06-01T20:00:00+08:00", "STO-B"),
        Paid("tmall", "shop-c", "TC", "2024-06-01T08:00:00+08:00", 200m),
        Shipped("TC", "2024-06-01T20:00:00+08:00", "STO-C"),
        Refund("TB", "2024-06-03T12:00:00+08:00", 200m),
        Filing("TC", "F1", "2024-06-03T09:00:00+08:00", "trace-mismatch"),
        Decision("F1", "2024-06-06T10:00:00+08:00"),
        Clock("2024-06-10T00:00:00+08:00"));

    [Fact]
    public void Csv_has_a_header_and_one_row_per_shop_with_charged_spared_refunded_and_net()
    {
        var result = Cli.RunWithInput(ThreeShops, "report", "-", "--format", "csv");

        Cli.AssertExit(0, result);
        Assert.Equal(
        [
            Header,
            "tmall,shop-a,1,10.00,0,0,0.00,0,0.00,10.00,1,1,0",
            "tmall,shop-b,0,0.00,0,1,10.00,0,0.00,0.00,1,1,0",
            "tmall,shop-c,1,10.00,0,0,0.00,1,10.00,0.00,1,1,0",
        ], Lines(result.Stdout));
    }

    [Fact]
    public void The_table_ends_with_a_total_row()
    {
        var result = Cli.RunWithInput(ThreeShops, "report", "-");

        Cli.AssertExit(0, result);
        var total = Assert.Single(Lines(result.Stdout), l => l.Contains("total", StringComparison.Ordinal));
        Assert.Equal(["total", "2", "20.00", "0", "1", "10.00", "1", "10.00", "10.00", "3", "3", "0"], Cells(total));
        Assert.Contains("shop-b", result.Stdout);
        Assert.Contains("rate not configured", result.Stdout);
    }

    [Fact]
    public void Json_is_one_object_per_row_with_amounts_as_numbers()
    {
        var result = Cli.RunWithInput(ThreeShops, "report", "-", "--format", "json", "--by", "rule");

        Cli.AssertExit(0, result);
        var row = JsonDocument.Parse(Assert.Single(Lines(result.Stdout))).RootElement;
        Assert.Equal(
            ["platform", "rule", "penalties", "charged", "notConfigured", "exempted", "spared", "revoked", "refunded", "net", "violations", "warnings", "retracted"],
            row.EnumerateObject().Select(p => p.Name));
        Assert.Equal("tmall.pickup-timeout", row.GetProperty("rule").GetString());
        Assert.Equal(20m, row.GetProperty("charged").GetDecimal());
        Assert.Equal(10m, row.GetProperty("spared").GetDecimal());
        Assert.Equal(10m, row.GetProperty("refunded").GetDecimal());
        Assert.Equal(10m, row.GetProperty("net").GetDecimal());
        Assert.Equal(2, row.GetProperty("penalties").GetInt32());
    }

    [Fact]
    public void By_shop_and_rule_names_both()
    {
        var result = Cli.RunWithInput(ThreeShops, "report", "-", "--format", "csv", "--by", "shop-rule");

        Cli.AssertExit(0, result);
        Assert.StartsWith("platform,shop,rule,penalties,", Lines(result.Stdout)[0], StringComparison.Ordinal);
        Assert.Equal("tmall,shop-a,tmall.pickup-timeout,1,10.00,0,0,0.00,0,0.00,10.00,1,1,0", Lines(result.Stdout)[1]);
    }

    [Fact]
    public void Findings_saved_from_replay_give_the_same_ledger_as_the_events()
    {
        var findings = Path.GetTempFileName();
        try
        {
            var replay = Cli.RunWithInput(ThreeShops, "replay", "-");
            File.WriteAllText(findings, replay.Stdout);

            var fromFindings = Cli.Run("report", findings, "--findings", "--format", "csv", "--by", "shop-rule");
            var fromEvents = Cli.RunWithInput(ThreeShops, "report", "-", "--format", "csv", "--by", "shop-rule");

            Cli.AssertExit(0, fromFindings);
            Assert.Equal(fromEvents.Stdout, fromFindings.Stdout);
        }
        finally
        {
            File.Delete(findings);
        }
    }

    [Fact]
    public void A_rule_without_a_rate_counts_its_penalty_as_not_configured_and_charges_nothing()
    {
        // 1688 (rates not published): uploaded 15:00 with no carrier scan by 15:00 the next day: no-info violation, penalty unpriced.
        var stream = Stream(
            Paid("1688", "al-1", "A1", "2024-05-01T09:00:00+08:00", 80m),
            Shipped("A1", "2024-05-01T15:00:00+08:00", "YD1"),
            Clock("2024-05-05T00:00:00+08:00"));
        var result = Cli.RunWithInput(stream, "report", "-", "--format", "csv", "--by", "rule");

        Cli.AssertExit(0, result);
        Assert.Contains("1688,1688.fake-shipping.no-info,0,0.00,1,0,0.00,0,0.00,0.00,1,0,0", Lines(result.Stdout));
    }

    [Fact]
    public void Amounts_have_two_decimals_and_show_the_half_up_rounding()
    {
        var stream = Stream(
            Paid("tmall", "shop-a", "TA", "2024-06-01T08:00:00+08:00", 150m), // 5 % = 7.5 → 8, half-up
            Shipped("TA", "2024-06-01T20:00:00+08:00", "STO-A"),
            Clock("2024-06-10T00:00:00+08:00"));
        var result = Cli.RunWithInput(stream, "report", "-", "--format", "csv");

        Assert.Equal("tmall,shop-a,1,8.00,0,0,0.00,0,0.00,8.00,1,1,0", Lines(result.Stdout)[1]);
    }

    [Fact]
    public void A_findings_file_read_as_events_gets_a_hint()
    {
        var replay = Cli.RunWithInput(ThreeShops, "replay", "-");
        var result = Cli.RunWithInput(replay.Stdout, "report", "-");

        Cli.AssertExit(0, result);
        Assert.Contains("add --findings", result.Stderr);
    }

    [Fact]
    public void Bad_findings_lines_are_reported_and_the_good_ones_still_count()
    {
        var lines = Stream(
            """{"kind":"penalty","rule":"tmall.pickup-timeout","order":"T","at":"2024-06-04T08:00:00+08:00","amount":10,"platform":"tmall","shop":"s"}""",
            """{"kind":"penalty","rule":"tmall.pickup-timeout","at":"soon"}""",
            """{"kind":"revoked","rule":"tmall.pickup-timeout","order":"T","at":"2024-06-06T10:00:00+08:00","amount":4.5,"platform":"tmall","shop":"s"}""");
        var result = Cli.RunWithInput(lines, "report", "-", "--findings", "--format", "csv");

        Cli.AssertExit(0, result);
        Assert.Contains("line 2: at: 'soon' is not an ISO-8601 time with offset", result.Stderr);
        Assert.Contains("1 rejected", result.Stderr);
        Assert.Equal("tmall,s,1,10.00,0,0,0.00,1,4.50,5.50,0,0,0", Lines(result.Stdout)[1]);
    }

    [Fact]
    public void Exit_codes_missing_file_4_and_rules_with_findings_2()
    {
        Cli.AssertExit(4, Cli.Run("report", "/nonexistent/events.jsonl"));
        Cli.AssertExit(2, Cli.Run("report", "-", "--findings", "--rules", Cli.Repository("rules")));
        Cli.AssertExit(2, Cli.Run("report", "-", "--by", "day"));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] Cells(string tableLine) =>
        tableLine.Split('│', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
}
