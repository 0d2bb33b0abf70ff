using CsvHelper;

namespace Luyue.Core.Csv;

/// <summary>One CSV record: the 1-based physical line it starts on (the header is line 1) and its cells.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Cells);

/// <summary>Malformed quoting in a CSV text: the line of the record it spoils, and why.</summary>
public sealed record CsvSyntaxError(int Line, string Reason);

/// <summary>
/// Splits CSV text into records with CsvHelper's RFC 4180 reader: quotes around a cell, <c>""</c> inside one, line
/// breaks inside quotes, CRLF or LF, a UTF-8 byte-order mark tolerated, blank lines skipped. The separator is always a
/// comma (no sniffing) and the first record is returned like any other: callers give the header its meaning.
/// Spaces around cells are trimmed, so <c> "a",b</c> still opens a quoted cell; every caller trims cells anyway.
/// </summary>
public static class CsvRecords
{
    /// <summary>The records and the quoting errors of <paramref name="text"/>; a record with an error is left out, not guessed at.</summary>
    public static (IReadOnlyList<CsvRecord> Records, IReadOnlyList<CsvSyntaxError> Errors) Read(string text)
    {
        var records = new List<CsvRecord>();
        var errors = new List<CsvSyntaxError>();
        var malformed = false;
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            Separator = ',',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = bad =>
            {
                // A stray quote inside an unquoted cell (5" screen) is ordinary text in RFC 4180 mode, as it always was here.
                if (Reason(bad.Reason) is { } reason)
                {
                    errors.Add(new CsvSyntaxError(checked((int)bad.LineNumber), reason));
                    malformed = true;
                }
            },
        };

        using var reader = CsvReader.Create(new StringReader(text), options);
        while (reader.Read())
        {
            if (malformed)
            {
                malformed = false;
                continue;
            }

            records.Add(new CsvRecord(checked((int)reader.LineNumber), reader.Current.ToArray()));
        }

        return (records, errors);
    }

    private static string? Reason(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => "a quoted cell is never closed",
        CsvMalformedReason.TextAfterClosingQuote => "text follows the closing quote of a cell (a quote inside quotes is written \"\")",
        _ => null,
    };
}
