using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Indicators;
using Luyue.Core.Rules;
using NodaTime;
using Spectre.Console;

namespace Luyue.Cli.Commands;

/// <summary><c>luyue rules list | show RULE-ID | validate DIR</c>: what the engine judges by, and checking a pack before use.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "List, show and validate rule packs (one JSON file per platform version under rules/)");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Validate());
        return command;
    }

    private static Command List()
    {
        var rules = RuleBookOption.Create();
        var format = new Option<string>("--format") { Description = "table (default) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("list", "Every rule of every pack: platform, version, effective date, parameters, source") { rules, format };
        command.SetAction(parse =>
        {
            var book = RuleBookOption.Load(parse.GetValue(rules));
            if (book is null)
            {
                return ExitCodes.InvalidRules;
            }

            var packs = book.Packs.OrderBy(p => p.Platform, StringComparer.Ordinal).ThenBy(p => p.EffectiveFrom).ToList();
            if (parse.GetValue(format) == "json")
            {
                WriteJson(packs.SelectMany(p => p.Rules.Select(r => Describe(p, r))));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("rule", "title", "version", "from", "parameters", "assumed");
            foreach (var pack in packs)
            {
                foreach (var rule in pack.Rules)
                {
                    table.AddRow(Markup.Escape(rule.Id), Markup.Escape(rule.Title), Markup.Escape(pack.Version),
                        pack.EffectiveFrom.ToString("yyyy-MM-dd", null), Markup.Escape(Parameters(rule)),
                        Markup.Escape(string.Join(", ", rule.Assumed)));
                }
            }

            Out().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("RULE-ID") { Description = "e.g. douyin.pickup-timeout" };
        var rules = RuleBookOption.Create();
        var format = new Option<string>("--format") { Description = "text (default) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("show", "One rule: what it checks, its parameters (assumed ones marked), version and source article") { id, rules, format };
        command.SetAction(parse =>
        {
            var book = RuleBookOption.Load(parse.GetValue(rules));
            if (book is null)
            {
                return ExitCodes.InvalidRules;
            }

            var ruleId = parse.GetValue(id)!;
            var versions = book.Packs.Where(p => p.Rules.Any(r => r.Id == ruleId)).OrderByDescending(p => p.EffectiveFrom).ToList();
            if (versions.Count == 0)
            {
                var known = book.Packs.SelectMany(p => p.Rules).Select(r => r.Id).Distinct().Order(StringComparer.Ordinal);
                Console.Error.WriteLine($"no rule '{ruleId}'. Known rules: {string.Join(", ", known)}");
                return ExitCodes.NotFound;
            }

            if (parse.GetValue(format) == "json")
            {
                WriteJson(versions.Select(p => Describe(p, p.Rules.First(r => r.Id == ruleId))));
                return ExitCodes.Ok;
            }

            var console = Out();
            foreach (var pack in versions)
            {
                var rule = pack.Rules.First(r => r.Id == ruleId);
                var grid = new Grid().AddColumn().AddColumn();
                void Row(string name, string? value)
                {
                    if (!string.IsNullOrEmpty(value))
                    {
                        grid.AddRow(new Markup($"[bold]{name}[/]"), new Text(value));
                    }
                }

                Row("rule", $"{rule.Id}  {rule.Title}");
                Row("what", rule.Description);
                Row("check", rule.Check.ToString());
                Row("parameters", Parameters(rule));
                Row("assumed", rule.Assumed.Count == 0 ? null : $"{string.Join(", ", rule.Assumed)} (not stated in the source article; configurable)");
                Row("remote exempt", rule.ExemptRemote ? string.Join(" ", pack.RemoteProvinceNames) + " and abroad" : null);
                Row("pack", $"{pack.Platform} {pack.Version}, effective from {pack.EffectiveFrom:yyyy-MM-dd} ({pack.Zone.Id})");
                Row("source", pack.SourceArticle);
                Row("article says", rule.Source);
                console.Write(new Panel(grid).Header(Markup.Escape($" {rule.Id} · {pack.Version} ")));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Validate()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "A directory of packs laid out as DIR/<platform>/<version>.json" };
        var command = new Command("validate", "Check every pack in DIR; each problem is reported with file, JSON path and reason") { directory };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"{dir.FullName}: no such directory");
                return ExitCodes.NotFound;
            }

            // The packs and the indicator settings beside them (DIR/indicators/) are checked together, every problem listed.
            var errors = new List<RulePackError>();
            RuleBook? book = null;
            IndicatorSettings? indicators = null;
            try
            {
                book = RuleBook.FromDirectory(dir.FullName);
            }
            catch (RulePackException ex)
            {
                errors.AddRange(ex.Errors);
            }

            try
            {
                indicators = IndicatorSettings.FromDirectory(dir.FullName);
            }
            catch (RulePackException ex)
            {
                errors.AddRange(ex.Errors);
            }

            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    Console.Error.WriteLine(error);
                }

                Console.Error.WriteLine($"{errors.Count} problem(s)");
                return ExitCodes.InvalidRules;
            }

            Console.WriteLine($"{book!.Packs.Count} packs, {book.Packs.Sum(p => p.Rules.Count)} rules: valid; indicator settings {indicators!.Version}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IAnsiConsole Out() => Terminal.Out();

    /// <summary>The rule's numbers in one line, in the pack's own vocabulary.</summary>
    internal static string Parameters(RuleDefinition rule)
    {
        var parts = new List<string>();
        if (rule.Check == CheckKind.Deadline)
        {
            parts.Add($"start {Name(RulePackReader.StartNames, rule.Start)}");
            if (rule.Within is { } within)
            {
                parts.Add($"within {RulePackReader.FormatDuration(within)}");
            }

            if (rule.Calendar is { } calendar)
            {
                parts.Add($"by {calendar.Time:HH:mm} local, {calendar.DaysAfter} day(s) after");
            }

            if (rule.RouteExtraDays is { } extra)
            {
                parts.Add($"route standard + {extra} days");
            }

            parts.Add($"met by {Name(RulePackReader.EvidenceNames, rule.MetBy)}");
        }

        if (rule.WarnAfterStart is { } after)
        {
            parts.Add($"warn {RulePackReader.FormatDuration(after)} after start");
        }

        if (rule.WarnBeforeDeadline is { } before)
        {
            parts.Add($"warn {RulePackReader.FormatDuration(before)} before deadline");
        }

        if (rule.Rejudge is { } rejudge)
        {
            parts.Add($"re-judged every {RulePackReader.FormatDuration(rejudge.Every)}, at most {rejudge.Max}");
        }

        if (rule.Window is { } window)
        {
            parts.Add($"window {RulePackReader.FormatDuration(window)}");
        }

        if (rule.ComplaintKinds.Count > 0)
        {
            parts.Add($"upheld complaint {string.Join(" / ", rule.ComplaintKinds)}");
        }

        if (rule.Sanctions is { } sanctions)
        {
            parts.Add($"withdrawal restricted ≥ {(sanctions.WithdrawalRestriction is { } w ? RulePackReader.FormatDuration(w) : "—")}, auto-confirm + {(sanctions.AutoConfirmExtension is { } x ? RulePackReader.FormatDuration(x) : "—")}");
        }

        if (rule.ExemptRemote)
        {
            parts.Add("remote exempt");
        }

        if (rule.TransferAdjusted)
        {
            parts.Add("judges the transshipped number");
        }

        if (rule.AgreedShipDate != AgreedShipDate.Ignored)
        {
            parts.Add($"agreed ship date is the {Name(RulePackReader.AgreedShipDateNames, rule.AgreedShipDate)}");
        }

        return string.Join("; ", parts);
    }

    private static string Name<T>(IReadOnlyDictionary<string, T> names, T value) => names.First(n => EqualityComparer<T>.Default.Equals(n.Value, value)).Key;

    private static Dictionary<string, object?> Describe(RulePack pack, RuleDefinition rule) => new()
    {
        ["id"] = rule.Id,
        ["title"] = rule.Title,
        ["description"] = rule.Description,
        ["platform"] = pack.Platform,
        ["version"] = pack.Version,
        ["effectiveFrom"] = pack.EffectiveFrom.ToString("yyyy-MM-dd", null),
        ["check"] = rule.Check.ToString(),
        ["parameters"] = Parameters(rule),
        ["assumed"] = rule.Assumed,
        ["source"] = pack.SourceArticle,
        ["articleSays"] = rule.Source,
    };

    private static void WriteJson<T>(IEnumerable<T> items)
    {
        var options = new JsonSerializerOptions { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var item in items)
        {
            Console.WriteLine(JsonSerializer.Serialize(item, options));
        }
    }
}
