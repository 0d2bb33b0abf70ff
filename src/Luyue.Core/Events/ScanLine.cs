using System.Buffers;
using System.Text.Unicode;
using NodaTime;

namespace Luyue.Core.Events;

/// <summary>
/// One scan line as the engine reads it, written by <see cref="EventParser"/> into an object that is reused for a
/// later line: the event id as its hash, the tracking number as characters, the text as its UTF-8 bytes. A replay
/// is four fifths scans, and the engine keeps none of a scan's strings (it hashes the id, looks the number up, and
/// classifies the text), so making a <see cref="Scan"/> and its id, number and text strings for every scan line
/// was most of what the parser allocated (docs/performance.md). Everything else is the strings a <see cref="Scan"/>
/// would hold, which the parser shares between lines anyway. Not thread-safe, and only valid until the parser writes
/// the next line into it: <see cref="Engine.LineFeed"/> hands out one that no queued event uses.
/// </summary>
internal sealed class ScanLine
{
    private char[] tracking = new char[32];
    private int trackingLength;
    private byte[] text = new byte[256];
    private int textLength;

    /// <summary>Whether the line has an <c>id</c>; its hash is <see cref="IdHash"/>.</summary>
    public bool HasId { get; private set; }

    /// <summary>
    /// The event id hashed as the engine hashes id strings (XXH3 over UTF-16), so that the same id found as a string
    /// (a <see cref="Scan"/> from another path) is the same duplicate.
    /// </summary>
    public ulong IdHash { get; private set; }

    public Instant At { get; private set; }

    public string Carrier { get; private set; } = "";

    /// <summary>The tracking number; <see cref="TrackingText"/> makes it a string when a number is first seen.</summary>
    public ReadOnlySpan<char> Tracking => tracking.AsSpan(0, trackingLength);

    /// <summary>Whether the line has a text; its UTF-8 is <see cref="TextUtf8"/>.</summary>
    public bool HasText { get; private set; }

    /// <summary>The scan text's UTF-8 bytes, valid and unescaped (an escaped text makes the parser build a <see cref="Scan"/>).</summary>
    public ReadOnlySpan<byte> TextUtf8 => text.AsSpan(0, textLength);

    public string? Kind { get; private set; }
    public string? Code { get; private set; }
    public string? Source { get; private set; }
    public string? Province { get; private set; }
    public string? City { get; private set; }
    public string? Site { get; private set; }
    public string? NewCarrier { get; private set; }
    public string? NewTracking { get; private set; }

    /// <summary>The number key the engine computed when it looked ahead at this line (<c>ComplianceEngine.Foresee</c>), for the carrier code it used.</summary>
    internal (string? CarrierCode, UInt128 Key) NumberKey;

    public string TrackingText() => new(Tracking);

    /// <summary>The text as a string, for the rare scan the engine classifies from strings (with a kind, code or source, or without a city).</summary>
    public string? TextString() => HasText ? Utf8Text.GetString(TextUtf8) : null;

    /// <summary>
    /// Fills the line. <paramref name="id"/>, <paramref name="trackingUtf8"/> and <paramref name="textUtf8"/> are
    /// unescaped JSON string values already checked to be valid UTF-8.
    /// </summary>
    internal void Set(
        bool hasId, ReadOnlySpan<byte> id, Instant at, string carrier, ReadOnlySpan<byte> trackingUtf8, bool hasText, ReadOnlySpan<byte> textUtf8,
        string? kind, string? code, string? source, string? province, string? city, string? site, string? newCarrier, string? newTracking)
    {
        HasId = hasId;
        IdHash = hasId ? HashOfUtf16(id) : 0;
        At = at;
        Carrier = carrier;
        trackingLength = Transcode(trackingUtf8, ref tracking);
        HasText = hasText;
        if (textUtf8.Length > text.Length)
        {
            text = new byte[Math.Max(textUtf8.Length, text.Length * 2)];
        }

        textUtf8.CopyTo(text);
        textLength = textUtf8.Length;
        (Kind, Code, Source, Province, City, Site, NewCarrier, NewTracking) = (kind, code, source, province, city, site, newCarrier, newTracking);
        NumberKey = default;
    }

    /// <summary>The value hashed as <c>StableHash.Of</c> hashes the same value held as a string (its UTF-16).</summary>
    private static ulong HashOfUtf16(ReadOnlySpan<byte> utf8)
    {
        // UTF-8 never takes fewer bytes than UTF-16 code units; ids are short, a long one goes to the heap.
        char[]? rented = null;
        Span<char> chars = utf8.Length <= 128 ? stackalloc char[128] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        var length = Decode(utf8, chars);
        var hash = Engine.StableHash.Of(chars[..length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return hash;
    }

    private static int Transcode(ReadOnlySpan<byte> utf8, ref char[] buffer)
    {
        if (utf8.Length > buffer.Length)
        {
            buffer = new char[Math.Max(utf8.Length, buffer.Length * 2)];
        }

        return Decode(utf8, buffer);
    }

    private static int Decode(ReadOnlySpan<byte> utf8, Span<char> into)
    {
        var status = Utf8.ToUtf16(utf8, into, out _, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw new InvalidOperationException($"a scan line's value was not checked to be valid UTF-8 ({status})");
        }

        return written;
    }
}
