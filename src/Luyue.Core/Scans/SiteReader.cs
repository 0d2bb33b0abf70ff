using System.Text.Json;
using System.Text.RegularExpressions;

namespace Luyue.Core.Scans;

/// <summary>
/// Finds where a scan happened in its text, and whether that place is a distribution centre. Carriers name places in
/// 【…】: ZTO starts with the city (【苏州市】), Best names the courier (【谢书平/152****0208】), and departures name
/// the next stop (已发往【B】), so the site is the first bracket that is none of those.
/// </summary>
internal sealed class SiteReader
{
    // A phone number, possibly masked (152****0208) or with an area code (021-80370107).
    private const int MinPhoneLength = 7;
    private const int MinPhoneDigits = 3;

    // Longer than this, a leading 【…市】 is a site name, not ZTO's city prefix.
    private const int MaxCityPrefixLength = 10;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly char[] NameSeparators = ['/', '(', '（', '，', ','];

    private readonly PhraseSet hubWords;
    private readonly string[] hubSuffixes;
    private readonly PhraseSet notHubWords;
    private readonly string[] cityPrefixSuffixes;
    private readonly string[] destinationMarkers;
    private readonly Regex[] patterns;

    private SiteReader(string[] hubWords, string[] hubSuffixes, string[] notHubWords, string[] cityPrefixSuffixes,
        string[] destinationMarkers, Regex[] patterns)
    {
        this.hubWords = new PhraseSet(hubWords);
        this.hubSuffixes = hubSuffixes;
        this.notHubWords = new PhraseSet(notHubWords);
        this.cityPrefixSuffixes = cityPrefixSuffixes;
        this.destinationMarkers = destinationMarkers;
        this.patterns = patterns;
    }

    public static SiteReader FromJson(JsonElement sites, string path)
    {
        var patternTexts = JsonSection.Strings(sites, path, "patterns");
        var patterns = new Regex[patternTexts.Length];
        for (var i = 0; i < patternTexts.Length; i++)
        {
            try
            {
                patterns[i] = new Regex(patternTexts[i], RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"{path}.patterns[{i}]: not a regular expression: {ex.Message}", ex);
            }

            if (patterns[i].GroupNumberFromName("site") < 0)
            {
                throw new FormatException($"{path}.patterns[{i}]: needs a named group (?<site>…)");
            }
        }

        return new SiteReader(
            JsonSection.Strings(sites, path, "hubWords", required: true),
            JsonSection.Strings(sites, path, "hubSuffixes"),
            JsonSection.Strings(sites, path, "notHubWords"),
            JsonSection.Strings(sites, path, "cityPrefixSuffixes"),
            JsonSection.Strings(sites, path, "destinationMarkers"),
            patterns);
    }

    /// <summary>Whether a site name is a distribution centre (分拨中心, 转运中心, 中转场 …) rather than an outlet.</summary>
    public bool IsHub(string? site) => IsHub(site.AsSpan());

    private bool IsHub(ReadOnlySpan<char> site)
    {
        if (site.IsEmpty || ContainsAny(notHubWords, site))
        {
            return false;
        }

        if (ContainsAny(hubWords, site))
        {
            return true;
        }

        foreach (var suffix in hubSuffixes)
        {
            if (site.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAny(PhraseSet words, ReadOnlySpan<char> text) => words.FoundIn(text);

    /// <summary>
    /// The city a text starts with (ZTO's 【苏州市】), as <see cref="Read"/> finds it, without looking for the site:
    /// for callers that know the site already.
    /// </summary>
    /// <param name="text">Scan text with whitespace removed.</param>
    public string? CityPrefix(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text[0] != '【')
        {
            return null;
        }

        var close = text[1..].IndexOf('】');
        return close >= 0 && IsCityPrefix(text.Slice(1, close)) ? text.Slice(1, close).ToString() : null;
    }

    /// <param name="text">Scan text with whitespace removed.</param>
    public (string? Site, string? City) Read(string text)
    {
        string? site = null;
        string? city = null;
        var position = 0;
        while (site is null && position < text.Length)
        {
            var open = text.IndexOf('【', position);
            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf('】', open + 1);
            if (close < 0)
            {
                break;
            }

            var content = text[(open + 1)..close];
            position = close + 1;
            if (open == 0 && IsCityPrefix(content))
            {
                city = content;
            }
            else if (!FollowsDestinationMarker(text, open))
            {
                site = SiteName(content);
            }
        }

        return (site ?? FromPatterns(text), city);
    }

    private bool IsCityPrefix(ReadOnlySpan<char> content)
    {
        if (content.Length > MaxCityPrefixLength || IsHub(content))
        {
            return false;
        }

        foreach (var suffix in cityPrefixSuffixes)
        {
            if (content.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool FollowsDestinationMarker(string text, int open)
    {
        var before = text.AsSpan(0, open);
        foreach (var marker in destinationMarkers)
        {
            if (before.EndsWith(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The place named in one bracket, or null when the bracket names a person (【谢书平/152****0208】).</summary>
    private static string? SiteName(string content)
    {
        var separator = content.IndexOfAny(NameSeparators);
        var head = separator < 0 ? content : content[..separator];
        if (separator >= 0)
        {
            var tail = content.AsSpan(separator + 1).TrimStart("电话：:");
            if (StartsWithPhone(tail))
            {
                return null;
            }
        }

        return head.Length >= 2 && !StartsWithPhone(head) ? head : null;
    }

    private static bool StartsWithPhone(ReadOnlySpan<char> text)
    {
        var length = 0;
        var digits = 0;
        while (length < text.Length && (char.IsAsciiDigit(text[length]) || text[length] is '*' or '-'))
        {
            if (char.IsAsciiDigit(text[length]))
            {
                digits++;
            }

            length++;
        }

        return length >= MinPhoneLength && digits >= MinPhoneDigits;
    }

    private string? FromPatterns(string text)
    {
        foreach (var pattern in patterns)
        {
            try
            {
                var match = pattern.Match(text);
                if (match.Success)
                {
                    return match.Groups["site"].Value;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological pattern in a pack must not stall ingestion: the scan just has no site.
            }
        }

        return null;
    }
}
