using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Findings;
using Spectre.Console;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue report FILE</c>: the ledger. Replays an event stream (or reads findings with <c>--findings</c>) and sums
/// what the findings cost per shop, rule, or shop and rule. The sums are <see cref="Ledger"/>'s, in Core, so the
/// server will give the same numbers.
/// </summary>
internal static class ReportCommand
{
    private const string Details = """
        penalties            penalty findings with an amount, and their yuan (charged)
        rate not configured  penalties the pack cannot price (the sources publish no rate); no yuan counted
        exempted             violations spared their penalty (refund, reissue, filing before the penalty, remote
                             region, announcement, no stacking), and the yuan spared where the rule has a rate
        revoked              penalties reversed (filing approved after the penalty, late evidence), and yuan refunded
        net                  charged - refunded
        violations, warnings as emitted: one later retracted or exempted still counts
        retracted            late evidence showed a rule met after all

        FILE is an event stream, replayed as `luyue replay` does, or with --findings a findings file (the output of
        `luyue replay`). '-' reads standard input. Amounts are decimal yuan, invariant culture. CSV has a header
        row; JSON is one object a line; both hold the rows only, the table adds a total.
        """;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Events as JSON Lines (CONTRACT.md), or findings with --findings; '-' reads standard input" };
        var format = new Option<string>("--format") { Description = "table (default), csv or json (one object a line)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var by = new Option<string>("--by") { Description = "One row per shop (default), rule, or shop and rule", DefaultValueFactory = _ => "shop" };
        by.AcceptOnlyFromAmong("shop", "rule", "shop-rule");
        var rules = RuleBookOption.Create();
        var findings = new Option<bool>("--findings") { Description = "FILE holds findings (e.g. saved `luyue replay` output), not events: sum them without replaying" };
        var keepCache = KeepCacheOption.Create();

        var command = new Command("report", "The ledger: penalties charged, unpriced, spared and refunded, and net yuan, per shop or rule")
        {
            file, format, by, rules, findings, keepCache,
        }.WithDetails(Details);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(format)!, Grouping(parse.GetValue(by)!), parse.GetValue(rules),
            parse.GetValue(findings), readOnce: !parse.GetValue(keepCache)));
        return command;
    }

    private static LedgerGrouping Grouping(string by) => by switch
    {
        "rule" => LedgerGrouping.Rule,
        "shop-rule" => LedgerGrouping.ShopRule,
        _ => LedgerGrouping.Shop,
    };

    private static int Run(string path, string format, LedgerGrouping by, DirectoryInfo? rulesDirectory, bool findingsInput, bool readOnce)
    {
        if (findingsInput && rulesDirectory is not null)
        {
            Console.Error.WriteLine("--rules judges events; with --findings nothing is judged again. Drop one of them.");
            return ExitCodes.BadInput;
        }

        var book = findingsInput ? null : RuleBookOption.Load(rulesDirectory);
        if (!findingsInput && book is null)
        {
            return ExitCodes.InvalidRules;
        }

        var input = InputFile.Open(path, readOnce);
        if (input is null)
        {
            return ExitCodes.NotFound;
        }

        var ledger = new Ledger();
        string summary;
        if (findingsInput)
        {
            input.ReadFindings(ledger);
            summary = $"{input.Summary()}; {Counted.Of(input.Lines - input.Rejected, "finding")}";
        }
        else
        {
            var engine = new ComplianceEngine(book!, ledger);
            input.ReadEvents(engine);
            var stats = engine.Stats;
            summary = $"{input.Summary()}, {Counted.Of(stats.Events, "event")} applied; {Counted.Of(stats.Findings.Values.Sum(), "finding")}";
            if (stats.Events == 0 && input.Rejected > 0)
            {
                summary += Environment.NewLine + "(no line was an event: if FILE holds findings, e.g. the output of `luyue replay`, add --findings)";
            }
        }

        var rows = ledger.Rows(by);
        switch (format)
        {
            case "csv":
                WriteCsv(rows, by);
                break;
            case "json":
                WriteJson(rows, by);
                break;
            default:
                WriteTable(rows, ledger.Total, by);
                break;
        }

        Console.Error.WriteLine(summary);
        return ExitCodes.Ok;
    }

    /// <summary>The columns that name a row: platform always (shops are per platform), then shop and/or rule.</summary>
    private static IReadOnlyList<(string Name, Func<LedgerRow, string?> Value)> Keys(LedgerGrouping by) => by switch
    {
        LedgerGrouping.Rule => [("platform", r => r.Platform), ("rule", r => r.Rule)],
        LedgerGrouping.ShopRule => [("platform", r => r.Platform), ("shop", r => r.Shop), ("rule", r => r.Rule)],
        _ => [("platform", r => r.Platform), ("shop", r => r.Shop)],
    };

    private static void WriteTable(IReadOnlyList<LedgerRow> rows, LedgerRow total, LedgerGrouping by)
    {
        var keys = Keys(by);
        var table = new Table().Border(TableBorder.Rounded).ShowFooters();
        foreach (var (name, _) in keys)
        {
            table.AddColumn(new TableColumn(name));
        }

        foreach (var measure in LedgerMeasure.Ledger)
        {
            table.AddColumn(new TableColumn(Markup.Escape(measure.Header)).RightAligned().Footer($"[bold]{measure.Format(total)}[/]"));
        }

        table.Columns[0].Footer("[bold]total[/]");
        foreach (var row in rows)
        {
            var cells = keys.Select(k => Markup.Escape(Shown(k.Value(row))))
                .Concat(LedgerMeasure.Ledger.Select(m => m.Format(row)));
            table.AddRow(cells.ToArray());
        }

        Terminal.Out().Write(table);
    }

    private static string Shown(string? key) => string.IsNullOrEmpty(key) ? "(none)" : key;

    private static void WriteCsv(IReadOnlyList<LedgerRow> rows, LedgerGrouping by)
    {
        var keys = Keys(by);
        var output = new StringBuilder();
        output.AppendJoin(',', keys.Select(k => k.Name).Concat(LedgerMeasure.Ledger.Select(m => m.Name))).Append('\n');
        foreach (var row in rows)
        {
            output.AppendJoin(',', keys.Select(k => Csv(k.Value(row) ?? "")).Concat(LedgerMeasure.Ledger.Select(m => m.Format(row)))).Append('\n');
        }

        Console.Out.Write(output.ToString());
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static void WriteJson(IReadOnlyList<LedgerRow> rows, LedgerGrouping by)
    {
        var keys = Keys(by);
        using var stdout = Console.OpenStandardOutput();
        using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var row in rows)
        {
            json.Reset(stdout);
            json.WriteStartObject();
            foreach (var (name, value) in keys)
            {
                json.WriteString(name, string.IsNullOrEmpty(value(row)) ? null : value(row));
            }

            foreach (var measure in LedgerMeasure.Ledger)
            {
                measure.Write(json, row);
            }

            json.WriteEndObject();
            json.Flush();
            stdout.WriteByte((byte)'\n');
        }
    }
}
