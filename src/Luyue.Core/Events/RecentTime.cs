using NodaTime;

namespace Luyue.Core.Events;

/// <summary>
/// The last time text a parser read and its instant, to read the next one without parsing when it is the same text. A
/// stream's lines come in time order, several to a second: in the generated 1,000,000-order stream 78 % of the lines
/// carry the same <c>at</c> as the line before, and comparing 25 bytes costs a fraction of parsing them
/// (<see cref="InstantText.TryParseFast"/> was 1.3–1.5 % of the replay's samples). Exact: the same bytes always parse
/// to the same instant. Not thread-safe, like the parser that holds it.
/// </summary>
internal sealed class RecentTime
{
    /// <summary>Longer texts (a time with many fraction digits) are parsed every time.</summary>
    private const int MaxLength = 40;

    private readonly byte[] text = new byte[MaxLength];
    private int length = -1;
    private Instant instant;

    /// <inheritdoc cref="InstantText.TryParse(ReadOnlySpan{byte}, out Instant)"/>
    public bool TryParse(ReadOnlySpan<byte> utf8, out Instant value)
    {
        if (length >= 0 && utf8.SequenceEqual(text.AsSpan(0, length)))
        {
            value = instant;
            return true;
        }

        if (!InstantText.TryParse(utf8, out value))
        {
            return false;
        }

        if (utf8.Length <= MaxLength)
        {
            utf8.CopyTo(text);
            length = utf8.Length;
            instant = value;
        }

        return true;
    }
}
