using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Scans;

namespace Luyue.Adapters;

/// <summary>
/// KDNiao (快递鸟): the track push (a form POST with <c>RequestData</c> and <c>DataSign</c>; <c>RequestData.Data[]</c> holds
/// one waybill each: <c>ShipperCode</c>, <c>LogisticCode</c>, <c>State</c>, <c>StateEx</c>, <c>Traces[]</c>) and the instant
/// query result (one waybill). Traces are oldest first, each with <c>AcceptTime</c>, <c>AcceptStation</c>, and in the
/// detailed product <c>Location</c> and <c>Action</c>. <c>Action</c> is the scan's code; the waybill's <c>State</c> and
/// <c>StateEx</c> describe only its latest scan, so they are not copied onto every scan. TMS copies that spell the
/// same fields in camel case (<c>acceptTime</c>, <c>carrierCode</c>, <c>outWaybillNo</c>) are read too.
/// </summary>
public sealed class KdniaoAdapter(CarrierVocabulary carriers)
{
    public const string Source = "kdniao";
    private readonly ScanBuilder scans = new(carriers, Source);

    /// <summary>Reads a push's <c>RequestData</c> (JSON text).</summary>
    public Imported FromRequestData(string requestData)
    {
        try
        {
            using var document = JsonDocument.Parse(requestData);
            return FromJson(document.RootElement, ImportOptions.None);
        }
        catch (JsonException ex)
        {
            return Imported.Refused(new AdapterError("RequestData", "RequestData", $"not JSON ({JsonErrorText.OfDocument(ex)})"));
        }
    }

    /// <summary>A push (<c>Data[]</c> of waybills), a query result, or either inside an envelope.</summary>
    public Imported FromJson(JsonElement root, ImportOptions options)
    {
        if (JsonLookup.Array(root, "Data") is { } data && data.EnumerateArray().Any(w => w.ValueKind == JsonValueKind.Object))
        {
            var events = new List<FulfilmentEvent>();
            var errors = new List<AdapterError>();
            var notes = new List<string>();
            var i = 0;
            foreach (var waybill in data.EnumerateArray())
            {
                var one = FromWaybill(waybill, $"Data[{i++}]", options);
                events.AddRange(one.Events);
                errors.AddRange(one.Errors);
                notes.AddRange(one.Notes);
            }

            return new Imported(events, errors, notes);
        }

        var found = JsonLookup.Find(root, e => JsonLookup.Array(e, "Traces") is not null);
        return found is { } f
            ? FromWaybill(f.Element, f.Path, options)
            : Imported.Refused(new AdapterError("$", "Traces", "no KDNiao waybill found (an object with Traces[], or Data[] of them)"));
    }

    private Imported FromWaybill(JsonElement waybill, string path, ImportOptions options)
    {
        var shipper = options.Carrier ?? JsonLookup.Text(waybill, "ShipperCode", "carrierCode");
        var number = options.Tracking ?? JsonLookup.Text(waybill, "LogisticCode", "outWaybillNo", "waybillNo");
        if (shipper is null || number is null)
        {
            return Imported.Refused(new AdapterError(path, shipper is null ? "ShipperCode" : "LogisticCode",
                "missing: the carrier code and the number name the parcel"));
        }

        if (JsonLookup.Text(waybill, "Success") == "false")
        {
            return new Imported([], [], [$"kdniao {shipper} {number}: no trace ({JsonLookup.Text(waybill, "Reason") ?? "no reason given"})"]);
        }

        var carrier = scans.Carrier(shipper);
        var events = new List<FulfilmentEvent>();
        var errors = new List<AdapterError>();
        var i = 0;
        foreach (var trace in (JsonLookup.Array(waybill, "Traces") ?? default).EnumerateArraySafe())
        {
            var where = $"{path}.Traces[{i++}]";
            var time = JsonLookup.Text(trace, "AcceptTime");
            if (!LocalTimes.TryParse(time, LocalTimes.China, out var at))
            {
                errors.Add(new AdapterError(where, "AcceptTime", time is null ? "missing" : $"'{time}' is not {LocalTimes.Expected}"));
                continue;
            }

            events.Add(scans.Build(carrier, number, at, JsonLookup.Text(trace, "AcceptStation"), JsonLookup.Text(trace, "Action"),
                city: JsonLookup.Text(trace, "Location")));
        }

        // Oldest first in KDNiao's own API; a TMS copy may list newest first. Turned oldest first, then ordered by time
        // (stably, so scans of the same second keep the carrier's order).
        if (events.Count > 1 && events[0].At > events[^1].At)
        {
            events.Reverse();
        }

        return new Imported(events.OrderBy(e => e.At).ToList(), errors, []);
    }
}

internal static class JsonElementExtensions
{
    /// <summary>The items of an array; nothing for a default (absent) element.</summary>
    public static IEnumerable<JsonElement> EnumerateArraySafe(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];
}
