using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Rules;
using NodaTime;

namespace Luyue.Core.Indicators;

/// <summary>One peer benchmark value, and whether the sources give it or we assumed it (RULES: shown as such).</summary>
public sealed record BenchmarkValue(double Value, bool Assumed, string? Source);

/// <summary>
/// The data the store indicators of RULES §2 are measured by (<c>rules/indicators/&lt;version&gt;.json</c>): the
/// pickup, update and stall windows and the peer benchmark. Data like a rule pack, so an operator changes the
/// numbers, not the code. Immutable.
/// </summary>
public sealed record IndicatorSettings
{
    public required string Version { get; init; }
    public required Duration PickupWindow { get; init; }
    public required Duration UpdateWindow { get; init; }
    public required Duration StallWindow { get; init; }
    public required BenchmarkValue PickupRate48h { get; init; }
    public required BenchmarkValue UpdateRate24h { get; init; }
    public required BenchmarkValue AvgPickupDelayHours { get; init; }

    /// <summary>Calendar days (the <c>day</c> grouping) are Shanghai days: RULES §1, every platform here.</summary>
    public DateTimeZone Zone { get; init; } = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static readonly Lazy<IndicatorSettings> EmbeddedSettings = new(() =>
    {
        var assembly = typeof(IndicatorSettings).Assembly;
        var name = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("rules/indicators/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Last();
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(name, copy.ToArray());
    });

    /// <summary>The newest settings compiled into the build.</summary>
    public static IndicatorSettings Embedded => EmbeddedSettings.Value;

    /// <summary>
    /// The newest <c>DIR/indicators/*.json</c> (versions sort as text, like pack versions), or the embedded settings
    /// when the directory has none: a rules directory of packs only keeps the default benchmark.
    /// </summary>
    public static IndicatorSettings FromDirectory(string directory)
    {
        var folder = Path.Combine(directory, "indicators");
        var newest = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return newest is null ? Embedded : Read(newest, File.ReadAllBytes(newest));
    }

    /// <summary>Reads one settings file; every problem is reported with the file and JSON path.</summary>
    public static IndicatorSettings Read(string file, byte[] json)
    {
        var errors = new List<RulePackError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new RulePackException([new RulePackError(file, "$", $"invalid JSON: {JsonErrorText.OfDocument(ex)}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
            if (version is null)
            {
                errors.Add(new RulePackError(file, "$.version", "missing or not a string"));
            }

            BenchmarkValue Value(string section, string name, double min, double max)
            {
                var path = $"$.{section}.{name}";
                if (!root.TryGetProperty(section, out var s) || s.ValueKind != JsonValueKind.Object
                    || !s.TryGetProperty(name, out var item) || item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new RulePackError(file, path, "missing: an object with \"value\""));
                    return new BenchmarkValue(0, true, null);
                }

                if (!item.TryGetProperty("value", out var number) || number.ValueKind != JsonValueKind.Number
                    || number.GetDouble() is var d && (d < min || d > max))
                {
                    errors.Add(new RulePackError(file, path + ".value", $"missing or not a number from {min} to {max}"));
                    return new BenchmarkValue(0, true, null);
                }

                var assumed = item.TryGetProperty("assumed", out var a) && a.ValueKind == JsonValueKind.True;
                var source = item.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String ? src.GetString() : null;
                return new BenchmarkValue(number.GetDouble(), assumed, source);
            }

            Duration Hours(string name) => Duration.FromSeconds((long)Math.Round(Value("windows", name, 1, 24 * 365).Value * 3600));

            var settings = new IndicatorSettings
            {
                Version = version ?? "",
                PickupWindow = Hours("pickupHours"),
                UpdateWindow = Hours("updateHours"),
                StallWindow = Hours("stallHours"),
                PickupRate48h = Value("benchmark", "pickupRate48h", 0, 1),
                UpdateRate24h = Value("benchmark", "updateRate24h", 0, 1),
                AvgPickupDelayHours = Value("benchmark", "avgPickupDelayHours", 0, 24 * 365),
            };
            return errors.Count > 0 ? throw new RulePackException(errors) : settings;
        }
    }
}
