using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Core.Rules;

/// <summary>A run of consecutive statutory days off, <see cref="First"/> to <see cref="Last"/> inclusive.</summary>
public sealed record HolidayRun(LocalDate First, LocalDate Last, string Name)
{
    public int Days => Period.DaysBetween(First, Last) + 1;
}

/// <summary>A holiday file that cannot be read, naming the file and what is wrong with it.</summary>
public sealed class HolidayCalendarException(string file, string reason) : Exception($"{file}: {reason}")
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
}

/// <summary>
/// China's statutory holiday calendar in the holiday-cn format (one <c>{year}.json</c> per State Council notice:
/// <c>{"year": 2025, "days": [{"name": "春节", "date": "2025-01-28", "isOffDay": true}, …]}</c>). Only the listed
/// days off count: ordinary weekends are not in the data, and make-up workdays (<c>isOffDay: false</c>) are not
/// holidays. Days off of all files are merged before they are cut into runs, because a notice may list days of the
/// neighbouring year (the 2023 notice starts on 2022-12-31). Immutable; reading does no I/O, the caller hands the bytes.
/// </summary>
public sealed class HolidayCalendar
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    private HolidayCalendar(IReadOnlyList<HolidayRun> runs) => Runs = runs;

    /// <summary>The runs of days off, in date order.</summary>
    public IReadOnlyList<HolidayRun> Runs { get; }

    /// <summary>Reads every file and merges them; the first file that cannot be read stops it with a <see cref="HolidayCalendarException"/>.</summary>
    public static HolidayCalendar Read(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        // date → (is a day off, holiday name, the file that said so): a date two notices disagree on is an error,
        // not a silent choice between them.
        var days = new SortedDictionary<LocalDate, (bool OffDay, string Name, string File)>();
        foreach (var (name, bytes) in files)
        {
            foreach (var (date, offDay, holiday) in ReadFile(name, bytes))
            {
                if (days.TryGetValue(date, out var known) && known.OffDay != offDay)
                {
                    throw new HolidayCalendarException(name,
                        $"{DatePattern.Format(date)} is {Describe(offDay)} here but {Describe(known.OffDay)} in {known.File}");
                }

                days[date] = (offDay, holiday, name);
            }
        }

        return new HolidayCalendar(Cut(days.Where(d => d.Value.OffDay).Select(d => (d.Key, d.Value.Name))));
    }

    private static string Describe(bool offDay) => offDay ? "a day off" : "a make-up workday";

    private static List<HolidayRun> Cut(IEnumerable<(LocalDate Date, string Name)> offDays)
    {
        var runs = new List<HolidayRun>();
        LocalDate? first = null, last = null;
        var names = new List<string>();
        foreach (var (date, name) in offDays)
        {
            if (last is { } previous && date != previous.PlusDays(1))
            {
                runs.Add(new HolidayRun(first!.Value, previous, string.Join("/", names)));
                first = null;
                names.Clear();
            }

            first ??= date;
            last = date;
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        if (first is { } start)
        {
            runs.Add(new HolidayRun(start, last!.Value, string.Join("/", names)));
        }

        return runs;
    }

    private static List<(LocalDate Date, bool OffDay, string Name)> ReadFile(string file, byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new HolidayCalendarException(file, $"invalid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("days", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new HolidayCalendarException(file, "$.days: missing or not an array (expected the holiday-cn format: {\"year\": …, \"days\": [{\"name\", \"date\", \"isOffDay\"}]})");
            }

            CheckYear(file, root);
            var days = new List<(LocalDate, bool, string)>();
            var index = 0;
            foreach (var day in list.EnumerateArray())
            {
                var path = $"$.days[{index++}]";
                if (day.ValueKind != JsonValueKind.Object)
                {
                    throw new HolidayCalendarException(file, $"{path}: must be an object");
                }

                var dateText = day.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : null;
                if (dateText is null || DatePattern.Parse(dateText) is not { Success: true } parsed)
                {
                    throw new HolidayCalendarException(file, $"{path}.date: {(dateText is null ? "missing" : $"'{dateText}' is not a date (yyyy-MM-dd)")}");
                }

                if (!day.TryGetProperty("isOffDay", out var off) || off.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new HolidayCalendarException(file, $"{path}.isOffDay: missing or not true/false");
                }

                var name = day.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                days.Add((parsed.Value, off.GetBoolean(), name));
            }

            return days;
        }
    }

    /// <summary>A file named after a year must hold that year's notice: a renamed or misplaced file is caught here.</summary>
    private static void CheckYear(string file, JsonElement root)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        if (stem.Length != 4 || !int.TryParse(stem, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var named)
            || !root.TryGetProperty("year", out var year))
        {
            return;
        }

        if (year.ValueKind != JsonValueKind.Number || !year.TryGetInt32(out var value) || value != named)
        {
            throw new HolidayCalendarException(file, $"$.year: {year.GetRawText()} does not match the file name {Path.GetFileName(file)}");
        }
    }
}
