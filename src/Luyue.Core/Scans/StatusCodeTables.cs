using System.Text.Json;

namespace Luyue.Core.Scans;

/// <summary>
/// The status codes each tracking source (kuaidi100, kdniao, sf, zto) attaches to a scan, and the milestone each means.
/// The same number means different things per source (kuaidi100 5 is 派件, kdniao 5 is 转寄), hence one table per source.
/// </summary>
internal sealed class StatusCodeTables
{
    private readonly Dictionary<string, Dictionary<string, Milestone>> tables;
    private readonly string defaultSource;

    private StatusCodeTables(Dictionary<string, Dictionary<string, Milestone>> tables, string defaultSource)
    {
        this.tables = tables;
        this.defaultSource = defaultSource;
    }

    /// <param name="codes">The "codes" object: source → { "codes": { code → milestone or { "milestone", "meaning" } } }.</param>
    public static StatusCodeTables FromJson(JsonElement codes, string path, string defaultSource)
    {
        JsonSection.RequireObject(codes, path);
        var tables = new Dictionary<string, Dictionary<string, Milestone>>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in codes.EnumerateObject())
        {
            var sourcePath = $"{path}.{source.Name}";
            var entries = JsonSection.RequiredProperty(source.Value, sourcePath, "codes");
            JsonSection.RequireObject(entries, $"{sourcePath}.codes");
            var table = new Dictionary<string, Milestone>(StringComparer.Ordinal);
            foreach (var entry in entries.EnumerateObject())
            {
                var entryPath = $"{sourcePath}.codes.{entry.Name}";
                var text = entry.Value.ValueKind == JsonValueKind.String
                    ? entry.Value.GetString()!
                    : JsonSection.RequiredString(entry.Value, entryPath, "milestone");
                table[entry.Name.Trim()] = JsonSection.ParseMilestone(text, entryPath);
            }

            if (!tables.TryAdd(source.Name, table))
            {
                throw new FormatException($"{sourcePath}: the source is listed twice (names are case-insensitive)");
            }
        }

        if (!tables.ContainsKey(defaultSource))
        {
            throw new FormatException($"{path}: the default source '{defaultSource}' has no code table");
        }

        return new StatusCodeTables(tables, defaultSource);
    }

    /// <returns>The milestone, or <see cref="Milestone.Unknown"/> for a missing code, an unknown source or an unlisted code.</returns>
    public Milestone Lookup(string? code, string? source)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return Milestone.Unknown;
        }

        var sourceName = string.IsNullOrWhiteSpace(source) ? defaultSource : source.Trim();
        return tables.TryGetValue(sourceName, out var table) && table.TryGetValue(code.Trim(), out var milestone)
            ? milestone
            : Milestone.Unknown;
    }
}
