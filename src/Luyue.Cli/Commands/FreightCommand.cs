using System.CommandLine;
using System.Globalization;
using System.Text;
using Luyue.Core.Checks;
using Spectre.Console;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue freight check --templates T [--quotes Q] [--guidelines G]</c>: 1688 freight templates against carrier
/// quotes and the platform's guideline prices (RULES §5.5). The findings are <see cref="FreightCheck"/>'s, in Core;
/// POST /v1/checks/freight gives the same.
/// </summary>
internal static class FreightCommand
{
    private const string Details = """
        Inputs are CSV (a header row, then one row a record; quote cells that hold commas) or a JSON array of objects
        with the same fields; a file starting with '[' is JSON. Prices are yuan, weights kg; provinces as 浙江, 浙江省,
        Zhejiang or 33.
          --templates   item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice,note
                        one row per item and destination province; mode weight (units are kg) or piece; an item with a
                        free-text freight note (运费说明): mode note, one row, the text in note
          --quotes      carrier,province,firstKg,firstPrice,additionalKg,additionalPrice      carrier cost quotes
          --guidelines  province,firstKg,firstPrice,additionalKg,additionalPrice              platform guideline prices
        A price is first price for the first units, plus additional price per started additional unit. Each route is
        judged for one piece: a weight template and the quotes at the item's weight, a piece template at one piece.

        Findings (rule, outcome; difference = price - limit: above 0 over, below 0 under):
          1688.freight.red-line      above-red-line | within-red-line | no-quote: the route's price against 1.5 × the
                                     median quote (assumed threshold); above it the item is demoted in search
          1688.freight.blue-line     per route at-or-below-guideline | above-guideline | no-guideline, and per item
                                     tagged (every route at or below: 平台指导运费 tag the next day) | not-tagged
          1688.freight.freight-note  delisted: a consumer-category item that uses a freight note instead of a template
        Without --quotes the red line is not judged, without --guidelines the blue line.

        Bad rows are refused with file, row (CSV line number, or [index] in JSON), column and reason (exit code 2).
        See docs/checks.md and docs/examples/checks/.
        """;

    private static readonly string[] CsvColumns = ["rule", "item", "province", "outcome", "price", "reference", "limit", "difference", "detail"];

    public static Command Create()
    {
        var command = new Command("freight", "1688 freight templates: red line, blue line and freight notes (RULES §5.5)");
        command.Subcommands.Add(Check());
        return command;
    }

    private static Command Check()
    {
        var templates = new Option<string>("--templates") { Description = "Items and their freight templates (CSV or JSON)", Required = true, HelpName = "FILE" };
        var quotes = new Option<string?>("--quotes") { Description = "Carrier cost quotes (CSV or JSON); without it no red line", HelpName = "FILE" };
        var guidelines = new Option<string?>("--guidelines") { Description = "Platform guideline prices (CSV or JSON); without it no blue line", HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "table (default), json or csv (header row)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");

        var command = new Command("check", "Report per item and route the red-line, blue-line and freight-note findings, with the amount over or under")
        {
            templates, quotes, guidelines, format,
        }.WithDetails(Details);
        command.SetAction(parse => Run(parse.GetValue(templates)!, parse.GetValue(quotes), parse.GetValue(guidelines), parse.GetValue(format)!));
        return command;
    }

    private static int Run(string templatesPath, string? quotesPath, string? guidelinesPath, string format)
    {
        var texts = new[] { templatesPath, quotesPath, guidelinesPath }.Select(p => p is null ? null : CheckOutput.ReadText(p)).ToArray();
        if (texts[0] is null || (quotesPath is not null && texts[1] is null) || (guidelinesPath is not null && texts[2] is null))
        {
            return ExitCodes.NotFound;
        }

        var errors = new List<CheckInputError>();
        var items = FreightInputs.ReadTemplates(templatesPath, texts[0]!, errors);
        var quotes = texts[1] is { } q ? FreightInputs.ReadQuotes(quotesPath!, q, errors) : null;
        var guidelines = texts[2] is { } g ? FreightInputs.ReadGuidelines(guidelinesPath!, g, errors) : null;
        if (errors.Count > 0)
        {
            return CheckOutput.Refuse(errors);
        }

        var rules = FreightRules.Default;
        var findings = new FreightCheck(rules).Check(items, quotes, guidelines);
        switch (format)
        {
            case "json":
                CheckOutput.WriteJson(FreightAnswer.From(items.Count, findings, rules));
                break;
            case "csv":
                WriteCsv(findings);
                break;
            default:
                WriteTable(findings);
                break;
        }

        Console.Error.WriteLine($"{items.Count} item(s), {findings.Count} finding(s)"
                                + (quotes is null ? "; no --quotes: red line not judged" : "")
                                + (guidelines is null ? "; no --guidelines: blue line not judged" : ""));
        return ExitCodes.Ok;
    }

    private static string?[] Cells(FreightFinding f) =>
        [f.Rule, f.Item, f.Province, f.Outcome, Yuan(f.Price), Yuan(f.Reference), Yuan(f.Limit), Yuan(f.Difference), f.Detail];

    private static string? Yuan(decimal? yuan) => yuan?.ToString("0.00", CultureInfo.InvariantCulture);

    private static void WriteTable(IReadOnlyList<FreightFinding> findings)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in CsvColumns)
        {
            table.AddColumn(new TableColumn(column) { Alignment = column is "price" or "reference" or "limit" or "difference" ? Justify.Right : Justify.Left });
        }

        foreach (var finding in findings)
        {
            table.AddRow(Cells(finding).Select(c => Markup.Escape(c ?? "")).ToArray());
        }

        Terminal.Out().Write(table);
    }

    private static void WriteCsv(IReadOnlyList<FreightFinding> findings)
    {
        var output = new StringBuilder();
        output.AppendJoin(',', CsvColumns).Append('\n');
        foreach (var finding in findings)
        {
            output.AppendJoin(',', Cells(finding).Select(c => Csv(c ?? ""))).Append('\n');
        }

        Console.Out.Write(output.ToString());
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
