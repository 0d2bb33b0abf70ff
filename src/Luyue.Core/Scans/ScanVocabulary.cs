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

    private readonly TextRule[] textRules;
    private readonly string[] ignoredPhrases;
    private readonly SiteReader sites;
    private readonly StatusCodeTables codes;

    private ScanVocabulary(TextRule[] textRules, string[] ignoredPhrases, SiteReader sites, StatusCodeTables codes)
    {
        this.textRules = textRules;
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

        var textRules = new List<TextRule>();
        foreach (var rule in rules.EnumerateArray())
        {
            var rulePath = $"{Path}.textRules[{textRules.Count}]";
            var milestone = JsonSection.ParseMilestone(JsonSection.RequiredString(rule, rulePath, "milestone"), $"{rulePath}.milestone");
            textRules.Add(new TextRule(
                milestone,
                JsonSection.Strings(rule, rulePath, "any", required: true),
                JsonSection.Strings(rule, rulePath, "unless")));
        }

        var ignored = section.TryGetProperty("ignore", out var ignore)
            ? JsonSection.Strings(ignore, $"{Path}.ignore", "phrases")
            : [];
        var sites = SiteReader.FromJson(JsonSection.RequiredProperty(section, Path, "sites"), $"{Path}.sites");
        var defaultSource = JsonSection.OptionalString(section, Path, "defaultSource") ?? "kuaidi100";
        var codes = StatusCodeTables.FromJson(JsonSection.RequiredProperty(section, Path, "codes"), $"{Path}.codes", defaultSource);
        return new ScanVocabulary([.. textRules], ignored, sites, codes);
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
    public ScanClassification Classify(string? kind, string? text, string? code, string? source, string? site)
    {
        var cleaned = RemoveIgnoredPhrases(RemoveWhitespace(text));
        var (textSite, city) = cleaned.Length == 0 ? default : sites.Read(cleaned);
        site = string.IsNullOrWhiteSpace(site) ? textSite : site.Trim();
        if (MilestoneText.TryParse(kind, out var explicitKind))
        {
            return new ScanClassification(explicitKind, site, city);
        }

        var fromText = cleaned.Length == 0 ? Milestone.Unknown : ClassifyText(cleaned, site);
        if (fromText is not (Milestone.Unknown or Milestone.Transit))
        {
            return new ScanClassification(fromText, site, city);
        }

        var fromCode = codes.Lookup(code, source);
        return new ScanClassification(fromCode == Milestone.Unknown ? Milestone.Transit : fromCode, site, city);
    }

    /// <summary>Whether a site name is a distribution centre by this vocabulary's hub words.</summary>
    public bool IsHub(string? site) => sites.IsHub(site);

    /// <param name="text">Scan text with whitespace and ignored phrases removed.</param>
    private Milestone ClassifyText(string text, string? site)
    {
        foreach (var rule in textRules)
        {
            if (!rule.Matches(text))
            {
                continue;
            }

            // Arrival at or departure from an outlet is ordinary progress: only distribution centres are hubs.
            return (rule.Milestone is Milestone.HubArrival or Milestone.HubDeparture) && !sites.IsHub(site)
                ? Milestone.Transit
                : rule.Milestone;
        }

        return Milestone.Unknown;
    }

    private string RemoveIgnoredPhrases(string text)
    {
        foreach (var phrase in ignoredPhrases)
        {
            if (text.Contains(phrase, StringComparison.Ordinal))
            {
                text = text.Replace(phrase, string.Empty, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// Carriers pad texts unpredictably (快件离开 【A】，已在发往  【B】 的路上), so phrases are matched with all
    /// whitespace, including full-width spaces, removed.
    /// </summary>
    private static string RemoveWhitespace(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var whitespace = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                whitespace++;
            }
        }

        if (whitespace == 0)
        {
            return text;
        }

        return string.Create(text.Length - whitespace, text, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (!char.IsWhiteSpace(c))
                {
                    span[i++] = c;
                }
            }
        });
    }
}
