using System.Text;

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

    /// <exception cref="FormatException">An unterminated quote; the message names the row.</exception>
    public static CsvTable Parse(string text)
    {
        var records = new List<CsvRow>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var row = 1;
        var recordRow = 1;
        var quoted = false;
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var any = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    row += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    End();
                    row++;
                    recordRow = row;
                    break;
                default:
                    cell.Append(c);
                    any = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"row {recordRow}: a quoted cell is never closed");
        }

        End();
        if (records.Count == 0)
        {
            throw new FormatException("row 1: the file is empty; the first row must name the columns");
        }

        var header = records[0].Cells.Select(h => h.Trim()).ToList();
        return new CsvTable(header, records.Skip(1).ToList());

        void End()
        {
            if (!any)
            {
                return; // a blank line is not a record
            }

            cells.Add(cell.ToString());
            records.Add(new CsvRow(recordRow, cells.ToArray()));
            cells.Clear();
            cell.Clear();
            any = false;
        }
    }
}
