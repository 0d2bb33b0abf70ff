using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Ingestion: CONTRACT.md events as JSON Lines or a JSON array; idempotent; a 2xx means durable.</summary>
public static class EventEndpoints
{
    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/events").WithTags("Events").RequireAuthorization(Policies.Merchant);
        group.MapPost("/", Ingest).WithName("IngestEvents")
            .WithSummary("Ingest events (JSON Lines or a JSON array). Idempotent by event id and by Idempotency-Key; 2xx means durable")
            .Produces<IngestResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer(OpenApiSetup.DescribeEvents);
        return group;
    }

    public static async Task<IResult> Ingest(HttpRequest request, IStore store, Ingestion ingestion, IClock clock, IOptions<ServerOptions> options,
        CancellationToken ct)
    {
        var caller = Caller.From(request.HttpContext.User);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (idempotencyKey.Length > 0 && await store.GetIdempotentResponseAsync(caller.Tenant, idempotencyKey, ct) is { } earlier)
        {
            return Replayed(earlier, requestHash);
        }

        List<(long Line, byte[] Json)> lines;
        try
        {
            lines = SplitLines(body);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(title: "Malformed request", detail: $"the body is neither JSON Lines nor a JSON array of events: {ex.Message}",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (lines.Count > options.Value.MaxBatch)
        {
            return TypedResults.Problem(title: "Batch too large", detail: $"{lines.Count} events; at most {options.Value.MaxBatch} per request",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var result = await ingestion.IngestAsync(caller.Tenant, lines, ct);
        if (idempotencyKey.Length > 0)
        {
            var stored = new IdempotentResponse(caller.Tenant, idempotencyKey, requestHash, StatusCodes.Status200OK,
                JsonSerializer.Serialize(result, Json.Options), clock.GetCurrentInstant());
            if (!await store.PutIdempotentResponseAsync(stored, ct)
                && await store.GetIdempotentResponseAsync(caller.Tenant, idempotencyKey, ct) is { } raced)
            {
                return Replayed(raced, requestHash);
            }
        }

        return TypedResults.Ok(result);
    }

    private static IResult Replayed(IdempotentResponse earlier, string requestHash) =>
        earlier.RequestHash == requestHash
            ? TypedResults.Content(earlier.Body, "application/json", Encoding.UTF8, earlier.Status)
            : TypedResults.Problem(title: "Idempotency-Key reused", detail: "this Idempotency-Key was used with another request body",
                statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>A JSON array is split into its elements; anything else is read as JSON Lines (blank lines skipped).</summary>
    private static List<(long, byte[])> SplitLines(byte[] body)
    {
        var span = body.AsSpan();
        var start = 0;
        while (start < span.Length && char.IsWhiteSpace((char)span[start]))
        {
            start++;
        }

        var lines = new List<(long, byte[])>();
        if (start < span.Length && span[start] == '[')
        {
            using var doc = JsonDocument.Parse(body);
            var n = 0L;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                lines.Add((++n, Encoding.UTF8.GetBytes(element.GetRawText())));
            }

            return lines;
        }

        using var stream = new MemoryStream(body);
        JsonLines.Read(stream, (number, line) =>
        {
            if (!line.Trim((byte)' ').IsEmpty)
            {
                lines.Add((number, line.ToArray()));
            }
        });
        return lines;
    }
}
