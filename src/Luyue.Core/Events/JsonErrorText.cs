using System.Text.Json;

namespace Luyue.Core.Events;

/// <summary>
/// What a JSON reader's error says, with where it stopped counted as people count. The reader ends its message with
/// that place counted from 0 ("LineNumber: 0 | BytePositionInLine: 1."), and sometimes a path; beside "line 4:" of a
/// JSON Lines file that read as a second, wrong line number.
/// </summary>
public static class JsonErrorText
{
    /// <summary>Where the line is named already (a line of JSON Lines, or "line 4" beside the message): the byte of that line, from 1.</summary>
    public static string OfLine(JsonException ex) =>
        ex.BytePositionInLine is { } at ? $"{Message(ex)}, at byte {at + 1}" : Message(ex);

    /// <summary>For a whole document (a request's body): its line and the byte of that line, from 1.</summary>
    public static string OfDocument(JsonException ex) =>
        ex is { LineNumber: { } line, BytePositionInLine: { } at } ? $"{Message(ex)}, at line {line + 1}, byte {at + 1}" : Message(ex);

    private static string Message(JsonException ex)
    {
        var message = ex.Message;
        foreach (var suffix in (ReadOnlySpan<string>)[" LineNumber:", " Path:"])
        {
            var cut = message.IndexOf(suffix, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd().TrimEnd('.');
    }
}
