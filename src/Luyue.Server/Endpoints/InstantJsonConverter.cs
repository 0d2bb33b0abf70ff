using System.Text.Json;
using System.Text.Json.Serialization;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Instants in the API as in CONTRACT.md: ISO-8601 with the platforms' +08:00 offset.</summary>
public sealed class InstantJsonConverter : JsonConverter<Instant>
{
    private static readonly Offset Shanghai = Offset.FromHours(8);

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        InstantText.TryParse(reader.GetString() ?? "", out var instant) ? instant : throw new JsonException("expected an ISO-8601 time with offset");

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantText.Format(value, Shanghai));
}
