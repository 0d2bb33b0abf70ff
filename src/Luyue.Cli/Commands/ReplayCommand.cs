using System.CommandLine;
using Luyue.Core;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using NodaTime;
using Spectre.Console;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue replay FILE</c>: reads CONTRACT.md events in file order, drives the engine's clock from event times and
/// prints findings as they arise. Streams: memory follows open orders, not the file's size.
/// </summary>
internal static class ReplayCommand
{
    private const long ProgressThresholdBytes = 64L << 20;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Events as JSON Lines (CONTRACT.md); '-' reads standard input" };
        var format = new Option<string>("--format") { Description = "jsonl (default) or table", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "table");
        var rules = RuleBookOption.Create();
        var until = new Option<string?>("--until")
        {
            Description = "Close the replay at this time (ISO-8601 with offset): later events are skipped, timers fire up to it",
            HelpName = "TIME",
        };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first malformed line with exit code 2 instead of skipping it" };
        var rejects = new Option<FileInfo?>("--rejects") { Description = "Write each rejected line, with its line number and reason, to FILE", HelpName = "FILE" };
        var keepCache = KeepCacheOption.Create();

        var command = new Command("replay", "Replay an event stream and print findings (warnings, violations, retractions) in the order they arose")
        {
            file, format, rules, until, strict, rejects, keepCache,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(format)!, parse.GetValue(rules), parse.GetValue(until),
            parse.GetValue(strict), parse.GetValue(rejects), readOnce: !parse.GetValue(keepCache)));
        return command;
    }

    private static int Run(string path, string format, DirectoryInfo? rulesDirectory, string? untilText, bool strict, FileInfo? rejectsFile, bool readOnce)
    {
        Instant? until = null;
        if (untilText is not null)
        {
            if (!InstantText.TryParse(untilText, out var parsed))
            {
                Console.Error.WriteLine($"--until: '{untilText}' is not an ISO-8601 time with offset (e.g. 2024-06-03T12:00:00+08:00)");
                return ExitCodes.BadInput;
            }

            until = parsed;
        }

        var book = RuleBookOption.Load(rulesDirectory);
        if (book is null)
        {
            return ExitCodes.InvalidRules;
        }

        // A batch reads its whole state at random: huge pages spare most of its address translations (a hint only).
        HugePages.AdviseHeap();

        Stream input;
        try
        {
            input = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (FileErrors.IsOpenFailure(ex))
        {
            Console.Error.WriteLine(FileErrors.Reading(path, ex));
            return ExitCodes.NotFound;
        }

        StreamWriter? rejectsWriter = null;
        try
        {
            rejectsWriter = rejectsFile is null ? null : new StreamWriter(rejectsFile.FullName);
        }
        catch (Exception ex) when (FileErrors.IsOpenFailure(ex))
        {
            input.Dispose();
            Console.Error.WriteLine(FileErrors.Writing("--rejects", rejectsFile!.ToString(), ex));
            return ExitCodes.CannotWrite;
        }

        // Findings redirected to a file are written once, as the input is read once: their pages leave the kernel's
        // cache behind the writing, unless --keep-cache.
        using (input)
        using (var stdout = new BufferedStream(readOnce ? WrittenOnceStream.OverStandardOutput() : Console.OpenStandardOutput(), 1 << 16))
        using (rejectsWriter)
        {
            var table = format == "table" ? new FindingTable() : null;
            using var writer = table is null ? new FindingWriter(stdout) : null;
            var replay = new Replay(book, (IFindingSink?)table ?? writer!, strict, until, rejectsWriter, readOnce);
            var size = path == "-" ? 0 : new FileInfo(path).Length;
            if (size >= ProgressThresholdBytes && !Console.IsErrorRedirected)
            {
                WithProgress(size, onBytes => replay.Run(input, onBytes));
            }
            else
            {
                replay.Run(input, null);
            }

            stdout.Flush();
            table?.Render();
            replay.PrintSummary(path);
            return replay.StoppedByStrict ? ExitCodes.BadInput : ExitCodes.Ok;
        }
    }

    private static void WithProgress(long size, Action<Action<long>> run)
    {
        var console = Terminal.Error();
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("replaying", maxValue: size);
                run(bytes => task.Increment(bytes));
            });
    }

    /// <summary>One replay: parse, reject with line numbers, feed the engine, close the clock.</summary>
    private sealed class Replay(Luyue.Core.Rules.RuleBook book, IFindingSink sink, bool strict, Instant? until, TextWriter? rejects, bool readOnce)
    {
        private const int MaxReportedErrors = 20;

        // Events reach the engine a few lines behind the parser, so that each one's state is fetched meanwhile; scans,
        // payments and shipments reach it as reused views of their lines, not as events with strings the engine would
        // not keep.
        private readonly LineFeed feed = new(new ComplianceEngine(book, sink));
        private long lines, rejected, afterUntil;

        public bool StoppedByStrict { get; private set; }

        public void Run(Stream input, Action<long>? onBytes)
        {
            try
            {
                JsonLines.Read(input, OnLine, onBytes, readOnce);
            }
            catch (StrictStop)
            {
                StoppedByStrict = true;
                feed.Flush();
                return;
            }

            feed.Flush();
            if (until is { } end)
            {
                feed.Engine.AdvanceTo(end);
            }
        }

        private void OnLine(long number, ReadOnlySpan<byte> line)
        {
            if (line.Trim((byte)' ').IsEmpty)
            {
                return;
            }

            lines++;
            switch (feed.Apply(line, until, out var error))
            {
                case LineOutcome.Rejected:
                    Reject(number, line, error!);
                    break;
                case LineOutcome.AfterUntil:
                    afterUntil++;
                    break;
            }
        }

        private void Reject(long number, ReadOnlySpan<byte> line, EventError error)
        {
            rejected++;
            var message = $"line {number}: {error.Field}: {error.Reason}";
            if (rejected <= MaxReportedErrors || strict)
            {
                Console.Error.WriteLine(message);
            }

            rejects?.WriteLine($"{number}\t{error.Field}: {error.Reason}\t{System.Text.Encoding.UTF8.GetString(line)}");
            if (strict)
            {
                throw new StrictStop();
            }
        }

        public void PrintSummary(string path)
        {
            var stats = feed.Engine.Stats;
            var findings = string.Join(", ", stats.Findings.Where(f => f.Value > 0).Select(f => $"{f.Value} {f.Key.ToText()}"));
            Console.Error.WriteLine(
                $"{path}: {Counted.Of(lines, "line")}, {Counted.Of(stats.Events, "event")} applied, {Counted.Of(stats.Duplicates, "duplicate")} ignored, {rejected} rejected"
                + (afterUntil > 0 ? $", {afterUntil} after --until skipped" : "")
                + $"; findings: {(findings.Length == 0 ? "none" : findings)}; "
                + (stats.Clock == Instant.MinValue ? "no clock (no event applied)" : $"clock {InstantText.Format(stats.Clock, Offset.FromHours(8))}"));
            if (rejected > MaxReportedErrors && !strict)
            {
                Console.Error.WriteLine($"({rejected - MaxReportedErrors} more rejected lines not shown; use --rejects FILE to keep them all)");
            }
        }

        private sealed class StrictStop : Exception;
    }

    /// <summary>Findings as a readable table, in the order they arose.</summary>
    private sealed class FindingTable : IFindingSink
    {
        private static readonly Offset Shanghai = Offset.FromHours(8);
        private readonly List<Finding> findings = [];

        public void Emit(Finding finding) => findings.Add(finding);

        public void Render()
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("at (+08:00)", "kind", "rule", "order", "tracking", "deadline", "reason / evidence");
            foreach (var f in findings)
            {
                var detail = string.Join("; ", new[] { f.Reason, f.Evidence is { } e ? $"{e.Kind} at {Local(e.At)}" : null }.Where(s => s is not null));
                table.AddRow(Markup.Escape(Local(f.At)), KindMarkup(f.Kind), Markup.Escape(f.Rule), Markup.Escape(f.Order ?? ""),
                    Markup.Escape(f.Tracking ?? ""), Markup.Escape(f.Deadline is { } d ? Local(d) : ""), Markup.Escape(detail));
            }

            var console = Terminal.Out();
            console.Write(table);
        }

        private static string Local(Instant instant) => instant.InZone(DateTimeZone.ForOffset(Shanghai)).ToString("yyyy-MM-dd HH:mm:ss", null);

        private static string KindMarkup(FindingKind kind) => kind switch
        {
            FindingKind.Violation => "[red]violation[/]",
            FindingKind.Warning => "[yellow]warning[/]",
            FindingKind.Retracted => "[green]retracted[/]",
            FindingKind.Exempted => "[blue]exempted[/]",
            _ => kind.ToText(),
        };
    }
}
