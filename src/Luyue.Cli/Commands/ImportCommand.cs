using System.CommandLine;
using Luyue.Adapters;
using Luyue.Core.Events;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue import --format F FILE|DIR|-</c>: a feed merchants actually receive (a carrier push or query result, a
/// marketplace export, a spreadsheet) as CONTRACT events on stdout, so that <c>luyue import … | luyue replay -</c>
/// judges it. The mapping is Luyue.Adapters'; this command reads the input and reports what it refused.
/// </summary>
internal static class ImportCommand
{
    private const int MaxReportedErrors = 20;

    private const string Details = """
        Formats (every mapping: docs/adapters.md):
          kuaidi100  a Kuaidi100 push param ({"status","lastResult":{…}}) or query result ({"com","nu","data":[…]}),
                     also inside an app's envelope; data[] is newest first
          kdniao     a KDNiao push RequestData ({"Data":[{ShipperCode,LogisticCode,Traces[…]}]}) or query result
          aftership  an AfterShip-style webhook body ({"msg":{slug,tracking_number,checkpoints[…]}})
          sf         SF routes: Body.WaybillRoute[] or a bare route array (which names no waybill: pass --tracking)
          olist      a directory with the Olist export CSVs (orders, items; customers and sellers if present)
          csv        the merchant spreadsheet of orders and shipments (columns: docs/orders-template.csv)
        A directory holds several files of a format (*.json; *.csv for csv). '-' reads standard input.
        Scans keep their carrier's text and code and are classified by the engine, as any scan is; their ids come from
        carrier, number, time and text, so importing the same push twice yields duplicates the engine ignores.
        Refused entries go to stderr with their place, field and reason; the rest are imported (exit 0) unless
        --strict, which imports nothing and exits 2.

          luyue import --format kuaidi100 push.json | luyue replay -
          luyue import --format olist ../shared/data/olist-brazilian-ecommerce-subset | luyue replay - --format table
        """;

    public static Command Create()
    {
        var input = new Argument<string>("FILE|DIR|-") { Description = "The feed: a file, a directory of files, or '-' for standard input" };
        var format = new Option<string>("--format") { Description = $"The feed's format: {string.Join(", ", Feeds.Formats)}", Required = true };
        format.AcceptOnlyFromAmong([.. Feeds.Formats]);
        var carrier = new Option<string?>("--carrier") { Description = "The carrier, where the feed does not name it (any spelling: SF, 顺丰, shunfeng)", HelpName = "CODE" };
        var tracking = new Option<string?>("--tracking") { Description = "The tracking number, where the feed does not name it (an SF route list)", HelpName = "NUMBER" };
        var strict = new Option<bool>("--strict") { Description = "Import nothing and exit 2 when any entry is refused" };
        var command = new Command("import", "Turn a carrier push, marketplace export or order spreadsheet into CONTRACT events on stdout")
        {
            input, format, carrier, tracking, strict,
        }.WithDetails(Details);
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(format)!,
            new ImportOptions(parse.GetValue(carrier), parse.GetValue(tracking)), parse.GetValue(strict)));
        return command;
    }

    private static int Run(string path, string format, ImportOptions options, bool strict)
    {
        Imported imported;
        try
        {
            if (path == "-")
            {
                if (format == "olist")
                {
                    Console.Error.WriteLine("olist reads a directory, not standard input");
                    return ExitCodes.BadInput;
                }

                using var reader = new StreamReader(Console.OpenStandardInput());
                imported = Feeds.Default.FromText(format, reader.ReadToEnd(), options);
            }
            else
            {
                imported = Feeds.Default.FromPath(format, path, options);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.NotFound;
        }

        foreach (var error in imported.Errors.Take(MaxReportedErrors))
        {
            Console.Error.WriteLine($"{path}: {error}");
        }

        if (imported.Errors.Count > MaxReportedErrors)
        {
            Console.Error.WriteLine($"{path}: … and {imported.Errors.Count - MaxReportedErrors} more refused");
        }

        if (strict && imported.Errors.Count > 0)
        {
            Console.Error.WriteLine($"{imported.Errors.Count} refused; nothing imported (--strict)");
            return ExitCodes.BadInput;
        }

        using (var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16))
        using (var writer = new EventWriter(stdout))
        {
            foreach (var e in imported.Events)
            {
                writer.Write(e);
            }
        }

        foreach (var note in imported.Notes)
        {
            Console.Error.WriteLine(note);
        }

        Console.Error.WriteLine($"{format}: {Counted.Of(imported.Events.Count, "event")}, {imported.Errors.Count} refused");
        return ExitCodes.Ok;
    }
}
