using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using Spectre.Console;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue whatif FILE --rules DIR</c>: the same events judged under two pack sets, compared rule by rule (RULES §8:
/// "a merchant can replay history under another version to see what would change"). One pass over the input feeds
/// both engines.
/// </summary>
internal static class WhatIfCommand
{
    private const string Details = """
        Per rule and in total: violations, warnings, exempted, penalties (of which rate not configured) and penalty
        yuan under each set, as "A → B (B - A)".

          A  the embedded packs, or --against DIR; each order judged by the version in force at its payment (RULES §8)
          B  --rules DIR, judged the same way, or with --as-if-always by the newest version of each platform in DIR
             for every order, whatever its payment date ("had these values always applied")

        Example: `luyue whatif events.jsonl --rules rules/ --as-if-always` compares today's judgement of a 2024 stream
        (the seed packs) with the 2025 Tmall and Douyin values applied to it.
        """;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Events as JSON Lines (CONTRACT.md); '-' reads standard input" };
        var rules = new Option<DirectoryInfo>("--rules")
        {
            Description = "Set B: packs laid out as DIR/<platform>/<version>.json",
            HelpName = "DIR",
            Required = true,
        };
        var against = new Option<DirectoryInfo?>("--against") { Description = "Set A: packs from DIR instead of the embedded ones", HelpName = "DIR" };
        var always = new Option<bool>("--as-if-always")
        {
            Description = "Judge every order under set B by the newest version of its platform in B, whatever its payment date",
        };
        var format = new Option<string>("--format") { Description = "table (default) or json (one object per rule, then the total)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var keepCache = KeepCacheOption.Create();

        var command = new Command("whatif", "Replay the same events under two pack sets and compare, rule by rule, what they find and charge")
        {
            file, rules, against, always, format, keepCache,
        }.WithDetails(Details);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(rules)!, parse.GetValue(against), parse.GetValue(always),
            parse.GetValue(format)!, readOnce: !parse.GetValue(keepCache)));
        return command;
    }

    private static int Run(string path, DirectoryInfo rulesB, DirectoryInfo? rulesA, bool asIfAlways, string format, bool readOnce)
    {
        var a = RuleBookOption.Load(rulesA);
        var b = RuleBookOption.Load(rulesB);
        if (a is null || b is null)
        {
            return ExitCodes.InvalidRules;
        }

        if (asIfAlways)
        {
            b = b.NewestOnly();
        }

        var input = InputFile.Open(path, readOnce);
        if (input is null)
        {
            return ExitCodes.NotFound;
        }

        var (ledgerA, ledgerB) = (new Ledger(), new Ledger());
        var engineA = new ComplianceEngine(a, ledgerA);
        var engineB = new ComplianceEngine(b, ledgerB);
        input.ReadEvents(engineA, engineB);

        var rows = LedgerComparison.ByRule(ledgerA, ledgerB);
        var total = LedgerComparison.Total(ledgerA, ledgerB);
        if (format == "json")
        {
            WriteJson(rows, total);
        }
        else
        {
            WriteTable(rows, total, Describe(a), Describe(b));
        }

        Console.Error.WriteLine($"{input.Summary()}, {Counted.Of(engineA.Stats.Events, "event")} applied; A: {Describe(a)}; B: {Describe(b)}");
        return ExitCodes.Ok;
    }

    private static string Describe(RuleBook book) =>
        $"{book.Origin}: {string.Join(", ", book.Packs.OrderBy(p => p.Platform, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom).Select(p => $"{p.Platform} {p.Version}"))}";

    private static void WriteTable(IReadOnlyList<RuleComparison> rows, RuleComparison total, string a, string b)
    {
        var table = new Table().Border(TableBorder.Rounded).ShowFooters()
            .Title(Markup.Escape($"A = {a}"))
            .Caption(Markup.Escape($"B = {b}; cells read A → B (B - A)"));
        table.AddColumn(new TableColumn("rule").Footer("[bold]total[/]"));
        foreach (var measure in LedgerMeasure.WhatIf)
        {
            table.AddColumn(new TableColumn(Markup.Escape(measure.Header)).RightAligned().Footer($"[bold]{Markup.Escape(Cell(measure, total))}[/]"));
        }

        foreach (var row in rows)
        {
            table.AddRow([Markup.Escape(row.Rule), .. LedgerMeasure.WhatIf.Select(m => Markup.Escape(Cell(m, row)))]);
        }

        Terminal.Out().Write(table);
    }

    /// <summary>"A → B", with the change in parentheses when there is one.</summary>
    private static string Cell(LedgerMeasure measure, RuleComparison row)
    {
        var (before, after) = (measure.Value(row.A), measure.Value(row.B));
        var change = after - before;
        var text = $"{measure.Format(before)} → {measure.Format(after)}";
        return change == 0 ? text : $"{text} ({(change > 0 ? "+" : "")}{measure.Format(change)})";
    }

    private static void WriteJson(IReadOnlyList<RuleComparison> rows, RuleComparison total)
    {
        using var stdout = Console.OpenStandardOutput();
        using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var (row, isTotal) in rows.Select(r => (r, false)).Append((total, true)))
        {
            json.Reset(stdout);
            json.WriteStartObject();
            if (isTotal)
            {
                json.WriteBoolean("total", true);
            }
            else
            {
                json.WriteString("rule", row.Rule);
            }

            foreach (var (name, side) in new[] { ("a", row.A), ("b", row.B), ("change", row.Change) })
            {
                json.WriteStartObject(name);
                foreach (var measure in LedgerMeasure.WhatIf)
                {
                    measure.Write(json, side);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.Flush();
            stdout.WriteByte((byte)'\n');
        }
    }
}
