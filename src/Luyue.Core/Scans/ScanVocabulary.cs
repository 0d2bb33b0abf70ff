using System.Buffers;
using System.Text.Json;

namespace Luyue.Core.Scans;

/// <summary>
/// Turns a raw carrier scan into a <see cref="Milestone"/> (RULES.md §1) using the keyword and code tables of the
/// common rule pack's "scanVocabulary" section: the tables are data an operator can extend; this class only
/// interprets them. An instance is immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// Precedence: an explicit CONTRACT <c>kind</c> wins; then the text rules, in pack order; a status code is consulted
/// only when the text is missing or says no more than transit, because aggregators label many specific texts with a
/// generic code (kuaidi100 marks "快件已由…代收" as 在途) while a code is all some sources send.
/// </remarks>
public sealed class ScanVocabulary
{
    private const string Path = "$.scanVocabulary";

    private static readonly Lazy<ScanVocabulary> DefaultVocabulary =
        new(() => FromJson(CommonPack.Section("scanVocabulary")));

    // Scan texts are short; a longer one is cleaned on the heap rather than risk the stack.
    private const int MaxStackChars = 512;

    /// <summary>Exactly the characters <see cref="char.IsWhiteSpace(char)"/> accepts, for a vectorised search.</summary>
    private static readonly SearchValues<char> Whitespace =
        SearchValues.Create(Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace).ToArray());

    private readonly TextRule[] textRules;
    private readonly string[] ignoredPhrases;
    private readonly SiteReader sites;
    private readonly StatusCodeTables codes;

    // The rules' phrases, then the ignored ones, found in one pass with whitespace skipped (as Clean removes it).
    private readonly PhraseAutomaton automaton;
    private readonly ulong[] ignoredMask;

    private ScanVocabulary(string[] phrases, (Milestone Milestone, string[] Any, string[] Unless)[] rows, string[] ignoredPhrases,
        SiteReader sites, StatusCodeTables codes)
    {
        automaton = new PhraseAutomaton([.. phrases, .. ignoredPhrases], char.IsWhiteSpace);
        var id = phrases.Select((phrase, i) => (phrase, i)).ToDictionary(p => p.phrase, p => p.i, StringComparer.Ordinal);
        textRules = rows.Select(r => new TextRule(r.Milestone, automaton.Mask(r.Any.Select(p => id[p])), automaton.Mask(r.Unless.Select(p => id[p])))).ToArray();
        ignoredMask = automaton.Mask(Enumerable.Range(phrases.Length, ignoredPhrases.Length));
        this.ignoredPhrases = ignoredPhrases;
        this.sites = sites;
        this.codes = codes;
    }

    /// <summary>The vocabulary of the common pack compiled into Luyue.Core (<c>rules/common/2020-10-12.json</c>).</summary>
    public static ScanVocabulary Default => DefaultVocabulary.Value;

    /// <summary>Reads the "scanVocabulary" object of a common rule pack.</summary>
    /// <exception cref="FormatException">The section is malformed; the message starts with the JSON path at fault.</exception>
    public static ScanVocabulary FromJson(JsonElement section)
    {
        JsonSection.RequireObject(section, Path);
        var rules = JsonSection.RequiredProperty(section, Path, "textRules");
        if (rules.ValueKind != JsonValueKind.Array || rules.GetArrayLength() == 0)
        {
            throw new FormatException($"{Path}.textRules: expected a non-empty array of rules");
        }

        var rows = new List<(Milestone Milestone, string[] Any, string[] Unless)>();
        foreach (var rule in rules.EnumerateArray())
        {
            var rulePath = $"{Path}.textRules[{rows.Count}]";
            var milestone = JsonSection.ParseMilestone(JsonSection.RequiredString(rule, rulePath, "milestone"), $"{rulePath}.milestone");
            rows.Add((milestone, JsonSection.Strings(rule, rulePath, "any", required: true), JsonSection.Strings(rule, rulePath, "unless")));
        }

        var phrases = rows.SelectMany(r => r.Any.Concat(r.Unless)).Distinct(StringComparer.Ordinal).ToArray();
        RequireMatchable(phrases, $"{Path}.textRules");

        var ignored = section.TryGetProperty("ignore", out var ignore)
            ? JsonSection.Strings(ignore, $"{Path}.ignore", "phrases")
            : [];
        RequireMatchable(ignored, $"{Path}.ignore.phrases");
        var sites = SiteReader.FromJson(JsonSection.RequiredProperty(section, Path, "sites"), $"{Path}.sites");
        var defaultSource = JsonSection.OptionalString(section, Path, "defaultSource") ?? "kuaidi100";
        var codes = StatusCodeTables.FromJson(JsonSection.RequiredProperty(section, Path, "codes"), $"{Path}.codes", defaultSource);
        return new ScanVocabulary(phrases, [.. rows], ignored, sites, codes);
    }

    /// <summary>Texts are matched with their whitespace removed: a phrase that is empty or holds whitespace could never match.</summary>
    private static void RequireMatchable(string[] phrases, string path)
    {
        if (phrases.FirstOrDefault(p => p.Length == 0 || p.Any(char.IsWhiteSpace)) is { } unmatchable)
        {
            throw new FormatException($"{path}: the phrase '{unmatchable}' is empty or contains whitespace, so no text can match it");
        }
    }

    /// <summary>Classifies one scan.</summary>
    /// <param name="kind">An explicit milestone in CONTRACT spelling (<c>hub-arrival</c>); an unrecognised one is ignored.</param>
    /// <param name="text">The carrier's scan text, e.g. <c>【苏州市】 快件离开 【昆常转运中心】 已发往 【常熟天下淘宝四】</c>.</param>
    /// <param name="code">The source's own status code: kuaidi100 state or status word, kdniao State/Action, SF opCode, ZTO scanType.</param>
    /// <param name="source"><c>kuaidi100</c>, <c>kdniao</c>, <c>sf</c> or <c>zto</c>; absent means the pack's default source (kuaidi100).</param>
    /// <returns>The milestone (transit when nothing more specific is known), with the site and city the text names.</returns>
    public ScanClassification Classify(string? kind, string? text, string? code, string? source) =>
        Classify(kind, text, code, source, site: null);

    /// <inheritdoc cref="Classify(string?, string?, string?, string?)"/>
    /// <param name="site">
    /// The outlet or hub the event itself names (CONTRACT <c>site</c>). It is more reliable than one read from the
    /// text, so it wins, both as the result's site and in deciding whether an arrival or departure is at a hub.
    /// </param>
    public ScanClassification Classify(string? kind, string? text, string? code, string? source, string? site) =>
        Classify(kind, text, code, source, site, wantCity: true);

    /// <inheritdoc cref="Classify(string?, string?, string?, string?, string?)"/>
    /// <param name="wantCity">
    /// False when the caller knows the city already (the event names it): the result's city is then null, and when
    /// the event names the site too, the text is not searched for places at all. The engine's hot path.
    /// </param>
    internal ScanClassification Classify(string? kind, string? text, string? code, string? source, string? site, bool wantCity) =>
        Classify(kind, text.AsSpan(), code, source, site, wantCity);

    /// <inheritdoc cref="Classify(string?, string?, string?, string?, string?, bool)"/>
    /// <param name="text">The text as characters, empty when there is none: the replay's scans never become strings.</param>
    /// <param name="siteTrimmed">
    /// Whether the caller knows <paramref name="site"/> to be its own name already (not empty, no whitespace at either
    /// end; <see cref="Events.ScanLine.SiteTrimmed"/>): then the string is not read to trim it.
    /// </param>
    /// <param name="siteIsHub">
    /// What <see cref="IsHub"/> says of a trimmed <paramref name="site"/>, when the caller remembers it: then the string
    /// is not read at all.
    /// </param>
    internal ScanClassification Classify(
        string? kind, ReadOnlySpan<char> text, string? code, string? source, string? site, bool wantCity, bool siteTrimmed = false,
        bool? siteIsHub = null)
    {
        var named = siteTrimmed ? site : Named(site);
        var namedIsHub = siteTrimmed && site is not null ? siteIsHub : null;
        if (!wantCity && kind is null && named is not null)
        {
            // The engine's case: nothing is read from the text but its phrases.
            return Decided(AtSite(TextMilestone(text), named, namedIsHub), code, source, named, city: null);
        }

        Span<ulong> found = stackalloc ulong[automaton.Words];
        var length = text.Length;
        Span<char> buffer = length <= MaxStackChars ? stackalloc char[length] : new char[length];
        ReadOnlySpan<char> cleaned = buffer[..Clean(text, buffer, found)];
        string? textSite = null;
        string? city = null;
        if (cleaned.Length > 0 && named is null)
        {
            (textSite, city) = sites.Read(cleaned.ToString());
        }
        else if (cleaned.Length > 0 && wantCity)
        {
            city = sites.CityPrefix(cleaned);
        }

        city = wantCity ? city : null;
        site = named ?? textSite;
        if (MilestoneText.TryParse(kind, out var explicitKind))
        {
            return new ScanClassification(explicitKind, site, city);
        }

        return Decided(FromPhrases(found, site, namedIsHub), code, source, site, city);
    }

    /// <summary>
    /// The site an event names, trimmed; null when it names none (absent or blank). Checked on every scan, so the usual
    /// name, Chinese with nothing to trim, is told without the Unicode table: no character above U+3000 is whitespace.
    /// </summary>
    private static string? Named(string? site)
    {
        if (string.IsNullOrEmpty(site))
        {
            return null;
        }

        static bool Blank(char c) => c <= '\u3000' && char.IsWhiteSpace(c);
        return !Blank(site[0]) && !Blank(site[^1]) ? site : site.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }

    /// <summary>
    /// What a text's phrases say before a site is considered: the milestone of the first text rule they match (a hub
    /// arrival or departure even at an outlet), <see cref="Milestone.Unknown"/> when none does. Found straight from the
    /// text (whitespace skipped as <see cref="Clean"/> removes it), unless it holds an ignored phrase, whose removal
    /// <see cref="Clean"/> must do first. A function of the text alone, so the engine notes it beside the text in the
    /// parser's table of texts (<see cref="Events.ScanTexts"/>, by <see cref="Engine.VocabularyMemo"/>) and finishes it
    /// with <see cref="ForNamedSite"/>.
    /// </summary>
    internal Milestone TextMilestone(ReadOnlySpan<char> text)
    {
        Span<ulong> found = stackalloc ulong[automaton.Words];
        automaton.Find(text, found);
        if (PhraseAutomaton.Any(found, ignoredMask))
        {
            Span<char> buffer = text.Length <= MaxStackChars ? stackalloc char[text.Length] : new char[text.Length];
            Clean(text, buffer, found);
        }

        return RuleMilestone(found);
    }

    /// <summary>
    /// The classification, city not wanted, of a scan without kind, code or source whose event names its own site
    /// (trimmed, not empty), from its text's <see cref="TextMilestone"/>: the same as
    /// <see cref="Classify(string?, ReadOnlySpan{char}, string?, string?, string?, bool, bool, bool?)"/> gives it.
    /// </summary>
    internal ScanClassification ForNamedSite(Milestone textMilestone, string site, bool? siteIsHub) =>
        Decided(AtSite(textMilestone, site, siteIsHub), code: null, source: null, site, city: null);

    /// <summary>The text's milestone unless it says no more than transit; then the code's, if it says more.</summary>
    private ScanClassification Decided(Milestone fromText, string? code, string? source, string? site, string? city)
    {
        if (fromText is not (Milestone.Unknown or Milestone.Transit))
        {
            return new ScanClassification(fromText, site, city);
        }

        var fromCode = codes.Lookup(code, source);
        return new ScanClassification(fromCode == Milestone.Unknown ? Milestone.Transit : fromCode, site, city);
    }

    /// <summary>
    /// Whether <paramref name="source"/>'s code table lists <paramref name="code"/>: lets an adapter choose between a
    /// specific code and a general one (AfterShip subtag, then tag) by what the pack knows, not by a list in code.
    /// </summary>
    public bool KnowsCode(string? code, string source) => codes.Lookup(code, source) != Milestone.Unknown;

    /// <summary>Whether a site name is a distribution centre by this vocabulary's hub words.</summary>
    public bool IsHub(string? site) => sites.IsHub(site);

    /// <summary>The milestone of the first text rule the phrases found satisfy, at the site (<see cref="AtSite"/>).</summary>
    /// <param name="siteIsHub">What <see cref="IsHub"/> says of <paramref name="site"/>, when known; asked otherwise.</param>
    private Milestone FromPhrases(ReadOnlySpan<ulong> found, string? site, bool? siteIsHub = null) =>
        AtSite(RuleMilestone(found), site, siteIsHub);

    /// <summary>The milestone of the first text rule the phrases match, or <see cref="Milestone.Unknown"/>.</summary>
    private Milestone RuleMilestone(ReadOnlySpan<ulong> found)
    {
        foreach (var rule in textRules)
        {
            if (rule.Matches(found))
            {
                return rule.Milestone;
            }
        }

        return Milestone.Unknown;
    }

    /// <summary>Arrival at or departure from an outlet is ordinary progress: only distribution centres are hubs.</summary>
    private Milestone AtSite(Milestone fromText, string? site, bool? siteIsHub) =>
        fromText is Milestone.HubArrival or Milestone.HubDeparture && !(siteIsHub ?? sites.IsHub(site)) ? Milestone.Transit : fromText;

    /// <summary>
    /// Copies <paramref name="text"/> into <paramref name="buffer"/> without whitespace, then without the ignored
    /// phrases, and returns the length left; <paramref name="found"/> is set to the phrases of what is left. Carriers pad
    /// texts unpredictably (快件离开 【A】，已在发往  【B】 的路上), so phrases are matched with all whitespace, including
    /// full-width spaces, removed; ignored phrases are courtesy boilerplate that contains a keyword without meaning it.
    /// </summary>
    private int Clean(ReadOnlySpan<char> text, Span<char> buffer, Span<ulong> found)
    {
        var rest = text;
        var length = 0;
        while (true)
        {
            var space = rest.IndexOfAny(Whitespace);
            var keep = space < 0 ? rest : rest[..space];
            keep.CopyTo(buffer[length..]);
            length += keep.Length;
            if (space < 0)
            {
                break;
            }

            rest = rest[(space + 1)..];
        }

        // Most texts have none of them: the one search for the rules' phrases says so, and only then are they removed
        // one by one and the phrases looked for again (a removal can join a phrase across the gap).
        found.Clear();
        automaton.Find(buffer[..length], found);
        if (PhraseAutomaton.Any(found, ignoredMask))
        {
            foreach (var phrase in ignoredPhrases)
            {
                length = RemoveAll(buffer, length, phrase);
            }

            found.Clear();
            automaton.Find(buffer[..length], found);
        }

        return length;
    }

    /// <summary>Removes every occurrence of <paramref name="phrase"/>, left to right, as <see cref="string.Replace(string, string?)"/> with "" would.</summary>
    private static int RemoveAll(Span<char> buffer, int length, string phrase)
    {
        var at = buffer[..length].IndexOf(phrase, StringComparison.Ordinal);
        if (at < 0)
        {
            return length;
        }

        // Compacts in place: the search runs ahead of the writes, over text not yet moved.
        var write = at;
        var read = at + phrase.Length;
        while (true)
        {
            var next = buffer[read..length].IndexOf(phrase, StringComparison.Ordinal);
            var end = next < 0 ? length : read + next;
            buffer[read..end].CopyTo(buffer[write..]);
            write += end - read;
            if (next < 0)
            {
                return write;
            }

            read = end + phrase.Length;
        }
    }
}
