using System.CommandLine;
using System.Text.RegularExpressions;
using Luyue.Core.Events;
using Luyue.Core.Rules;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue announcements import DIR|FILE</c>: the State Council holiday calendar as CONTRACT <c>announcement</c>
/// events on stdout (RULES §7), ready to put in front of an event stream. The mapping is
/// <see cref="HolidayAnnouncements"/>'s, in Core; this command only finds and reads the files.
/// </summary>
internal static partial class AnnouncementsCommand
{
    private const string ImportDetails = """
        Each run of consecutive statutory days off (isOffDay: true; runs that touch across files are merged; ordinary
        weekends are not in the data, so a run is only the listed days) becomes one announcement per platform:
          announcement  holiday-<first day>-<platform>, e.g. holiday-2025-01-28-tmall
          from, to      first day 00:00:00 to last day 23:59:59, Asia/Shanghai
          provinces     [] (all)
          extendHours   24 × the days in the run (Spring Festival 2025, 01-28..02-04: 8 days, 192 h)
          at            --at, or 7 days before the calendar's first run (the whole calendar is published then)
        A deadline that falls inside the period moves by extendHours. Holiday names go to the summary on stderr.

        Replay reads events in file order and its clock is the latest event time seen. Announcements stamped after
        the events that follow them make those events late arrivals (judged at once, then retracted), so in front of
        a history older than the calendar pass --at no later than its first event:
          luyue announcements import DIR --at 2024-01-01T00:00:00+08:00 | cat - events.jsonl | luyue replay -
        See docs/announcements.md.
        """;

    public static Command Create()
    {
        var command = new Command("announcements", "Platform announcements that move deadlines (RULES §7): import them from a holiday calendar");
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command Import()
    {
        var source = new Argument<string>("DIR|FILE") { Description = "A directory of holiday-cn {year}.json files, or one such file" };
        var platforms = new Option<string[]>("--platform")
        {
            Description = $"A platform to announce for (repeatable; default: {string.Join(", ", HolidayAnnouncements.DefaultPlatforms)})",
            HelpName = "P",
            AllowMultipleArgumentsPerToken = false,
        };
        platforms.AcceptOnlyFromAmong([.. EventParser.KnownPlatforms]);
        var at = new Option<string?>("--at")
        {
            Description = "Publication time of every announcement (ISO-8601 with offset; default: each run's first day minus 7 days)",
            HelpName = "TIME",
        };

        var command = new Command("import", "Turn the China holiday calendar (holiday-cn {year}.json files) into announcement events on stdout")
        {
            source, platforms, at,
        }.WithDetails(ImportDetails);
        command.SetAction(parse => Run(parse.GetValue(source)!, parse.GetValue(platforms) ?? [], parse.GetValue(at)));
        return command;
    }

    private static int Run(string path, string[] platforms, string? atText)
    {
        Instant? at = null;
        if (atText is not null)
        {
            if (!InstantText.TryParse(atText, out var parsed))
            {
                Console.Error.WriteLine($"--at: '{atText}' is not an ISO-8601 time with offset (e.g. 2024-01-01T00:00:00+08:00)");
                return ExitCodes.BadInput;
            }

            at = parsed;
        }

        var files = Files(path);
        if (files is null)
        {
            return ExitCodes.NotFound;
        }

        HolidayCalendar calendar;
        try
        {
            calendar = HolidayCalendar.Read(files.Select(f => (f, File.ReadAllBytes(f))));
        }
        catch (HolidayCalendarException ex)
        {
            Console.Error.WriteLine($"{ex.File}: {ex.Reason}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitCodes.NotFound;
        }

        IReadOnlyList<string> chosen = platforms.Length == 0 ? HolidayAnnouncements.DefaultPlatforms : platforms.Distinct(StringComparer.Ordinal).ToList();
        using (var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16))
        using (var writer = new EventWriter(stdout))
        {
            foreach (var announcement in HolidayAnnouncements.For(calendar, chosen, at))
            {
                writer.Write(announcement);
            }
        }

        foreach (var run in calendar.Runs)
        {
            Console.Error.WriteLine($"{Date(run.First)}..{Date(run.Last)}  {run.Days,2} day(s)  {run.Name}");
        }

        Console.Error.WriteLine($"{files.Count} file(s), {calendar.Runs.Count} runs of days off, {calendar.Runs.Count * chosen.Count} announcements ({string.Join(", ", chosen)})");
        if (at is null && calendar.Runs.Count > 0)
        {
            var stamped = calendar.Runs[0].First.Minus(HolidayAnnouncements.NoticeLead);
            Console.Error.WriteLine($"stamped {Date(stamped)}: in front of events that start earlier, pass --at no later than their first event (see --help)");
        }

        return ExitCodes.Ok;
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>The year files of a directory in name order, or the one file named; null (after saying why) when there is none.</summary>
    private static List<string>? Files(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            Console.Error.WriteLine($"{path}: no such file or directory");
            return null;
        }

        var files = Directory.EnumerateFiles(path, "*.json")
            .Where(f => YearFile().IsMatch(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"{path}: no {{year}}.json files (holiday-cn format, e.g. 2025.json)");
            return null;
        }

        return files;
    }

    [GeneratedRegex("^[0-9]{4}\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex YearFile();
}
