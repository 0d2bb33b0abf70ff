using System.IO.Hashing;
using System.Runtime.CompilerServices;
using Luyue.Core.Events;
using Luyue.Core.Rules;
using Luyue.Core.Scans;

namespace Luyue.Core.Engine;

/// <summary>
/// What the rule book's vocabularies made of recently seen scan inputs. The same carrier codes, provinces, cities and
/// many whole scan texts (hub arrivals and departures) come back again and again, and looking them up again was a
/// third of what a scan cost the engine. Each table is direct-mapped and bounded: a slot holds the last input that
/// fell into it, so memory stays fixed whatever the stream. Every vocabulary lookup is a pure function of its input,
/// so a remembered answer is the answer. Not thread-safe, like the engine that owns it.
/// </summary>
/// <param name="book">The rule book whose vocabularies these are.</param>
/// <param name="shareClassifications">
/// Whether to leave each scan's classification on the scan for another reader (see <see cref="RememberedClassification"/>);
/// one left by another reader is taken either way.
/// </param>
internal sealed class VocabularyMemo(RuleBook book, bool shareClassifications = false)
{
    private const int TextSlots = 1 << 14;
    private const int PlaceSlots = 1 << 10;

    private readonly (string Text, string? Site, ScanClassification Result)?[] texts = new (string, string?, ScanClassification)?[TextSlots];
    private readonly (string? Province, string? City, int ProvinceCode, int CityCode)?[] places = new (string?, string?, int, int)?[PlaceSlots];
    private Utf8TextEntry[]? utf8Texts; // made on the first scan line: the server's engine sees Scan objects only
    private readonly (string Spelling, string Code)?[] carriers = new (string, string)?[PlaceSlots];

    /// <summary>The book whose vocabularies these are; a new book needs a new memo.</summary>
    public RuleBook Book => book;

    /// <inheritdoc cref="CarrierVocabulary.Normalize"/>
    public string Carrier(string spelling)
    {
        var slot = RuntimeHelpers.GetHashCode(spelling) & (PlaceSlots - 1);
        if (carriers[slot] is { } known && ReferenceEquals(known.Spelling, spelling))
        {
            return known.Code;
        }

        var code = book.Carriers.Normalize(spelling);
        carriers[slot] = (spelling, code);
        return code;
    }

    /// <summary>
    /// The scan's classification, for a scan that names its city (so the text's city is not wanted). Only text and
    /// site decide it when the scan has no kind, code or source, which is what is remembered.
    /// </summary>
    public ScanClassification Classify(Scan s)
    {
        // Another reader with this vocabulary may have classified this very scan already (see RememberedClassification).
        var vocabulary = book.Scans;
        if (s.Classified.TryGet(s, vocabulary, out var classified))
        {
            return classified;
        }

        classified = FromRecentTexts(s);
        if (shareClassifications)
        {
            s.Classified.Keep(s, vocabulary, classified);
        }

        return classified;
    }

    /// <summary>The scan's classification from the table of recent texts, or from the vocabulary.</summary>
    private ScanClassification FromRecentTexts(Scan s)
    {
        if (s.Text is not { } text || s.Kind is not null || s.Code is not null || s.Source is not null || s.City is null)
        {
            return book.Scans.Classify(s.Kind, s.Text, s.Code, s.Source, s.Site, wantCity: s.City is null);
        }

        var slot = TextSlot(text);
        if (texts[slot] is { } known && string.Equals(known.Text, text, StringComparison.Ordinal)
            && string.Equals(known.Site, s.Site, StringComparison.Ordinal))
        {
            return known.Result;
        }

        var result = book.Scans.Classify(null, text, null, null, s.Site, wantCity: false);
        texts[slot] = (text, s.Site, result);
        return result;
    }

    /// <summary>
    /// <see cref="Classify(Scan)"/> for a scan line, whose text is UTF-8 bytes: remembered by those bytes, so that a
    /// text seen lately is neither decoded nor compared as characters. The same inputs give the same classification
    /// either way (a test checks it on every text of the real traces; replays of generated streams give byte-identical
    /// findings).
    /// </summary>
    public ScanClassification Classify(ScanLine s)
    {
        if (!UsesTexts(s))
        {
            return book.Scans.Classify(s.Kind, s.TextString(), s.Code, s.Source, s.Site, wantCity: s.City is null);
        }

        var utf8 = s.TextUtf8;
        ref var known = ref Utf8Texts[TextSlotOf(s)];
        if (known.Key is { } key && utf8.SequenceEqual(key.AsSpan(0, known.Length)) && string.Equals(known.Site, s.Site, StringComparison.Ordinal))
        {
            return known.Result;
        }

        var result = ClassifyUtf8(utf8, s.Site);
        if (known.Key is null || known.Key.Length < utf8.Length)
        {
            known.Key = new byte[Math.Max(utf8.Length, 64)];
        }

        utf8.CopyTo(known.Key);
        known.Length = utf8.Length;
        known.Site = s.Site;
        known.Result = result;
        return result;
    }

    private Utf8TextEntry[] Utf8Texts => utf8Texts ??= new Utf8TextEntry[TextSlots];

    /// <summary>Only text and site decide the classification of a scan that has no kind, code or source and names its city: those are remembered.</summary>
    private static bool UsesTexts(ScanLine s) => s.HasText && s.Kind is null && s.Code is null && s.Source is null && s.City is not null;

    /// <summary>The line's slot in the memo of texts, hashed once per line (when foreseen, or else when classified).</summary>
    private static int TextSlotOf(ScanLine s)
    {
        if (s.TextSlot < 0)
        {
            s.TextSlot = (int)(XxHash3.HashToUInt64(s.TextUtf8) & (TextSlots - 1));
        }

        return s.TextSlot;
    }

    /// <summary>
    /// Fetching ahead (<see cref="ComplianceEngine.Foresee(ScanLine)"/>): the memo slot a line's text will be looked up
    /// in, asked for now; -1 when the line's classification will not use the memo of texts. The memo is about two
    /// megabytes with its keys, read at random, and its slot and key were the largest waits left in classifying a scan.
    /// </summary>
    public int ForeseeText(ScanLine s)
    {
        if (!UsesTexts(s))
        {
            return -1;
        }

        var slot = TextSlotOf(s);
        Prefetch.Span(new ReadOnlySpan<Utf8TextEntry>(Utf8Texts, slot, 1));
        return slot;
    }

    /// <summary>Step two: the slot has arrived; the key it holds.</summary>
    public void ApproachText(int slot)
    {
        if (Utf8Texts[slot].Key is { } key)
        {
            Prefetch.Object(key, 2);
        }
    }

    /// <summary>A text that names its city, decoded on the stack (the vocabulary works on characters).</summary>
    [SkipLocalsInit]
    private ScanClassification ClassifyUtf8(ReadOnlySpan<byte> utf8, string? site)
    {
        // UTF-8 never takes fewer bytes than UTF-16 code units; the parser checked the bytes, so decoding cannot fail.
        Span<char> chars = utf8.Length <= 512 ? stackalloc char[512] : new char[utf8.Length];
        System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false);
        return book.Scans.Classify(null, chars[..written], null, null, site, wantCity: false);
    }

    /// <summary>A remembered text by its UTF-8; the key array is reused for the next text of its slot that fits.</summary>
    private struct Utf8TextEntry
    {
        public byte[]? Key;
        public int Length;
        public string? Site;
        public ScanClassification Result;
    }

    /// <summary>The scan's province and city codes (0 when unknown), as the engine reads them: the event's own names first.</summary>
    public (int Province, int City) Places(string? provinceText, string? cityText)
    {
        var slot = (Hash(provinceText) * 31 + Hash(cityText)) & (PlaceSlots - 1);
        if (places[slot] is { } known && ReferenceEquals(known.Province, provinceText) && ReferenceEquals(known.City, cityText))
        {
            return (known.ProvinceCode, known.CityCode);
        }

        var regions = book.Regions;
        var province = regions.FindProvince(provinceText);
        var city = regions.FindCity(cityText, province);
        province ??= city?.Province;
        var codes = (province is null ? 0 : Code(province.Code), city is null ? 0 : Code(city.Code));
        places[slot] = (provinceText, cityText, codes.Item1, codes.Item2);
        return codes;
    }

    private static int Code(string digits) => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    private static int Hash(string? text) => text is null ? 0 : RuntimeHelpers.GetHashCode(text);

    /// <summary>A slot from the length and a few characters: texts that collide only cost a miss.</summary>
    private static int TextSlot(string text)
    {
        var n = text.Length;
        if (n == 0)
        {
            return 0;
        }

        unchecked
        {
            var hash = (uint)n;
            hash = hash * 31 + text[0];
            hash = hash * 31 + text[n / 3];
            hash = hash * 31 + text[n / 2];
            hash = hash * 31 + text[2 * n / 3];
            hash = hash * 31 + text[n - 1];
            return (int)((hash * 2654435769u) >> 18) & (TextSlots - 1);
        }
    }
}
