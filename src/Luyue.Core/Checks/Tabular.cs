using System.Text.Json;
using Luyue.Core.Csv;
using Luyue.Core.Events;

namespace Luyue.Core.Checks;

/// <summary>One row of a tabular input: where it is ("row 3" in CSV, "[2]" in a JSON array) and its fields by column name.</summary>
public sealed record TabularRow(string Location, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads a table given as CSV (a header row, then one row a record; RFC 4180 quoting) or as a JSON array of
/// objects whose fields are the CSV's columns: the text's first character decides ('[' is JSON). Every input of
/// the freight check is such a table, so merchants can export spreadsheets or post JSON alike. A column or field
/// outside <c>columns</c> is an error (a typo would otherwise be a silently missing value).
/// </summary>
public static class Tabular
{
    public static IReadOnlyList<TabularRow> Read(string file, string text, IReadOnlyList<string> columns, List<CheckInputError> errors)
    {
        text = text.TrimStart('\uFEFF');
        return text.TrimStart().StartsWith('[') ? ReadJson(file, text, columns, errors) : ReadCsv(file, text, columns, errors);
    }

    private static List<TabularRow> ReadJson(string file, string text, IReadOnlyList<string> columns, List<CheckInputError> errors)
    {
        var rows = new List<TabularRow>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            errors.Add(new CheckInputError(file, ex.LineNumber is { } line ? $"line {line + 1}" : "", "", $"not JSON: {JsonErrorText.OfLine(ex)}"));
            return rows;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new CheckInputError(file, "", "", "JSON input is an array of objects, one a row"));
                return rows;
            }

            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var location = $"[{index++}]";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new CheckInputError(file, location, "", "each element is an object with the columns as fields"));
                    continue;
                }

                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!columns.Contains(property.Name, StringComparer.Ordinal))
                    {
                        errors.Add(new CheckInputError(file, location, property.Name, $"unknown field (known: {string.Join(", ", columns)})"));
                        continue;
                    }

                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            fields[property.Name] = property.Value.GetString()!;
                            break;
                        case JsonValueKind.Number:
                            fields[property.Name] = property.Value.GetRawText();
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            errors.Add(new CheckInputError(file, location, property.Name, $"{property.Value.GetRawText()} is neither a string nor a number"));
                            break;
                    }
                }

                rows.Add(new TabularRow(location, fields));
            }
        }

        return rows;
    }

    private static List<TabularRow> ReadCsv(string file, string text, IReadOnlyList<string> columns, List<CheckInputError> errors)
    {
        var rows = new List<TabularRow>();
        string[]? header = null;
        var (records, malformed) = CsvRecords.Read(text);
        errors.AddRange(malformed.Select(e => new CheckInputError(file, $"row {e.Line}", "", e.Reason)));
        foreach (var (line, cells) in records)
        {
            if (cells.All(c => c.Length == 0))
            {
                continue;
            }

            if (header is null)
            {
                header = [.. cells.Select(c => c.Trim())];
                foreach (var unknown in header.Where(h => !columns.Contains(h, StringComparer.Ordinal)))
                {
                    errors.Add(new CheckInputError(file, $"row {line}", unknown, $"unknown column (known: {string.Join(", ", columns)})"));
                }

                continue;
            }

            var location = $"row {line}";
            if (cells.Count > header.Length)
            {
                errors.Add(new CheckInputError(file, location, "", $"{cells.Count} cells, but the header has {header.Length} columns"));
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i].Trim().Length > 0)
                {
                    fields[header[i]] = cells[i].Trim();
                }
            }

            rows.Add(new TabularRow(location, fields));
        }

        if (header is null)
        {
            errors.Add(new CheckInputError(file, "", "", $"empty: expected a header row ({string.Join(",", columns)}) and rows"));
        }

        return rows;
    }
}
