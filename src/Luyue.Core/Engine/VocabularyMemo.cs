using System.Runtime.CompilerServices;
using Luyue.Core.Events;
using Luyue.Core.Rules;
using Luyue.Core.Scans;

namespace Luyue.Core.Engine;

/// <summary>
/// What the rule book's vocabularies made of recently seen scan inputs. The same carrier codes, provinces, cities and
/// many whole scan texts (hub arrivals and departures) come back again and again, and looking them up again was a
/// third of what a scan cost the engine. <see cref="Scan"/> events' texts are remembered here, which measured neither
/// faster nor slower without; scan lines' are noted in the parser's table of texts instead (see
/// <see cref="Classify(ScanLine)"/>). Each table is direct-mapped
/// and bounded: a slot holds the last input that fell into it, so memory stays fixed whatever the stream. Every
/// vocabulary lookup is a pure function of its input, so a remembered answer is the answer. Not thread-safe, like the
/// engine that owns it.
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
    private readonly (string Spelling, string Code)?[] carriers = new (string, string)?[PlaceSlots];

    private const byte HubUnknown = 0, NotHub = 1, Hub = 2;

    /// <summary>Whether each site is a hub, by the engine's site id (<see cref="IsHub"/>).</summary>
    private byte[] hubs = new byte[1024];

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
    /// <see cref="Classify(Scan)"/> for a scan line. When the line names its own site and the parser looked its text up
    /// (nearly every generated scan), what the text says is noted in the parser's table of texts
    /// (<see cref="TextMilestone"/>), and a text met again is neither decoded nor searched, by the parser or here. A memo
    /// of texts here, keyed by the text (16,384 slots, the UTF-8 compared on a hit), cost as much as classifying again
    /// once phrases were found in one pass, and so did one keyed by the parser's hash, a second table to look up
    /// (docs/performance.md). The same inputs give the same classification as the scan event's (a test checks it on
    /// every text of the real traces, met once and again; replays of generated streams give byte-identical findings).
    /// </summary>
    /// <param name="siteId">
    /// The engine's id of the line's site when its string is known trimmed (<see cref="ScanLine.SiteTrimmed"/>), else 0:
    /// with it, whether the site is a hub is remembered, and the site's string is not read at all.
    /// </param>
    public ScanClassification Classify(ScanLine s, int siteId = 0)
    {
        if (!UsesTexts(s))
        {
            return book.Scans.Classify(s.Kind, s.TextString(), s.Code, s.Source, s.Site, wantCity: s.City is null);
        }

        var siteIsHub = siteId > 0 && s.SiteTrimmed ? IsHub(siteId, s.Site!) : (bool?)null;
        return s.SiteTrimmed && s.Texts is { } lineTexts
            ? book.Scans.ForNamedSite(TextMilestone(s, lineTexts), s.Site!, siteIsHub)
            : book.Scans.Classify(null, s.Text, null, null, s.Site, wantCity: false, s.SiteTrimmed, siteIsHub);
    }

    /// <summary>
    /// What the line's text says (<see cref="ScanVocabulary.TextMilestone"/>): the note the parser found for it, when
    /// the note is this vocabulary's, else worked out and noted (as the milestone plus one).
    /// </summary>
    private Milestone TextMilestone(ScanLine s, ScanTexts lineTexts)
    {
        var vocabulary = book.Scans;
        var seen = s.TextSeen;
        var generation = lineTexts.NotesOf(vocabulary);
        if (seen.Note != 0 && seen.Generation == generation)
        {
            return (Milestone)(seen.Note - 1);
        }

        var milestone = vocabulary.TextMilestone(s.Text);
        lineTexts.Note(seen.Hash, (byte)(milestone + 1));
        return milestone;
    }

    /// <summary>
    /// What the vocabulary's <see cref="Scans.ScanVocabulary.IsHub"/> says of a site, by the engine's id for it, asked
    /// once per site. Reading the site's string was two fifths of classifying a scan in the 1,000,000-order replay: it is
    /// one of thousands and rarely in the caches, where this table of a byte a site stays in them.
    /// </summary>
    private bool IsHub(int siteId, string site)
    {
        if (siteId >= hubs.Length)
        {
            Array.Resize(ref hubs, Math.Max(siteId + 1, hubs.Length * 2));
        }

        ref var known = ref hubs[siteId];
        if (known == HubUnknown)
        {
            known = book.Scans.IsHub(site) ? Hub : NotHub;
        }

        return known == Hub;
    }

    /// <summary>Only text and site decide the classification of a scan that has no kind, code or source and names its city.</summary>
    private static bool UsesTexts(ScanLine s) => s.HasText && s.Kind is null && s.Code is null && s.Source is null && s.City is not null;

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
