using System.Text.Encodings.Web;
using System.Text.Json;

namespace Luyue.Server.Endpoints;

/// <summary>The API's JSON: camelCase, Chinese left readable.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new InstantJsonConverter() },
    };
}
