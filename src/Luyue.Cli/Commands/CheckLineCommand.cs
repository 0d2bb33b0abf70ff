using System.CommandLine;
using System.Text;
using Luyue.Core.Checks;
using Spectre.Console;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue check-line ORDER.json --line CODE</c>: may this AliExpress order ship by another line than the buyer's
/// (RULES §6)? The judgement is <see cref="LineChangeCheck"/>'s, in Core, on the embedded line catalogue; the server's
/// POST /v1/checks/line-change gives the same answer.
/// </summary>
internal static class CheckLineCommand
{
    private const string Details = """
        ORDER.json is one JSON object ('-' reads standard input):
          country        destination, ISO 3166-1 alpha-2 (US, FR, …)
          category       e.g. apparel; battery, cosmetics, liquid, powder, paste, magnetic, knife are special goods
          weightKg       the parcel's weight
          sizeCm         its three sides, e.g. [30, 20, 5]
          amount         what ships in the parcel (a combined parcel: the package total), currency USD
          buyerLine      the line the buyer ordered (a catalogue code)
          rights         consumer rights: combined-order, x-day-delivery, self-pickup, direct (AliExpress Direct)
          combinedParcel true when several items ship in one parcel: the policy's package amount rule sets the least tier
          templateLines  the seller custom lines in the item's freight template that the buyer could choose
        e.g. {"country":"US","category":"apparel","weightKg":0.4,"sizeCm":[30,20,5],"amount":12.5,"currency":"USD",
              "buyerLine":"CAINIAO_STANDARD","rights":[]}

        Reasons (any one blocks the change; each comes with the risk it carries):
          unsupported     the line does not take this country, category, weight, size or amount: the shipping notice
                          cannot be submitted and the order closes on timeout with a refund
          downgrade       the line's tier is below the buyer's (a combined parcel: below the package amount's tier)
          consumer-right  combined-order, self-pickup and AliExpress Direct orders ship by the buyer's line
          custom-line     a seller custom line must be in the item's freight template and selectable by the buyer;
                          replacing 无忧标准 / 无忧优先 with one risks a penalty
          slower-promise  the line promises a later delivery than the buyer's: a late parcel may get no logistics compensation
        The answer also lists the lines that would be allowed: the buyer's first, then higher tier, then faster.
        Catalogue values the seed article does not state are assumed, and the answer names those it used.

        Exit codes: 0 allowed, 6 blocked, 2 bad input (every field and reason on stderr), 4 file not found.
        See docs/checks.md.
        """;

    public static Command Create()
    {
        var order = new Argument<string>("ORDER.json") { Description = "The order as JSON ('-' reads standard input)" };
        var line = new Option<string>("--line") { Description = "The line to ship by, a catalogue code (e.g. CAINIAO_PREMIUM)", Required = true, HelpName = "CODE" };
        var format = new Option<string>("--format") { Description = "json (default) or table", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "table");

        var command = new Command("check-line", "AliExpress: may this order ship by another line than the buyer's? Allowed or blocked, every reason and its risk")
        {
            order, line, format,
        }.WithDetails(Details);
        command.SetAction(parse => Run(parse.GetValue(order)!, parse.GetValue(line)!, parse.GetValue(format)!));
        return command;
    }

    private static int Run(string path, string lineCode, string format)
    {
        if (CheckOutput.ReadText(path) is not { } text)
        {
            return ExitCodes.NotFound;
        }

        var catalogue = LineCatalogue.Default;
        LineChangeVerdict verdict;
        try
        {
            var order = LineChangeOrder.Parse(path, Encoding.UTF8.GetBytes(text), catalogue);
            verdict = new LineChangeCheck(catalogue).Check(order, lineCode);
        }
        catch (CheckInputException ex)
        {
            return CheckOutput.Refuse(ex.Errors.Select(e => e.Field == "line" ? e with { Field = "--line" } : e));
        }

        var answer = LineChangeAnswer.From(verdict);
        if (format == "table")
        {
            WriteTable(answer);
        }
        else
        {
            CheckOutput.WriteJson(answer);
        }

        return answer.Allowed ? ExitCodes.Ok : ExitCodes.LineChangeBlocked;
    }

    private static void WriteTable(LineChangeAnswer answer)
    {
        var console = Terminal.Out();
        console.WriteLine(answer.Allowed
            ? $"{answer.BuyerLine} → {answer.Line} to {answer.Country}: allowed"
            : $"{answer.BuyerLine} → {answer.Line} to {answer.Country}: blocked ({answer.Reasons.Count} reason(s))");
        if (answer.Reasons.Count > 0)
        {
            var reasons = new Table().Border(TableBorder.Rounded).AddColumns("reason", "detail", "risk");
            foreach (var reason in answer.Reasons)
            {
                reasons.AddRow(Markup.Escape(reason.Code), Markup.Escape(reason.Detail), Markup.Escape(reason.Risk));
            }

            console.Write(reasons);
        }

        var lines = new Table().Border(TableBorder.Rounded).Title("lines that would be allowed, best first")
            .AddColumns("line", "name", "tier", "promised days", "");
        foreach (var choice in answer.AllowedLines)
        {
            lines.AddRow(Markup.Escape(choice.Code), Markup.Escape($"{choice.NameZh} / {choice.NameEn}"), choice.Tier?.ToString(null, null) ?? "—",
                choice.PromisedDays?.ToString(null, null) ?? "—", choice.BuyerLine ? "buyer's line" : "");
        }

        console.Write(lines);
        foreach (var assumption in answer.Assumptions)
        {
            console.WriteLine("assumed: " + assumption);
        }
    }
}
