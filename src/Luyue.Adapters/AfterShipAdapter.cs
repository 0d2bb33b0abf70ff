using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Scans;

namespace Luyue.Adapters;

/// <summary>
/// AfterShip-style tracking webhook: <c>{"event":"tracking_update","msg":{"tracking_number","slug","tag","subtag",
/// "checkpoints":[{"checkpoint_time","message","city","state","country_iso3","tag","subtag","location"}]}}</c>, signed
/// with <c>aftership-hmac-sha256</c>. Each checkpoint's subtag is its code when the common pack's <c>aftership</c> table
/// lists it (InTransit_002 is the acceptance scan, a pickup), else its tag. InfoReceived checkpoints (a label was
/// created; nobody has seen the parcel) are not scans and are left out, or they would meet pickup deadlines.
/// </summary>
public sealed class AfterShipAdapter(CarrierVocabulary carriers, ScanVocabulary vocabulary)
{
    public const string Source = "aftership";
    private readonly ScanBuilder scans = new(carriers, Source);

    public Imported FromBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return FromJson(document.RootElement, ImportOptions.None);
        }
        catch (JsonException ex)
        {
            return Imported.Refused(new AdapterError("body", "$", $"not JSON ({JsonErrorText.OfDocument(ex)})"));
        }
    }

    /// <summary>A webhook body (<c>msg</c>), a bare tracking object, or a tracking inside an envelope.</summary>
    public Imported FromJson(JsonElement root, ImportOptions options)
    {
        var found = JsonLookup.Find(root, e => JsonLookup.Array(e, "checkpoints") is not null);
        if (found is not { } tracking)
        {
            return Imported.Refused(new AdapterError("$", "msg.checkpoints", "no AfterShip tracking found (an object with checkpoints[])"));
        }

        var path = tracking.Path;
        var slug = options.Carrier ?? JsonLookup.Text(tracking.Element, "slug");
        var number = options.Tracking ?? JsonLookup.Text(tracking.Element, "tracking_number");
        if (slug is null || number is null)
        {
            return Imported.Refused(new AdapterError(path, slug is null ? "slug" : "tracking_number",
                "missing: the carrier slug and the number name the parcel"));
        }

        var carrier = scans.Carrier(slug);
        var events = new List<FulfilmentEvent>();
        var errors = new List<AdapterError>();
        var skipped = 0;
        var i = 0;
        foreach (var checkpoint in JsonLookup.Array(tracking.Element, "checkpoints")!.Value.EnumerateArray())
        {
            var where = $"{path}.checkpoints[{i++}]";
            var tag = JsonLookup.Text(checkpoint, "tag");
            if (tag == "InfoReceived")
            {
                skipped++;
                continue;
            }

            var time = JsonLookup.Text(checkpoint, "checkpoint_time");
            // AfterShip gives the checkpoint's local time, sometimes without an offset: for Chinese carriers that is China time.
            if (!LocalTimes.TryParse(time, LocalTimes.China, out var at))
            {
                errors.Add(new AdapterError(where, "checkpoint_time", time is null ? "missing" : $"'{time}' is not {LocalTimes.Expected}"));
                continue;
            }

            var subtag = JsonLookup.Text(checkpoint, "subtag");
            var code = vocabulary.KnowsCode(subtag, Source) ? subtag : tag;
            var site = JsonLookup.Text(checkpoint, "location");
            events.Add(scans.Build(carrier, number, at, JsonLookup.Text(checkpoint, "message"), code,
                JsonLookup.Text(checkpoint, "state"), JsonLookup.Text(checkpoint, "city"), site));
        }

        var notes = skipped > 0 ? new[] { $"aftership {carrier} {number}: {skipped} InfoReceived checkpoint(s) left out (not scans)" } : [];
        return new Imported(events.OrderBy(e => e.At).ToList(), errors, notes);
    }
}
