using NodaTime;

namespace Luyue.Core.Events;

/// <summary>
/// One scan line as the engine reads it, written by <see cref="EventParser"/> into an object that is reused for a
/// later line: the event id as its hash, the tracking number and the text as characters. A replay
/// is four fifths scans, and the engine keeps none of a scan's strings (it hashes the id, looks the number up, and
/// classifies the text), so making a <see cref="Scan"/> and its id, number and text strings for every scan line
/// was most of what the parser allocated (docs/performance.md). Everything else is the strings a <see cref="Scan"/>
/// would hold, which the parser shares between lines anyway. Not thread-safe, and only valid until the parser writes
/// the next line into it: <see cref="Engine.LineFeed"/> hands out one that no queued event uses.
/// </summary>
internal sealed class ScanLine : LineView
{
    private char[] text = new char[256];
    private byte[] textUtf8 = new byte[256];
    private int textUtf8Length;

    /// <summary>The characters decoded into <see cref="text"/>, or -1 while the text is held as UTF-8 only.</summary>
    private int textLength;

    /// <summary>Whether the line has a text (<see cref="Text"/>).</summary>
    public bool HasText { get; private set; }

    /// <summary>
    /// The scan text, decoded from the line's UTF-8 (an escaped text makes the parser build a <see cref="Scan"/> instead).
    /// A text the parser had checked already (<see cref="TextSeen"/>) is decoded only when asked for: most are not, what
    /// they say being noted in the parser's table (<see cref="Texts"/>).
    /// </summary>
    public ReadOnlySpan<char> Text
    {
        get
        {
            if (textLength < 0)
            {
                Utf8Chars.Decode(textUtf8.AsSpan(0, textUtf8Length), ref text, out textLength);
            }

            return text.AsSpan(0, textLength);
        }
    }

    /// <summary>The parser's table of texts this line's was looked up in, or null when it was not (a line read the general way).</summary>
    public ScanTexts? Texts { get; private set; }

    /// <summary>What <see cref="Texts"/> knew of the text when the line was read.</summary>
    public ScanTexts.Seen TextSeen { get; private set; }

    public string? Kind { get; private set; }
    public string? Code { get; private set; }
    public string? Source { get; private set; }
    public string? Province { get; private set; }
    public string? City { get; private set; }
    public string? Site { get; private set; }
    public string? NewCarrier { get; private set; }
    public string? NewTracking { get; private set; }

    /// <summary>
    /// <see cref="Utf8StringCache.Hash"/> of the site's UTF-8, or 0 when not known: the engine finds the site's id by it
    /// without reading the site string itself, which is rarely in the caches (one of thousands).
    /// </summary>
    public ulong SiteHash { get; private set; }

    /// <summary>
    /// Whether the parser saw in the site's UTF-8 that it neither begins nor ends with whitespace: then the site is its
    /// own name, and classifying need not read the string to trim it. The string is one of thousands and rarely in the
    /// caches: that read was two fifths of classifying a scan in the 1,000,000-order replay.
    /// </summary>
    public bool SiteTrimmed { get; private set; }

    /// <summary>The text as a string, for the rare scan the engine classifies from strings (with a kind, code or source, or without a city).</summary>
    public string? TextString() => HasText ? new string(Text) : null;

    /// <summary>
    /// Fills the line; false, the line left unusable, when <paramref name="id"/>, <paramref name="trackingUtf8"/> or
    /// <paramref name="textUtf8"/> (unescaped JSON string values) is not valid UTF-8. Decoding checks them: a separate
    /// check first read the text twice. A text <paramref name="texts"/> knew to be checked already
    /// (<paramref name="seen"/>) is kept as UTF-8 and not checked again.
    /// </summary>
    internal bool TrySet(
        bool hasId, ReadOnlySpan<byte> id, Instant at, string carrier, ReadOnlySpan<byte> trackingUtf8, bool hasText, ReadOnlySpan<byte> textUtf8,
        string? kind, string? code, string? source, string? province, string? city, string? site, string? newCarrier, string? newTracking,
        ulong siteHash = 0, bool siteTrimmed = false, ScanTexts? texts = null, ScanTexts.Seen seen = default)
    {
        ulong idHash = 0;
        if ((hasId && !Utf8Chars.TryHashId(id, out idHash)) || !TrySetTracking(trackingUtf8) || !TrySetText(textUtf8, seen.Checked))
        {
            return false;
        }

        HasId = hasId;
        IdHash = idHash;
        At = at;
        Carrier = carrier;
        HasText = hasText;
        (Kind, Code, Source, Province, City, Site, NewCarrier, NewTracking) = (kind, code, source, province, city, site, newCarrier, newTracking);
        SiteHash = site is null ? 0 : siteHash;
        SiteTrimmed = site is not null && siteTrimmed;
        NumberKey = default;
        Texts = texts;
        TextSeen = seen;
        return true;
    }

    /// <summary>The text decoded now, or, when checked before, kept as UTF-8 for <see cref="Text"/> to decode if asked.</summary>
    private bool TrySetText(ReadOnlySpan<byte> utf8, bool isChecked)
    {
        if (!isChecked)
        {
            return Utf8Chars.TryDecode(utf8, ref text, out textLength);
        }

        utf8.CopyTo(Utf8Chars.Room(ref textUtf8, utf8.Length));
        textUtf8Length = utf8.Length;
        textLength = -1;
        return true;
    }
}
