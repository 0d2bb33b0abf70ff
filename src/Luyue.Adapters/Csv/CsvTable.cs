using Luyue.Core.Csv;

namespace Luyue.Adapters.Csv;

/// <summary>One record of a CSV file: its row number (the header is row 1, as a spreadsheet shows it) and its cells.</summary>
public sealed record CsvRow(int Row, IReadOnlyList<string> Cells);

/// <summary>
/// A CSV file read whole: RFC 4180 quoting (quotes around a cell, <c>""</c> inside one, line breaks inside quotes),
/// CRLF or LF, a UTF-8 byte-order mark tolerated. Column names are the header's, trimmed and compared ignoring case.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> columns;

    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows)
    {
        Header = header;
        Rows = rows;
        columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            columns.TryAdd(header[i], i);
        }
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    public bool Has(string column) => columns.ContainsKey(column);

    /// <summary>The cell of <paramref name="column"/> in <paramref name="row"/>, trimmed; null when empty or the column is absent.</summary>
    public string? Cell(CsvRow row, string column) =>
        columns.TryGetValue(column, out var i) && i < row.Cells.Count && row.Cells[i].Trim() is { Length: > 0 } value ? value : null;

    /// <exception cref="FormatException">Malformed quoting or an empty file; the message names the row.</exception>
    public static CsvTable Parse(string text)
    {
        var (records, errors) = CsvRecords.Read(text);
        if (errors.Count > 0)
        {
            throw new FormatException($"row {errors[0].Line}: {errors[0].Reason}");
        }

        if (records.Count == 0)
        {
            throw new FormatException("row 1: the file is empty; the first row must name the columns");
        }

        var header = records[0].Cells.Select(h => h.Trim()).ToList();
        return new CsvTable(header, records.Skip(1).Select(r => new CsvRow(r.Line, r.Cells)).ToList());
    }
}
