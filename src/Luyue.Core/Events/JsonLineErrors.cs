using System.Text.Json;

namespace Luyue.Core.Events;

/// <summary>
/// What a JSON reader's error says, for one line of JSON Lines. The reader ends its message with where it stopped,
/// counted from 0 within the text it was given ("LineNumber: 0 | BytePositionInLine: 1."), and sometimes a path; next
/// to "line 4:" that read as a second, wrong line number. Here the position is the byte of the line, counted from 1.
/// </summary>
public static class JsonLineErrors
{
    public static string Describe(JsonException ex)
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

        message = message.TrimEnd().TrimEnd('.');
        return ex.BytePositionInLine is { } at ? $"{message}, at byte {at + 1}" : message;
    }
}
