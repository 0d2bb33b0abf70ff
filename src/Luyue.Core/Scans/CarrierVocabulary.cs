using System.Text.Json;

namespace Luyue.Core.Scans;

/// <summary>
/// One code per carrier. Platforms, aggregators and merchants spell the same carrier differently (kuaidi100
/// <c>yuantong</c>, KDNiao <c>YTO</c>, 圆通速递, a TMS's <c>ZTO001</c>); the engine keys tracking numbers by carrier, so
/// every spelling must become the same code before two uploads of one number can be recognised as a reuse.
/// Loaded from the common rule pack's "carriers" section; immutable and safe to share between threads.
/// </summary>
public sealed class CarrierVocabulary
{
    private const string Path = "$.carriers";

    private static readonly Lazy<CarrierVocabulary> DefaultVocabulary =
        new(() => FromJson(CommonPack.Section("carriers")));

    private readonly Dictionary<string, string> codeBySpelling;
    private readonly Dictionary<string, string> nameByCode;

    private CarrierVocabulary(Dictionary<string, string> codeBySpelling, Dictionary<string, string> nameByCode)
    {
        this.codeBySpelling = codeBySpelling;
        this.nameByCode = nameByCode;
    }

    /// <summary>The carriers of the common pack compiled into Luyue.Core (<c>rules/common/2020-10-12.json</c>).</summary>
    public static CarrierVocabulary Default => DefaultVocabulary.Value;

    /// <summary>Reads the "carriers" object: <c>{ "yto": { "name": "圆通速递", "aliases": ["yuantong", "YTO", …] }, … }</c>.</summary>
    /// <exception cref="FormatException">The section is malformed or one spelling names two carriers; the message names the JSON path.</exception>
    public static CarrierVocabulary FromJson(JsonElement section)
    {
        JsonSection.RequireObject(section, Path);
        var codeBySpelling = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var nameByCode = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var carrier in section.EnumerateObject())
        {
            var carrierPath = $"{Path}.{carrier.Name}";
            var code = carrier.Name.Trim();
            if (code.Length == 0 || !string.Equals(code, code.ToLowerInvariant(), StringComparison.Ordinal))
            {
                throw new FormatException($"{carrierPath}: a carrier code is lower-case and not blank");
            }

            var name = JsonSection.RequiredString(carrier.Value, carrierPath, "name");
            if (!nameByCode.TryAdd(code, name))
            {
                throw new FormatException($"{carrierPath}: the carrier is listed twice");
            }

            Add(codeBySpelling, code, code, carrierPath);
            Add(codeBySpelling, name, code, $"{carrierPath}.name");
            var aliases = JsonSection.Strings(carrier.Value, carrierPath, "aliases");
            for (var i = 0; i < aliases.Length; i++)
            {
                Add(codeBySpelling, aliases[i], code, $"{carrierPath}.aliases[{i}]");
            }
        }

        return new CarrierVocabulary(codeBySpelling, nameByCode);
    }

    /// <summary>
    /// The vocabulary code (<c>yto</c>, <c>zto</c>, <c>sf</c>, …) for any known spelling, compared case-insensitively;
    /// an unknown spelling comes back trimmed and lower-cased so that it still compares equal to itself.
    /// </summary>
    public string Normalize(string carrierCodeOrName)
    {
        ArgumentNullException.ThrowIfNull(carrierCodeOrName);
        var spelling = carrierCodeOrName.Trim();
        return codeBySpelling.TryGetValue(spelling, out var code) ? code : spelling.ToLowerInvariant();
    }

    /// <summary>The carrier's display name (圆通速递) for any known spelling, or null.</summary>
    public string? NameOf(string carrierCodeOrName) =>
        nameByCode.TryGetValue(Normalize(carrierCodeOrName), out var name) ? name : null;

    private static void Add(Dictionary<string, string> codeBySpelling, string spelling, string code, string path)
    {
        spelling = spelling.Trim();
        if (codeBySpelling.TryGetValue(spelling, out var existing) && !string.Equals(existing, code, StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: '{spelling}' already names carrier '{existing}'");
        }

        codeBySpelling[spelling] = code;
    }
}
