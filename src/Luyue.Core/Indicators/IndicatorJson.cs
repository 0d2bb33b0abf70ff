using System.Text.Json;

namespace Luyue.Core.Indicators;

/// <summary>
/// The indicators' JSON, written in one place so that <c>luyue indicators --format json</c> and
/// <c>GET /v1/indicators</c> give the same bytes for the same events. Rates are fractions 0..1 to 4 decimals and hours
/// to 2; a rate with nothing decided yet is null, not 0.
/// </summary>
public static class IndicatorJson
{
    public static void Write(Utf8JsonWriter json, IndicatorReport report)
    {
        json.WriteStartObject();
        json.WriteString("by", report.By.ToText());
        json.WriteStartObject("benchmark");
        var settings = report.Settings;
        json.WriteNumber("pickupRate48h", settings.PickupRate48h.Value);
        json.WriteNumber("updateRate24h", settings.UpdateRate24h.Value);
        json.WriteNumber("avgPickupDelayHours", settings.AvgPickupDelayHours.Value);
        json.WriteEndObject();

        // Which benchmark values the sources do not give (RULES: assumed values are shown as such).
        json.WriteStartArray("benchmarkAssumed");
        foreach (var (name, value) in new[]
                 {
                     ("pickupRate48h", settings.PickupRate48h), ("updateRate24h", settings.UpdateRate24h),
                     ("avgPickupDelayHours", settings.AvgPickupDelayHours),
                 })
        {
            if (value.Assumed)
            {
                json.WriteStringValue(name);
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("items");
        foreach (var row in report.Items)
        {
            var m = row.Measures;
            json.WriteStartObject();
            json.WriteString("key", row.Key);
            if (report.By == IndicatorGrouping.Outlet)
            {
                json.WriteString("carrier", row.Carrier);
            }

            json.WriteNumber("shipments", m.Shipments);
            json.WriteNumber("pickedUp48h", m.PickedUp48h);
            Number(json, "pickupRate48h", m.PickupRate48h);
            json.WriteNumber("updatedChecks", m.UpdatedChecks);
            json.WriteNumber("updated24h", m.Updated24h);
            Number(json, "updateRate24h", m.UpdateRate24h);
            Number(json, "avgPickupDelayHours", m.AvgPickupDelayHours);
            json.WriteNumber("stalls", m.Stalls);
            json.WriteNumber("violations", m.Violations);
            Stars(json, row.Stars);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter json, IReadOnlyList<OutletRankingRow> ranking)
    {
        json.WriteStartObject();
        json.WriteStartArray("items");
        foreach (var row in ranking)
        {
            json.WriteStartObject();
            json.WriteString("outlet", row.Outlet);
            json.WriteString("carrier", row.Carrier);
            json.WriteNumber("violations", row.Violations);
            json.WriteNumber("shipments", row.Shipments);
            Number(json, "pickupRate48h", row.PickupRate48h);
            Stars(json, row.Stars);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Stars(Utf8JsonWriter json, int? stars)
    {
        if (stars is { } s)
        {
            json.WriteNumber("stars", s);
        }
        else
        {
            json.WriteNull("stars");
        }
    }
}
