using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Scans;

namespace Luyue.Adapters;

/// <summary>
/// SF Express (顺丰) routes: the route push (<c>Body.WaybillRoute[]</c>: <c>mailno</c>, <c>acceptTime</c>,
/// <c>acceptAddress</c>, <c>remark</c>, <c>opCode</c>) and route lists as apps store them (a bare array of
/// <c>scanDateTime</c>, <c>remark</c>, <c>opCode</c>). A bare list names no waybill: the caller supplies the number
/// (<c>--tracking</c>). Oldest first. The <c>opCode</c> is the scan's code.
/// </summary>
public sealed class SfRoutesAdapter(CarrierVocabulary carriers)
{
    public const string Source = "sf";
    private readonly ScanBuilder scans = new(carriers, Source);

    public Imported FromJson(JsonElement root, ImportOptions options)
    {
        JsonElement routes;
        string path;
        if (root.ValueKind == JsonValueKind.Array)
        {
            (routes, path) = (root, "$");
        }
        else if (JsonLookup.Find(root, e => JsonLookup.Array(e, "WaybillRoute", "routes") is not null) is { } found)
        {
            routes = JsonLookup.Array(found.Element, "WaybillRoute", "routes")!.Value;
            path = found.Path + ".WaybillRoute";
        }
        else
        {
            return Imported.Refused(new AdapterError("$", "WaybillRoute", "no SF routes found (an array of routes, or Body.WaybillRoute[])"));
        }

        if (options.Tracking is null && routes.EnumerateArray().All(r => JsonLookup.Text(r, "mailno", "waybillNo") is null))
        {
            return Imported.Refused(new AdapterError(path, "mailno", "this route list names no waybill; pass the number (--tracking)"));
        }

        var carrier = scans.Carrier(options.Carrier ?? "sf");
        var events = new List<FulfilmentEvent>();
        var errors = new List<AdapterError>();
        var i = 0;
        foreach (var route in routes.EnumerateArray())
        {
            var where = $"{path}[{i++}]";
            var number = options.Tracking ?? JsonLookup.Text(route, "mailno", "waybillNo");
            if (number is null)
            {
                errors.Add(new AdapterError(where, "mailno", "missing: this route list names no waybill; pass the number (--tracking)"));
                continue;
            }

            var time = JsonLookup.Text(route, "acceptTime", "scanDateTime");
            if (!LocalTimes.TryParse(time, LocalTimes.China, out var at))
            {
                errors.Add(new AdapterError(where, "acceptTime", time is null ? "missing" : $"'{time}' is not {LocalTimes.Expected}"));
                continue;
            }

            events.Add(scans.Build(carrier, number, at, JsonLookup.Text(route, "remark"), JsonLookup.Text(route, "opCode"),
                city: JsonLookup.Text(route, "acceptAddress")));
        }

        return new Imported(events.OrderBy(e => e.At).ToList(), errors, []);
    }
}
