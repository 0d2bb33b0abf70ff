using System.Text.Json;
using Luyue.Adapters.Csv;
using Luyue.Adapters.Olist;
using Luyue.Core.Scans;

namespace Luyue.Adapters;

/// <summary>
/// Every feed format by name, for <c>luyue import --format NAME</c>: each reads a file (or every file of its kind in a
/// directory) and yields CONTRACT events. The carrier formats are the same mappers the HTTP push endpoints use.
/// </summary>
public sealed class Feeds(CarrierVocabulary carriers, ScanVocabulary vocabulary)
{
    public static readonly IReadOnlyList<string> Formats = ["kuaidi100", "kdniao", "aftership", "sf", "olist", "csv"];

    public static Feeds Default { get; } = new(CarrierVocabulary.Default, ScanVocabulary.Default);

    public Kuaidi100Adapter Kuaidi100 { get; } = new(carriers);

    public KdniaoAdapter Kdniao { get; } = new(carriers);

    public AfterShipAdapter AfterShip { get; } = new(carriers, vocabulary);

    public SfRoutesAdapter Sf { get; } = new(carriers);

    public MerchantCsvImporter Csv { get; } = new(carriers);

    /// <summary>Reads a JSON or CSV document of <paramref name="format"/> (not <c>olist</c>, which is a directory).</summary>
    public Imported FromText(string format, string text, ImportOptions options)
    {
        if (format == "csv")
        {
            return Csv.FromText(text);
        }

        // A callback body saved as it arrived (param=…&sign=…, RequestData=…&DataSign=…): the JSON is in the form.
        if (FormField(text, format == "kdniao" ? "RequestData" : "param") is { } field)
        {
            text = field;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return Imported.Refused(new AdapterError($"line {(ex.LineNumber ?? 0) + 1}", "$", $"not JSON ({ex.Message.Split(" Path:")[0]})"));
        }

        using (document)
        {
            var root = document.RootElement;
            return format switch
            {
                "kuaidi100" => Kuaidi100.FromJson(root, options),
                "kdniao" => Kdniao.FromJson(root, options),
                "aftership" => AfterShip.FromJson(root, options),
                "sf" => Sf.FromJson(root, options),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, $"not one of {string.Join(", ", Formats)}"),
            };
        }
    }

    /// <summary>The value of <paramref name="name"/> when <paramref name="text"/> is a URL-encoded form, else null.</summary>
    internal static string? FormField(string text, string name)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return null;
        }

        foreach (var pair in trimmed.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Uri.UnescapeDataString(pair[..equals].Replace('+', ' ')) == name)
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }

    /// <summary>
    /// A file, or a directory: <c>olist</c> reads its export files; the other formats read every <c>*.json</c>
    /// (<c>*.csv</c> for csv) in name order, each error's location prefixed with its file name.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a directory.</exception>
    public Imported FromPath(string format, string path, ImportOptions options)
    {
        if (format == "olist")
        {
            return Directory.Exists(path)
                ? OlistImporter.FromDirectory(path)
                : throw new FileNotFoundException($"{path}: olist reads a directory holding olist_orders_dataset.csv and olist_order_items_dataset.csv", path);
        }

        if (File.Exists(path))
        {
            return FromText(format, File.ReadAllText(path), options);
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or directory", path);
        }

        var files = Directory.EnumerateFiles(path, format == "csv" ? "*.csv" : "*.json").Order(StringComparer.Ordinal).ToList();
        var events = new List<Core.Events.FulfilmentEvent>();
        var errors = new List<AdapterError>();
        var notes = new List<string>();
        foreach (var file in files)
        {
            var one = FromText(format, File.ReadAllText(file), options);
            events.AddRange(one.Events);
            errors.AddRange(one.Errors.Select(e => e with { Location = $"{Path.GetFileName(file)} {e.Location}" }));
            notes.AddRange(one.Notes);
        }

        return new Imported(events, errors, notes);
    }
}
