using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Core.Indicators;

/// <summary>
/// A partner outlet's star rating (网点星级, 1–5) for one month, as the platform publishes it (seed 004: Cainiao rates
/// outlets monthly). <see cref="Carrier"/> is a normalised carrier code; <see cref="Outlet"/> the outlet's name as the
/// pickup scans spell it.
/// </summary>
public sealed record OutletRating(YearMonth Month, string Carrier, string Outlet, int Stars);

/// <summary>A refused CSV cell: the 1-based row (the header is row 1), the column name, and why.</summary>
public sealed record CsvRejection(int Row, string Column, string Reason);

/// <summary>
/// Reads outlet ratings from CSV (RFC 4180, UTF-8, header row naming <c>month,carrier,outlet,stars</c> in any order;
/// docs/templates/outlet-ratings.csv). Good rows are kept and bad ones refused with row, column and reason, like
/// event ingestion; a file whose header lacks a column refuses every row.
/// </summary>
public static class OutletRatingsCsv
{
    public static readonly IReadOnlyList<string> Columns = ["month", "carrier", "outlet", "stars"];

    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    /// <param name="text">The CSV text.</param>
    /// <param name="normalizeCarrier">The carrier vocabulary's normalisation, so 中通 and zto are one carrier.</param>
    public static (IReadOnlyList<OutletRating> Ratings, IReadOnlyList<CsvRejection> Rejected) Parse(string text, Func<string, string> normalizeCarrier)
    {
        var ratings = new List<OutletRating>();
        var rejected = new List<CsvRejection>();
        var rows = Rows(text, rejected);
        if (rows.Count == 0)
        {
            rejected.Add(new CsvRejection(1, "", $"empty: expected a header row {string.Join(',', Columns)}"));
            return (ratings, rejected);
        }

        var header = rows[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c), StringComparer.Ordinal);
        var missing = Columns.Where(c => index[c] < 0).ToList();
        if (missing.Count > 0)
        {
            foreach (var column in missing)
            {
                rejected.Add(new CsvRejection(1, column, $"the header has no '{column}' column (expected {string.Join(',', Columns)})"));
            }

            return (ratings, rejected);
        }

        var seen = new Dictionary<(YearMonth, string, string), int>();
        foreach (var (row, fields) in rows.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string Field(string column) => index[column] < fields.Count ? fields[index[column]].Trim() : "";
            var problems = rejected.Count;
            var monthText = Field("month");
            var month = MonthPattern.Parse(monthText);
            if (!month.Success)
            {
                rejected.Add(new CsvRejection(row, "month", $"'{monthText}' is not a month yyyy-MM"));
            }

            var carrier = Field("carrier");
            if (carrier.Length == 0)
            {
                rejected.Add(new CsvRejection(row, "carrier", "empty: a carrier code or name (zto, 中通)"));
            }

            var outlet = Field("outlet");
            if (outlet.Length == 0)
            {
                rejected.Add(new CsvRejection(row, "outlet", "empty: the outlet's name as its pickup scans spell it"));
            }

            var starsText = Field("stars");
            if (!int.TryParse(starsText, NumberStyles.None, CultureInfo.InvariantCulture, out var stars) || stars is < 1 or > 5)
            {
                rejected.Add(new CsvRejection(row, "stars", $"'{starsText}' is not a whole number of stars from 1 to 5"));
            }

            if (rejected.Count > problems)
            {
                continue;
            }

            var rating = new OutletRating(month.Value, normalizeCarrier(carrier), outlet, stars);
            if (seen.TryGetValue((rating.Month, rating.Carrier, rating.Outlet), out var first))
            {
                rejected.Add(new CsvRejection(row, "outlet", $"this outlet already has a rating for {monthText} on row {first}"));
                continue;
            }

            seen.Add((rating.Month, rating.Carrier, rating.Outlet), row);
            ratings.Add(rating);
        }

        return (ratings, rejected);
    }

    /// <summary>The latest rating of each outlet (by month), keyed by carrier and outlet.</summary>
    public static IReadOnlyDictionary<(string Carrier, string Outlet), OutletRating> Latest(IEnumerable<OutletRating> ratings)
    {
        var latest = new Dictionary<(string, string), OutletRating>();
        foreach (var rating in ratings)
        {
            var key = (rating.Carrier, rating.Outlet);
            if (!latest.TryGetValue(key, out var known) || rating.Month > known.Month)
            {
                latest[key] = rating;
            }
        }

        return latest;
    }

    /// <summary>Splits RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<(int Row, List<string> Fields)> Rows(string text, List<CsvRejection> rejected)
    {
        var rows = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var row = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    rows.Add((row, fields));
                    fields = [];
                    row++;
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (quoted)
        {
            rejected.Add(new CsvRejection(row, "", "a quoted field is not closed"));
        }
        else if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add((row, fields));
        }

        return rows;
    }
}
