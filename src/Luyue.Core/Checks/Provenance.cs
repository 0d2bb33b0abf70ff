using System.Text.Json;

namespace Luyue.Core.Checks;

/// <summary>
/// Where a catalogue value comes from: the article that states it, or an assumption and why it was made. The
/// product shows assumed values as such (RULES: "keep them configurable and show them as such"), so every value
/// of the check data carries one of the two; a value with neither is refused when the data is read.
/// </summary>
public sealed record Provenance(string? Source, bool Assumed, string? Note)
{
    /// <summary>"assumed: NOTE" or "source: SOURCE", for tables and reasons.</summary>
    public override string ToString() =>
        Assumed ? $"assumed: {Note ?? Source}" : $"source: {Source}";

    /// <summary>Reads <c>source</c>, <c>assumed</c> and <c>note</c> of a value object; an error names the path when neither is there.</summary>
    internal static Provenance Read(JsonElement value, string path, List<string> errors)
    {
        var source = value.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var assumed = value.TryGetProperty("assumed", out var a) && a.ValueKind == JsonValueKind.True;
        var note = value.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (string.IsNullOrWhiteSpace(source) && !assumed)
        {
            errors.Add($"{path}: a value needs a \"source\" (the article that states it) or \"assumed\": true with a \"note\"");
        }
        else if (assumed && string.IsNullOrWhiteSpace(note) && string.IsNullOrWhiteSpace(source))
        {
            errors.Add($"{path}: an assumed value needs a \"note\" saying what was assumed");
        }

        return new Provenance(string.IsNullOrWhiteSpace(source) ? null : source, assumed, note);
    }
}

/// <summary>Check data (the line catalogue, the freight thresholds) that cannot be read, with every problem found.</summary>
public sealed class CheckDataException(string file, IReadOnlyList<string> errors)
    : Exception($"{file}: {string.Join("; ", errors)}")
{
    public string File { get; } = file;

    public IReadOnlyList<string> Errors { get; } = errors;
}
