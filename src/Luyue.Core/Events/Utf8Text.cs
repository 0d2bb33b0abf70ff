using System.Diagnostics.CodeAnalysis;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Luyue.Core.Events;

/// <summary>
/// Decodes a JSON string token to a string in one pass over its UTF-8. <see cref="Utf8JsonReader.GetString"/> goes
/// through <c>Encoding.UTF8.GetString</c>, which reads the bytes twice (once to validate and count the characters,
/// once to transcode); a scan's Chinese text is most of its line, and decoding it was the largest single cost of
/// parsing a scan (docs/performance.md). Transcoding once into a stack buffer and copying that is cheaper.
/// Escaped, segmented, long and invalid values take the reader's own path, so the string, and the exception for
/// invalid UTF-8, are exactly the reader's.
/// </summary>
internal static class Utf8Text
{
    /// <summary>UTF-8 never takes fewer bytes than UTF-16 code units, so a value of this many bytes fits the buffer.</summary>
    private const int MaxStackBytes = 256;

    /// <summary>The current string token's value, as <see cref="Utf8JsonReader.GetString"/> returns it.</summary>
    [SkipLocalsInit] // the buffer is written before it is read; zeroing it cost as much as copying it
    public static string GetString(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= MaxStackBytes)
        {
            Span<char> buffer = stackalloc char[MaxStackBytes];
            if (Utf8.ToUtf16(reader.ValueSpan, buffer, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done)
            {
                return written == 0 ? string.Empty : new string(buffer[..written]);
            }
        }

        return reader.GetString()!;
    }

    /// <summary>An unescaped string value already known to be valid UTF-8 (kept as bytes by the parser until now).</summary>
    public static string GetString(ReadOnlySpan<byte> utf8) =>
        TryGetString(utf8, out var value) ? value : throw new InvalidOperationException("a value was not checked to be valid UTF-8");

    /// <summary>An unescaped string value not yet checked: decoding checks it (false when it is not valid UTF-8).</summary>
    [SkipLocalsInit]
    public static bool TryGetString(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out string? value)
    {
        if (utf8.IsEmpty)
        {
            value = string.Empty;
            return true;
        }

        char[]? heap = null;
        Span<char> buffer = utf8.Length <= MaxStackBytes ? stackalloc char[MaxStackBytes] : (heap = new char[utf8.Length]);
        var ok = Utf8.ToUtf16(utf8, buffer, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done;
        value = ok ? new string(buffer[..written]) : null;
        return ok;
    }
}

/// <summary>Values decoded into reused character buffers, or only hashed, for the views the replay parses lines into (<see cref="LineView"/>).</summary>
internal static class Utf8Chars
{
    /// <summary>
    /// Whether the value is not empty and neither begins nor ends with whitespace (as <see cref="char.IsWhiteSpace(char)"/>
    /// tells it), read from its first and last characters' bytes; false for bytes that are not UTF-8 there.
    /// </summary>
    public static bool IsTrimmed(ReadOnlySpan<byte> utf8)
    {
        // Told from the lead byte for printable ASCII and for U+4000–U+9FFF (most Chinese, E4–E9 and two continuation
        // bytes), none of them whitespace; any other character is decoded. Asked of every scan's site.
        if (utf8.IsEmpty)
        {
            return false;
        }

        var first = utf8[0] is (> 0x20 and < 0x7F) or (>= 0xE4 and <= 0xE9)
            || (Rune.DecodeFromUtf8(utf8, out var rune, out _) == OperationStatus.Done && !Rune.IsWhiteSpace(rune));
        return first && (utf8[^1] is > 0x20 and < 0x7F
            || (utf8.Length >= 3 && utf8[^3] is >= 0xE4 and <= 0xE9 && (utf8[^2] & 0xC0) == 0x80 && (utf8[^1] & 0xC0) == 0x80)
            || (Rune.DecodeLastFromUtf8(utf8, out rune, out _) == OperationStatus.Done && !Rune.IsWhiteSpace(rune)));
    }

    /// <summary>The value hashed as <c>StableHash.Of</c> hashes the same value held as a string (its UTF-16); false when it is not UTF-8.</summary>
    [SkipLocalsInit]
    public static bool TryHash(ReadOnlySpan<byte> utf8, out ulong hash)
    {
        // UTF-8 never takes fewer bytes than UTF-16 code units; values hashed are short, a long one goes to the heap.
        char[]? rented = null;
        Span<char> chars = utf8.Length <= 128 ? stackalloc char[128] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        var ok = TryDecode(utf8, chars, out var length);
        hash = ok ? Engine.StableHash.Of(chars[..length]) : 0;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return ok;
    }

    /// <summary>
    /// Encodes characters as UTF-8 into <paramref name="utf8"/> (room for three bytes a character is enough); false when
    /// they are not UTF-16 (a lone surrogate, which only a JSON escape can give), which has no UTF-8.
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> chars, Span<byte> utf8, out int length) =>
        Utf8.FromUtf16(chars, utf8, out _, out length, replaceInvalidSequences: false) == OperationStatus.Done;

    /// <summary>An event's id hashed as <see cref="Engine.StableHash.OfId"/> hashes it held as a string; false when it is not UTF-8.</summary>
    public static bool TryHashId(ReadOnlySpan<byte> utf8, out ulong hash)
    {
        var ok = Utf8.IsValid(utf8);
        hash = ok ? Engine.StableHash.OfIdUtf8(utf8) : 0;
        return ok;
    }

    /// <summary>
    /// Decodes into <paramref name="buffer"/>, grown when too small; false when the value is not UTF-8. Room for as many
    /// characters as the value has bytes is enough: UTF-8 never takes fewer bytes than UTF-16 takes code units.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, ref char[] buffer, out int length) =>
        TryDecode(utf8, Room(ref buffer, utf8.Length), out length);

    /// <summary>
    /// Decodes a value checked before into <paramref name="buffer"/>, grown when too small. Bytes that are not UTF-8
    /// after all become U+FFFD rather than an error: that takes 64-bit hashes of two values agreeing
    /// (<see cref="ScanTexts"/>), a chance of 2^-64 a pair.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> utf8, ref char[] buffer, out int length) =>
        Utf8.ToUtf16(utf8, Room(ref buffer, utf8.Length), out _, out length, replaceInvalidSequences: true);

    /// <summary>Copies a string's characters into <paramref name="buffer"/>, grown when too small.</summary>
    public static void Copy(string value, ref char[] buffer, out int length)
    {
        value.CopyTo(Room(ref buffer, value.Length));
        length = value.Length;
    }

    /// <summary>A reused buffer, grown (to at least twice its size) when it holds fewer than <paramref name="length"/> items.</summary>
    internal static T[] Room<T>(ref T[] buffer, int length)
    {
        if (length > buffer.Length)
        {
            buffer = new T[Math.Max(length, buffer.Length * 2)];
        }

        return buffer;
    }

    private static bool TryDecode(ReadOnlySpan<byte> utf8, Span<char> into, out int written) =>
        Utf8.ToUtf16(utf8, into, out _, out written, replaceInvalidSequences: false) == OperationStatus.Done;
}
