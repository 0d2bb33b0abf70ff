using System.Reflection;
using System.Text.Json;
using Luyue.Core.Geography;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Core.Rules;

/// <summary>
/// Every rule pack in force plus the shared vocabularies (scan keywords, carrier codes, regions). Immutable
/// once built: one instance can serve many engines and threads.
/// </summary>
public sealed class RuleBook
{
    private readonly Dictionary<string, RulePack[]> byPlatform;

    /// <summary>
    /// <see cref="byPlatform"/> with each pack's <see cref="RulePack.EffectiveFromInstant"/> worked out once: every
    /// payment asks, and mapping a local midnight into a zone allocates (a million times on a long replay).
    /// </summary>
    private readonly Dictionary<string, (Instant From, RulePack Pack)[]> inForce;

    private RuleBook(IReadOnlyList<RulePack> packs, ScanVocabulary scans, CarrierVocabulary carriers, ChinaRegions regions, string origin)
    {
        Packs = packs;
        Scans = scans;
        Carriers = carriers;
        Regions = regions;
        Origin = origin;
        byPlatform = packs.GroupBy(p => p.Platform, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.EffectiveFrom).ToArray(), StringComparer.Ordinal);
        inForce = byPlatform.ToDictionary(p => p.Key, p => Array.ConvertAll(p.Value, pack => (pack.EffectiveFromInstant, pack)), StringComparer.Ordinal);
    }

    public IReadOnlyList<RulePack> Packs { get; }
    public ScanVocabulary Scans { get; }
    public CarrierVocabulary Carriers { get; }
    public ChinaRegions Regions { get; }

    /// <summary>"embedded" or the directory the packs came from.</summary>
    public string Origin { get; }

    /// <summary>The version of <paramref name="platform"/>'s pack in force at <paramref name="paidAt"/>, or null when none is.</summary>
    public RulePack? PackFor(string platform, Instant paidAt)
    {
        if (!inForce.TryGetValue(platform, out var versions))
        {
            return null;
        }

        foreach (var (from, pack) in versions)
        {
            if (from <= paidAt)
            {
                return pack;
            }
        }

        return null;
    }

    /// <summary>
    /// A book that judges every order by the newest version of each platform, whatever the payment date: each
    /// platform keeps only its newest pack, in force from the beginning of the calendar. RULES §8 judges an order by
    /// the version in force at payment; this is the what-if "had these values always applied". This book is not
    /// changed; the packs keep their version names, so findings still say which version judged them.
    /// </summary>
    public RuleBook NewestOnly()
    {
        var newest = byPlatform.Values.Select(versions => versions[0] with { EffectiveFrom = BeginningOfTime })
            .OrderBy(p => p.Platform, StringComparer.Ordinal)
            .ToList();
        return new RuleBook(newest, Scans, Carriers, Regions, $"{Origin} (newest version of each platform for every order)");
    }

    /// <summary>Early enough for any payment an event can carry (year 0001), late enough to stay a valid local date in every zone.</summary>
    private static readonly LocalDate BeginningOfTime = new(1, 1, 1);

    /// <summary>The newest version of a rule, with its pack.</summary>
    public (RulePack Pack, RuleDefinition Rule)? Find(string ruleId)
    {
        foreach (var versions in byPlatform.Values)
        {
            foreach (var pack in versions)
            {
                foreach (var rule in pack.Rules)
                {
                    if (rule.Id == ruleId)
                    {
                        return (pack, rule);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// This book plus more packs; a pack with the same platform and version as one here replaces it. Used for packs a
    /// tenant uploads over the API.
    /// </summary>
    public RuleBook With(IEnumerable<RulePack> more)
    {
        var added = more.ToList();
        if (added.Count == 0)
        {
            return this;
        }

        var packs = Packs.Where(p => !added.Any(a => a.Platform == p.Platform && a.Version == p.Version)).Concat(added).ToList();
        return new RuleBook(packs, Scans, Carriers, Regions, Origin + "+uploads");
    }

    private static readonly Lazy<RuleBook> EmbeddedBook = new(LoadEmbedded);

    /// <summary>The packs compiled into the build (the <c>rules/</c> folder of the repository).</summary>
    public static RuleBook Embedded => EmbeddedBook.Value;

    private static RuleBook LoadEmbedded()
    {
        var assembly = typeof(RuleBook).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("rules/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => (Name: n, Bytes: ReadResource(assembly, n)));
        return Build(files, "embedded");
    }

    /// <summary>
    /// Loads <c>DIR/&lt;platform&gt;/&lt;version&gt;.json</c>. The directory replaces the embedded platform packs
    /// entirely (so a what-if sees exactly what it names); the common vocabulary falls back to the embedded one.
    /// </summary>
    public static RuleBook FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new RulePackException([new RulePackError(directory, "$", "the directory does not exist")]);
        }

        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetRelativePath(directory, f), Bytes: File.ReadAllBytes(f)))
            .ToList();
        if (!files.Any(f => IsCommon(f.Name)))
        {
            var assembly = typeof(RuleBook).Assembly;
            files.AddRange(assembly.GetManifestResourceNames()
                .Where(n => IsCommon(n) && n.EndsWith(".json", StringComparison.Ordinal))
                .Select(n => (Name: n, Bytes: ReadResource(assembly, n))));
        }

        return Build(files, directory);
    }

    private static bool IsCommon(string name) =>
        name.Replace('\\', '/').Split('/') is var parts && parts.Length >= 2 && parts[^2] == "common";

    internal static bool IsIndicators(string name) =>
        name.Replace('\\', '/').Split('/') is var parts && parts.Length >= 2 && parts[^2] == "indicators";

    private static bool IsSchema(string name) => name.EndsWith(".schema.json", StringComparison.Ordinal);

    private static RuleBook Build(IEnumerable<(string Name, byte[] Bytes)> files, string origin)
    {
        var regions = ChinaRegions.Default;
        var packs = new List<RulePack>();
        var errors = new List<RulePackError>();
        ScanVocabulary? scans = null;
        CarrierVocabulary? carriers = null;
        string? commonVersion = null;
        foreach (var (name, bytes) in files)
        {
            // The store indicators' windows and benchmark (rules/indicators/) are data beside the packs, not a pack:
            // Indicators.IndicatorSettings reads them.
            if (IsSchema(name) || IsIndicators(name))
            {
                continue;
            }

            try
            {
                if (IsCommon(name))
                {
                    using var doc = JsonDocument.Parse(bytes);
                    var version = doc.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
                    if (commonVersion is null || string.CompareOrdinal(version, commonVersion) > 0)
                    {
                        scans = ScanVocabulary.FromJson(doc.RootElement.GetProperty("scanVocabulary"));
                        carriers = CarrierVocabulary.FromJson(doc.RootElement.GetProperty("carriers"));
                        commonVersion = version;
                    }

                    continue;
                }

                var pack = RulePackReader.Read(name, bytes, regions);
                var expected = $"{pack.Platform}/{pack.Version}.json";
                if (!name.Replace('\\', '/').EndsWith(expected, StringComparison.Ordinal))
                {
                    errors.Add(new RulePackError(name, "$", $"a pack for platform '{pack.Platform}' version '{pack.Version}' belongs in {expected}"));
                }

                if (packs.Any(p => p.Platform == pack.Platform && p.EffectiveFrom == pack.EffectiveFrom))
                {
                    errors.Add(new RulePackError(name, "$.effectiveFrom", $"another {pack.Platform} pack takes effect on {pack.EffectiveFrom:yyyy-MM-dd} too"));
                }

                packs.Add(pack);
            }
            catch (RulePackException ex)
            {
                errors.AddRange(ex.Errors);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                errors.Add(new RulePackError(name, "$", ex.Message));
            }
        }

        if (scans is null || carriers is null)
        {
            errors.Add(new RulePackError(origin, "common/", "no common pack with 'scanVocabulary' and 'carriers'"));
        }

        if (errors.Count > 0)
        {
            throw new RulePackException(errors);
        }

        return new RuleBook(packs, scans!, carriers!, regions, origin);
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
