using System.Text.Json;

namespace Luyue.Core.Scans;

/// <summary>The "common" rule pack compiled into Luyue.Core, source of the default scan and carrier vocabularies.</summary>
internal static class CommonPack
{
    public const string ResourceName = "rules/common/2020-10-12.json";

    /// <summary>A top-level section of the embedded pack, cloned so it outlives the parsed document.</summary>
    public static JsonElement Section(string name)
    {
        using var stream = typeof(CommonPack).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Luyue.Core was built without the embedded resource {ResourceName}");
        using var document = JsonDocument.Parse(stream);
        return JsonSection.RequiredProperty(document.RootElement, "$", name).Clone();
    }
}
