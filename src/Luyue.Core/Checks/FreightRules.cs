using System.Reflection;
using System.Text.Json;
using Luyue.Core.Events;

namespace Luyue.Core.Checks;

/// <summary>
/// The thresholds of 1688's freight checks (RULES §5.5): how far above the median carrier quote a template price
/// is a red-line finding, and which categories are consumer categories (where a freight note gets an item delisted).
/// Data (Checks/Data/1688-freight.json, embedded), each value with its source or assumption. Immutable.
/// </summary>
public sealed class FreightRules
{
    private const string EmbeddedName = "checks/1688-freight.json";
    private static readonly Lazy<FreightRules> DefaultRules = new(LoadEmbedded);

    private FreightRules(decimal redLineRatio, IReadOnlySet<string> consumerCategories, IReadOnlyDictionary<string, Provenance> provenances)
    {
        RedLineRatio = redLineRatio;
        ConsumerCategories = consumerCategories;
        Provenances = provenances;
    }

    public static FreightRules Default => DefaultRules.Value;

    /// <summary>A route's template price above this × the median carrier quote is over the red line.</summary>
    public decimal RedLineRatio { get; }

    public IReadOnlySet<string> ConsumerCategories { get; }

    public IReadOnlyDictionary<string, Provenance> Provenances { get; }

    public static FreightRules Read(string file, ReadOnlySpan<byte> json)
    {
        var errors = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            var provenances = new Dictionary<string, Provenance>(StringComparer.Ordinal);
            decimal ratio = 0;
            if (root.TryGetProperty("redLineRatio", out var r) && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("value", out var rv)
                && rv.ValueKind == JsonValueKind.Number && rv.GetDecimal() > 0)
            {
                ratio = rv.GetDecimal();
                provenances["redLineRatio"] = Provenance.Read(r, "$.redLineRatio", errors);
            }
            else
            {
                errors.Add("$.redLineRatio: required, {\"value\": a number above 0, …source or assumption}");
            }

            var categories = new HashSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("consumerCategories", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("value", out var cv)
                && cv.ValueKind == JsonValueKind.Array)
            {
                categories.UnionWith(cv.EnumerateArray().Select(x => x.GetString() ?? ""));
                provenances["consumerCategories"] = Provenance.Read(c, "$.consumerCategories", errors);
            }
            else
            {
                errors.Add("$.consumerCategories: required, {\"value\": [category names], …source or assumption}");
            }

            return errors.Count > 0 ? throw new CheckDataException(file, errors) : new FreightRules(ratio, categories, provenances);
        }
        catch (JsonException ex)
        {
            throw new CheckDataException(file, [$"not JSON: {JsonErrorText.OfDocument(ex)}"]);
        }
    }

    private static FreightRules LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(EmbeddedName)
                           ?? throw new InvalidOperationException($"{EmbeddedName} is not embedded in Luyue.Core");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(EmbeddedName, buffer.ToArray());
    }
}
