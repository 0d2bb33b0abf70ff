using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Scans;

namespace Luyue.Adapters;

/// <summary>
/// Kuaidi100 (快递100): the subscription push (<c>poll</c> callback: a form POST with <c>param</c> and <c>sign</c>) and the
/// query result it wraps (<c>lastResult</c>: <c>com</c>, <c>nu</c>, <c>state</c>, <c>data[]</c>). Every push repeats the
/// whole history, newest first; scans get ids from their content, so a repeat adds nothing. Each entry's
/// <c>statusCode</c> (resultv2), else its status word (在途, 揽收, 签收 …), is passed as the scan's code.
/// </summary>
public sealed class Kuaidi100Adapter(CarrierVocabulary carriers)
{
    public const string Source = "kuaidi100";
    private readonly ScanBuilder scans = new(carriers, Source);

    /// <summary>What the push said about the subscription besides its scans.</summary>
    /// <param name="Status"><c>polling</c> (still tracked), <c>shutdown</c> (finished: signed or returned), <c>abort</c>
    /// (Kuaidi100 gave up, e.g. no trace for days), <c>updateall</c> (a full resend).</param>
    public sealed record Push(string? Status, string? Message, Imported Imported);

    /// <summary>Reads a push's <c>param</c> (JSON text).</summary>
    public Push FromPushParam(string param)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(param);
        }
        catch (JsonException ex)
        {
            return new Push(null, null, Imported.Refused(new AdapterError("param", "param", $"not JSON ({JsonErrorText.OfDocument(ex)})")));
        }

        using (document)
        {
            var root = document.RootElement;
            var status = JsonLookup.Text(root, "status");
            var message = JsonLookup.Text(root, "message");
            if (!JsonLookup.TryGet(root, out var last, "lastResult") || last.ValueKind != JsonValueKind.Object)
            {
                return new Push(status, message, Imported.Refused(new AdapterError("param", "lastResult", "missing: a push carries lastResult")));
            }

            var imported = FromResult(last, "lastResult", ImportOptions.None);
            if (status is "abort" or "shutdown")
            {
                imported = imported with { Notes = [.. imported.Notes, $"kuaidi100 {status}: {message ?? "no message"}"] };
            }

            return new Push(status, message, imported);
        }
    }

    /// <summary>
    /// A file: a push body (<c>{"status":…,"lastResult":{…}}</c>), a query result (<c>{"nu":…,"data":[…]}</c>), or
    /// either inside an application's envelope (the first object holding one, searched breadth-first).
    /// </summary>
    public Imported FromJson(JsonElement root, ImportOptions options)
    {
        var found = JsonLookup.Find(root, e => JsonLookup.Array(e, "data") is not null && JsonLookup.TryGet(e, out _, "nu", "com"));
        return found is { } f
            ? FromResult(f.Element, f.Path, options)
            : Imported.Refused(new AdapterError("$", "data", "no Kuaidi100 result found (an object with nu, com and data[])"));
    }

    /// <summary>One result object: <c>com</c> and <c>nu</c> name the parcel, <c>data[]</c> its scans newest first.</summary>
    public Imported FromResult(JsonElement result, string path, ImportOptions options)
    {
        var errors = new List<AdapterError>();
        var com = options.Carrier ?? JsonLookup.Text(result, "com");
        var nu = options.Tracking ?? JsonLookup.Text(result, "nu");
        if (com is null || nu is null)
        {
            return Imported.Refused(new AdapterError(path, com is null ? "com" : "nu", "missing: the carrier code and the number name the parcel"));
        }

        var carrier = scans.Carrier(com);
        var events = new List<FulfilmentEvent>();
        // An abort can come with no history at all ("3天查询无记录"): no data is no scans, not an error.
        var data = JsonLookup.Array(result, "data") ?? default;
        var i = 0;
        foreach (var entry in data.EnumerateArraySafe())
        {
            var where = $"{path}.data[{i++}]";
            var time = JsonLookup.Text(entry, "ftime", "time");
            if (!LocalTimes.TryParse(time, LocalTimes.China, out var at))
            {
                errors.Add(new AdapterError(where, "ftime", time is null ? "missing" : $"'{time}' is not {LocalTimes.Expected}"));
                continue;
            }

            var (province, city) = Area(JsonLookup.Text(entry, "areaName"));
            events.Add(scans.Build(carrier, nu, at, JsonLookup.Text(entry, "context"), JsonLookup.Text(entry, "statusCode", "status"),
                province, city));
        }

        // Newest first on the wire; oldest first out, the order the scans happened in.
        events.Reverse();
        return new Imported(events, errors, []);
    }

    /// <summary><c>areaName</c> is "province,city,district,town" (山东,济南市,历城区,孙村); only the first two are CONTRACT fields.</summary>
    private static (string? Province, string? City) Area(string? areaName)
    {
        if (areaName is null)
        {
            return (null, null);
        }

        var parts = areaName.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (parts.Length > 0 ? parts[0] : null, parts.Length > 1 ? parts[1] : null);
    }
}
