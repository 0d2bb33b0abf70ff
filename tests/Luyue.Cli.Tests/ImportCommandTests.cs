using System.Text.Json;

namespace Luyue.Cli.Tests;

/// <summary>
/// <c>luyue import</c> through the built CLI: real feeds become CONTRACT events that <c>replay -</c> judges, repeated
/// pushes dedupe, and the Olist export gives the late hand-overs and deliveries the direct count over its CSVs does
/// (docs/adapters/olist_direct_count.py, same definitions; docs/adapters.md explains the difference to naive counts).
/// </summary>
public class ImportCommandTests
{
    private static string Sample(string file) => Cli.Shared("data", "cn-express-tracking-samples", file);

    [Fact]
    public void Olist_export_replays_to_its_late_handovers_and_late_deliveries()
    {
        var import = Cli.Run("import", "--format", "olist", Cli.Shared("data", "olist-brazilian-ecommerce-subset"));
        Cli.AssertExit(0, import);
        Assert.Contains("8135 orders, 8365 items", import.Stderr, StringComparison.Ordinal);
        Assert.Contains("0 refused", import.Stderr, StringComparison.Ordinal);

        var replay = Cli.RunWithInput(import.Stdout, "replay", "-");
        Cli.AssertExit(0, replay);
        var byRule = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(f => f.GetProperty("kind").GetString() == "violation")
            .GroupBy(f => f.GetProperty("rule").GetString())
            .ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(2, byRule.Count);
        Assert.Equal(1232, byRule["olist.late-handover"]);
        Assert.Equal(2085, byRule["olist.late-delivery"]);
        Assert.Contains("0 duplicates ignored, 0 rejected", replay.Stderr, StringComparison.Ordinal);

        var table = Cli.RunWithInput(import.Stdout, "replay", "-", "--format", "table");
        Cli.AssertExit(0, table);
        Assert.Contains("olist.late-handover", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_push_imported_twice_adds_no_scan_twice()
    {
        var once = Cli.Run("import", "--format", "kuaidi100", Sample("yto_kuaidi100_trace_2021.json"));
        Cli.AssertExit(0, once);

        var replay = Cli.RunWithInput(once.Stdout + once.Stdout, "replay", "-");
        Cli.AssertExit(0, replay);
        Assert.Contains("18 lines, 9 events applied, 9 duplicates ignored", replay.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Imported_scans_meet_a_platform_deadline_as_any_scan_does()
    {
        // The real Best Express trace after an order shipped on Tmall: picked up 19:19 the same evening, so no pickup timeout,
        // while the same order without the trace times out.
        var scans = Cli.Run("import", "--format", "kdniao", Sample("htky_kdniao_trace_2020.json"));
        Cli.AssertExit(0, scans);
        const string order = """
            {"type":"order.paid","at":"2020-08-22T10:00:00+08:00","platform":"tmall","shop":"s1","order":"T1","amount":100,"buyer":{"province":"广东省","city":"深圳市"},"seller":{"province":"山东省","city":"青岛市"}}
            {"type":"order.shipped","at":"2020-08-22T18:00:00+08:00","order":"T1","carrier":"HTKY","tracking":"557020683421114"}

            """;
        var clock = """{"type":"clock","at":"2020-09-30T00:00:00+08:00"}""" + "\n";

        var withTrace = Cli.RunWithInput(order + scans.Stdout + clock, "replay", "-");
        var without = Cli.RunWithInput(order + clock, "replay", "-");

        Cli.AssertExit(0, withTrace);
        Assert.DoesNotContain("tmall.pickup-timeout", withTrace.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"tmall.pickup-timeout\"", without.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Ship_by_and_deliver_by_rules_judge_only_orders_that_carry_the_date()
    {
        // shipBy 12:00:00: a hand-over at that very second is late (met only strictly before); delivered the evening of
        // the promised day is on time. The second order promises nothing, so neither rule judges it.
        const string events = """
            {"type":"order.paid","at":"2018-01-02T09:00:00-02:00","platform":"olist","shop":"s","order":"O1","amount":10,"shipBy":"2018-01-03T12:00:00-02:00","deliverBy":"2018-01-10T00:00:00-02:00"}
            {"type":"order.shipped","at":"2018-01-03T12:00:00-02:00","order":"O1","carrier":"olist-logistics","tracking":"O1"}
            {"type":"scan","at":"2018-01-03T12:00:00-02:00","carrier":"olist-logistics","tracking":"O1","kind":"pickup"}
            {"type":"scan","at":"2018-01-10T23:59:59-02:00","carrier":"olist-logistics","tracking":"O1","kind":"signed"}
            {"type":"order.paid","at":"2018-01-02T09:00:00-02:00","platform":"olist","shop":"s","order":"O2","amount":10}
            {"type":"clock","at":"2018-03-01T00:00:00-03:00"}

            """;
        var replay = Cli.RunWithInput(events, "replay", "-");

        Cli.AssertExit(0, replay);
        var findings = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var finding = Assert.Single(findings);
        Assert.Equal(("violation", "olist.late-handover", "O1"),
            (finding.GetProperty("kind").GetString(), finding.GetProperty("rule").GetString(), finding.GetProperty("order").GetString()));
    }

    [Fact]
    public void A_late_delivery_is_judged_at_the_end_of_the_promised_day()
    {
        const string events = """
            {"type":"order.paid","at":"2018-01-02T09:00:00-02:00","platform":"olist","shop":"s","order":"O1","amount":10,"deliverBy":"2018-01-10T00:00:00-02:00"}
            {"type":"order.shipped","at":"2018-01-03T10:00:00-02:00","order":"O1","carrier":"olist-logistics","tracking":"O1"}
            {"type":"scan","at":"2018-01-11T00:00:00-02:00","carrier":"olist-logistics","tracking":"O1","kind":"signed"}

            """;
        var replay = Cli.RunWithInput(events, "replay", "-");

        Cli.AssertExit(0, replay);
        var finding = JsonDocument.Parse(replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()).RootElement;
        Assert.Equal("olist.late-delivery", finding.GetProperty("rule").GetString());
        // Findings are written in China time; the instant is São Paulo's midnight after the promised day.
        Assert.Equal(DateTimeOffset.Parse("2018-01-11T00:00:00-02:00", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(finding.GetProperty("deadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Strict_import_of_a_spreadsheet_with_a_bad_row_writes_nothing_and_exits_2()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "order,paid_at,platform,shop,amount\nA1,2024-06-01 09:00:00,tmall,s,10\nA2,2024-06-01 09:00:00,tmall,s,lots\n");

            var lenient = Cli.Run("import", "--format", "csv", file);
            Cli.AssertExit(0, lenient);
            Assert.Single(lenient.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("row 3, amount: 'lots'", lenient.Stderr, StringComparison.Ordinal);

            var strict = Cli.Run("import", "--format", "csv", file, "--strict");
            Cli.AssertExit(2, strict);
            Assert.Equal("", strict.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_input_exits_4_and_an_unknown_format_2()
    {
        Cli.AssertExit(4, Cli.Run("import", "--format", "kdniao", "/nonexistent/push.json"));
        Cli.AssertExit(2, Cli.Run("import", "--format", "fedex", Sample("sf_routes_trace_2023.json")));
    }
}
