using System.Globalization;
using System.Text.Json;

namespace Luyue.Adapters;

/// <summary>
/// Reading carrier JSON as it comes: property names in either case (KDNiao's <c>AcceptTime</c>, a TMS copy's
/// <c>acceptTime</c>), numbers where strings were expected (<c>"action": 301</c>), and payloads found inside an app's
/// wrapper (<c>dataInfo.queryTrackMapResp</c>).
/// </summary>
internal static class JsonLookup
{
    /// <summary>The first of <paramref name="names"/> present, compared case-insensitively.</summary>
    public static bool TryGet(JsonElement obj, out JsonElement value, params string[] names)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var name in names)
        {
            foreach (var property in obj.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A string or number as text; null when absent, null or blank.</summary>
    public static string? Text(JsonElement obj, params string[] names)
    {
        if (!TryGet(obj, out var value, names))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public static JsonElement? Array(JsonElement obj, params string[] names) =>
        TryGet(obj, out var value, names) && value.ValueKind == JsonValueKind.Array ? value : null;

    /// <summary>
    /// The first object, breadth-first from <paramref name="root"/> (itself included), that <paramref name="match"/>
    /// accepts, with its JSON path; a file of a format is often the format's payload inside someone's envelope.
    /// </summary>
    public static (JsonElement Element, string Path)? Find(JsonElement root, Func<JsonElement, bool> match)
    {
        var queue = new Queue<(JsonElement, string)>();
        queue.Enqueue((root, "$"));
        while (queue.Count > 0)
        {
            var (element, path) = queue.Dequeue();
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (match(element))
                {
                    return (element, path);
                }

                foreach (var property in element.EnumerateObject())
                {
                    queue.Enqueue((property.Value, $"{path}.{property.Name}"));
                }
            }
            else if (element.ValueKind == JsonValueKind.Array && path == "$")
            {
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    queue.Enqueue((item, string.Create(CultureInfo.InvariantCulture, $"$[{i++}]")));
                }
            }
        }

        return null;
    }
}
