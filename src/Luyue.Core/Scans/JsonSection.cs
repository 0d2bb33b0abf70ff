using System.Text.Json;

namespace Luyue.Core.Scans;

/// <summary>
/// Reads one section of a rule pack and names the JSON path of anything wrong with it, so that an operator who
/// edits a pack learns which value to fix rather than getting a bare <see cref="KeyNotFoundException"/>.
/// </summary>
internal static class JsonSection
{
    public static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected an object, found {Describe(element)}");
        }
    }

    public static JsonElement RequiredProperty(JsonElement obj, string path, string name)
    {
        RequireObject(obj, path);
        if (!obj.TryGetProperty(name, out var value))
        {
            throw new FormatException($"{path}.{name}: required");
        }

        return value;
    }

    public static string RequiredString(JsonElement obj, string path, string name)
    {
        var value = RequiredProperty(obj, path, name);
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new FormatException($"{path}.{name}: expected a non-empty string, found {Describe(value)}");
        }

        return value.GetString()!;
    }

    public static string? OptionalString(JsonElement obj, string path, string name)
    {
        RequireObject(obj, path);
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : throw new FormatException($"{path}.{name}: expected a non-empty string, found {Describe(value)}");
    }

    /// <summary>An array of non-empty strings; absent means empty unless <paramref name="required"/>.</summary>
    public static string[] Strings(JsonElement obj, string path, string name, bool required = false)
    {
        RequireObject(obj, path);
        if (!obj.TryGetProperty(name, out var array))
        {
            return required ? throw new FormatException($"{path}.{name}: required") : [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{path}.{name}: expected an array of strings, found {Describe(array)}");
        }

        var result = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw new FormatException($"{path}.{name}[{i}]: expected a non-empty string, found {Describe(item)}");
            }

            result[i++] = item.GetString()!;
        }

        if (required && result.Length == 0)
        {
            throw new FormatException($"{path}.{name}: must not be empty");
        }

        return result;
    }

    public static Milestone ParseMilestone(string text, string path) =>
        MilestoneText.TryParse(text, out var milestone)
            ? milestone
            : throw new FormatException($"{path}: '{text}' is not a milestone (pickup, hub-arrival, hub-departure, transit, out-for-delivery, signed, returned, exception, transfer)");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Undefined => "nothing",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
