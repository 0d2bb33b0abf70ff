using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Indicators;
using Luyue.Core.Rules;
using Spectre.Console;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue indicators FILE</c>: the store indicators of RULES §2 (48 h pickup rate, 24 h update rate, average pickup
/// delay, stalls, violations) per store, carrier, pickup outlet or Shanghai day, beside the peer benchmark. The
/// numbers are <see cref="IndicatorAccumulator"/>'s, in Core, and the JSON is <see cref="IndicatorJson"/>'s, so
/// <c>GET /v1/indicators</c> gives the same answer for the same events.
/// </summary>
internal static class IndicatorsCommand
{
    private const string Details = """
        shipments            paid orders whose 48 h pickup check is decided: picked up strictly before payment + 48 h,
                             or 48 h have passed (orders closed or fully refunded before then, or shipped needing
                             no logistics, are not counted)
        pickedUp48h          of those, picked up in time (the earliest pickup scan on the order's numbers)
        updatedChecks        picked-up parcels whose 24 h update check is decided: a later scan strictly before
                             pickup + 24 h, or 24 h have passed
        updated24h           of those, with a later scan in time
        avgPickupDelayHours  mean hours from payment to pickup, over orders picked up (late ones too)
        stalls               parcels whose trace, between pickup and out-for-delivery, went 72 h without a scan
        violations           the engine's violations of those orders, less those later retracted
        stars                an outlet's latest imported star rating (--stars; by outlet only)

        Windows and benchmark come from rules/indicators/ (or --rules DIR/indicators/); values marked assumed there
        are ours, the sources publish none. The clock is the last event's time: a check still open then is not
        counted. Outlets are the sites named on pickup scans; an order with no carrier or outlet is left out of
        that grouping. Days are Shanghai days of payment. --top N ranks the outlets that caused the most violations.
        JSON is exactly what GET /v1/indicators (or /v1/indicators/outlets/ranking with --top) answers.
        """;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Events as JSON Lines (CONTRACT.md); '-' reads standard input" };
        var by = new Option<string>("--by") { Description = "One row per store (default), carrier, outlet or day", DefaultValueFactory = _ => "store" };
        by.AcceptOnlyFromAmong("store", "carrier", "outlet", "day");
        var format = new Option<string>("--format") { Description = "table (default), csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var stars = new Option<FileInfo?>("--stars") { Description = "Outlet star ratings, CSV month,carrier,outlet,stars (docs/templates/outlet-ratings.csv)", HelpName = "FILE" };
        var top = new Option<int?>("--top") { Description = "Rank the N outlets that caused the most violations instead", HelpName = "N" };
        var shop = new Option<string?>("--shop") { Description = "Only this store's orders" };
        var platform = new Option<string?>("--platform") { Description = "Only this platform's orders (tmall, taote, douyin, 1688, aliexpress)" };
        var carrier = new Option<string?>("--carrier") { Description = "Only orders shipped with this carrier (code or name: zto, 中通)" };
        var from = new Option<string?>("--from") { Description = "Only orders paid at or after TIME (ISO-8601 with offset)", HelpName = "TIME" };
        var to = new Option<string?>("--to") { Description = "Only orders paid before TIME (ISO-8601 with offset)", HelpName = "TIME" };
        var rules = RuleBookOption.Create();
        var keepCache = KeepCacheOption.Create();

        var command = new Command("indicators", "Store indicators: 48 h pickup rate, 24 h update rate, pickup delay, stalls and violations, per store, carrier, outlet or day")
        {
            file, by, format, stars, top, shop, platform, carrier, from, to, rules, keepCache,
        }.WithDetails(Details);
        command.SetAction(parse => Run(new Arguments(parse.GetValue(file)!, parse.GetValue(by)!, parse.GetValue(format)!, parse.GetValue(stars),
            parse.GetValue(top), parse.GetValue(shop), parse.GetValue(platform), parse.GetValue(carrier), parse.GetValue(from), parse.GetValue(to),
            parse.GetValue(rules), ReadOnce: !parse.GetValue(keepCache))));
        return command;
    }

    private sealed record Arguments(string Path, string By, string Format, FileInfo? Stars, int? Top, string? Shop, string? Platform,
        string? Carrier, string? From, string? To, DirectoryInfo? Rules, bool ReadOnce);

    private static int Run(Arguments a)
    {
        if (a.Top is < 1)
        {
            Console.Error.WriteLine($"--top: {a.Top} is not a number of outlets (1 or more)");
            return ExitCodes.BadInput;
        }

        if (!TryInstant("--from", a.From, out var from) || !TryInstant("--to", a.To, out var to))
        {
            return ExitCodes.BadInput;
        }

        var book = RuleBookOption.Load(a.Rules);
        IndicatorSettings settings;
        try
        {
            settings = a.Rules is null ? IndicatorSettings.Embedded : IndicatorSettings.FromDirectory(a.Rules.FullName);
        }
        catch (RulePackException ex)
        {
            foreach (var error in ex.Errors)
            {
                Console.Error.WriteLine($"indicator settings error: {error}");
            }

            return ExitCodes.InvalidRules;
        }

        if (book is null)
        {
            return ExitCodes.InvalidRules;
        }

        var indicators = new IndicatorAccumulator(book, settings);
        IReadOnlyList<OutletRating> ratings = [];
        if (a.Stars is not null)
        {
            if (!a.Stars.Exists)
            {
                Console.Error.WriteLine($"{a.Stars.FullName}: no such file");
                return ExitCodes.NotFound;
            }

            (ratings, var rejected) = OutletRatingsCsv.Parse(File.ReadAllText(a.Stars.FullName), indicators.NormalizeCarrier);
            foreach (var r in rejected)
            {
                Console.Error.WriteLine($"{a.Stars.Name}: row {r.Row}, {(r.Column.Length == 0 ? "" : r.Column + ": ")}{r.Reason}");
            }
        }

        var input = InputFile.Open(a.Path, a.ReadOnce);
        if (input is null)
        {
            return ExitCodes.NotFound;
        }

        // The accumulator takes the classification the engine leaves on each scan rather than classifying it again.
        var engine = new ComplianceEngine(book, indicators, new EngineOptions { ShareScanClassifications = true });
        var parser = new EventParser();
        input.ReadLines(line =>
        {
            if (!parser.TryParse(line, out var e, out var error))
            {
                return error!.ToString();
            }

            engine.Apply(e!);
            indicators.Apply(e!);
            return null;
        });
        engine.Flush();

        IndicatorGroupingText.TryParse(a.By, out var by);
        var query = new IndicatorQuery
        {
            By = by, Shop = a.Shop, Platform = a.Platform, Carrier = a.Carrier is null ? null : indicators.NormalizeCarrier(a.Carrier), From = from, To = to,
        };
        if (a.Top is { } n)
        {
            var ranking = indicators.Ranking(n, query, ratings);
            Write(a.Format, ranking);
        }
        else
        {
            Write(a.Format, indicators.Report(query, ratings));
        }

        Console.Error.WriteLine(indicators.Clock == NodaTime.Instant.MinValue
            ? $"{input.Summary()}; no clock (no event applied)"
            : $"{input.Summary()}; indicators as of {InstantText.Format(indicators.Clock, settings.Zone.GetUtcOffset(indicators.Clock))}");
        return ExitCodes.Ok;
    }

    private static bool TryInstant(string option, string? text, out NodaTime.Instant? instant)
    {
        instant = null;
        if (text is null)
        {
            return true;
        }

        if (!InstantText.TryParse(text, out var parsed))
        {
            Console.Error.WriteLine($"{option}: '{text}' is not an ISO-8601 time with offset (e.g. 2024-06-01T00:00:00+08:00)");
            return false;
        }

        instant = parsed;
        return true;
    }

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Json(Action<Utf8JsonWriter> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, JsonOptions))
        {
            write(json);
        }

        stdout.WriteByte((byte)'\n');
    }

    private static void Write(string format, IndicatorReport report)
    {
        var outlet = report.By == IndicatorGrouping.Outlet;
        var headers = new List<string> { report.By.ToText() };
        if (outlet)
        {
            headers.Add("carrier");
        }

        headers.AddRange(["shipments", "pickedUp48h", "pickupRate48h", "updatedChecks", "updated24h", "updateRate24h", "avgPickupDelayHours", "stalls", "violations"]);
        if (outlet)
        {
            headers.Add("stars");
        }

        var rows = report.Items.Select(row =>
        {
            var m = row.Measures;
            var cells = new List<string> { row.Key };
            if (outlet)
            {
                cells.Add(row.Carrier ?? "");
            }

            cells.AddRange([Text(m.Shipments), Text(m.PickedUp48h), Text(m.PickupRate48h), Text(m.UpdatedChecks), Text(m.Updated24h),
                Text(m.UpdateRate24h), Text(m.AvgPickupDelayHours), Text(m.Stalls), Text(m.Violations)]);
            if (outlet)
            {
                cells.Add(row.Stars is { } s ? Text(s) : "");
            }

            return cells;
        }).ToList();

        switch (format)
        {
            case "json":
                Json(json => IndicatorJson.Write(json, report));
                return;
            case "csv":
                Csv(headers, rows);
                return;
        }

        var table = Table(headers, rows);
        var s = report.Settings;
        var benchmark = new List<string> { Assumed("benchmark", false) };
        if (outlet)
        {
            benchmark.Add("");
        }

        benchmark.AddRange(["", "", Assumed(Text(s.PickupRate48h.Value), s.PickupRate48h.Assumed), "", "", Assumed(Text(s.UpdateRate24h.Value), s.UpdateRate24h.Assumed),
            Assumed(Text(s.AvgPickupDelayHours.Value), s.AvgPickupDelayHours.Assumed), "", ""]);
        if (outlet)
        {
            benchmark.Add("");
        }

        table.AddRow(benchmark.Select(c => $"[italic]{c}[/]").ToArray());
        Terminal.Out().Write(table);
        if (new[] { s.PickupRate48h, s.UpdateRate24h, s.AvgPickupDelayHours }.Any(v => v.Assumed))
        {
            Console.Out.WriteLine("* assumed: the sources publish no peer benchmark (rules/indicators/)");
        }
    }

    private static void Write(string format, IReadOnlyList<OutletRankingRow> ranking)
    {
        string[] headers = ["outlet", "carrier", "violations", "shipments", "pickupRate48h", "stars"];
        var rows = ranking.Select(r => new List<string> { r.Outlet, r.Carrier, Text(r.Violations), Text(r.Shipments), Text(r.PickupRate48h), r.Stars is { } s ? Text(s) : "" }).ToList();
        switch (format)
        {
            case "json":
                Json(json => IndicatorJson.Write(json, ranking));
                return;
            case "csv":
                Csv(headers, rows);
                return;
            default:
                Terminal.Out().Write(Table(headers, rows));
                return;
        }
    }

    private static string Assumed(string value, bool assumed) => assumed ? value + " *" : value;

    private static Table Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < headers.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(headers[i]));
            table.AddColumn(i == 0 || headers[i] == "carrier" ? column : column.RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(c => Markup.Escape(c.Length == 0 ? "-" : c)).ToArray());
        }

        return table;
    }

    private static void Csv(IEnumerable<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var output = new StringBuilder();
        output.AppendJoin(',', headers).Append('\n');
        foreach (var row in rows)
        {
            output.AppendJoin(',', row.Select(CsvField)).Append('\n');
        }

        Console.Out.Write(output.ToString());
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string CsvField(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}
