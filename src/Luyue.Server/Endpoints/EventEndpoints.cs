using System.Buffers;
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
        // The body is read into one pooled buffer and the lines are slices of it, handed on without copies; the buffer
        // goes back to the pool once the batch has been ingested (the rows keep text of their own).
        var (buffer, length) = await ReadBodyAsync(request, ct);
        try
        {
            var body = buffer.AsMemory(0, length);
            var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
            // Only a request under a key needs its hash (a repeat must send the same body).
            var requestHash = idempotencyKey.Length > 0 ? Convert.ToHexStringLower(SHA256.HashData(body.Span)) : "";
            if (idempotencyKey.Length > 0 && await store.GetIdempotentResponseAsync(caller.Tenant, idempotencyKey, ct) is { } earlier)
            {
                return Replayed(earlier, requestHash);
            }

            List<(long Line, ReadOnlyMemory<byte> Json)> lines;
            try
            {
                lines = SplitLines(body);
            }
            catch (JsonException ex)
            {
                return TypedResults.Problem(title: "Malformed request", detail: $"the body is neither JSON Lines nor a JSON array of events: {JsonErrorText.OfDocument(ex)}",
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
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The whole body in a pooled array (and its length): sized by Content-Length when given, grown otherwise. A batch
    /// of 1,000 events is about 300 KB, which as a MemoryStream and its ToArray copy meant three large-object-heap
    /// allocations per request, and with them frequent full collections.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and < int.MaxValue / 2 and var given ? (int)given + 1 : 64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static IResult Replayed(IdempotentResponse earlier, string requestHash) =>
        earlier.RequestHash == requestHash
            ? TypedResults.Content(earlier.Body, "application/json", Encoding.UTF8, earlier.Status)
            : TypedResults.Problem(title: "Idempotency-Key reused", detail: "this Idempotency-Key was used with another request body",
                statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// A JSON array is split into its elements; anything else is read as JSON Lines, as <see cref="JsonLines"/> reads a
    /// file (a leading byte order mark and each line's trailing CR dropped, lines numbered from 1, blank ones skipped),
    /// but as slices of the body rather than copies.
    /// </summary>
    private static List<(long, ReadOnlyMemory<byte>)> SplitLines(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var start = 0;
        while (start < span.Length && char.IsWhiteSpace((char)span[start]))
        {
            start++;
        }

        var lines = new List<(long, ReadOnlyMemory<byte>)>();
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

        var from = span.StartsWith("\uFEFF"u8) ? 3 : 0;
        var number = 0L;
        while (from < span.Length)
        {
            var newline = span[from..].IndexOf((byte)'\n');
            var end = newline < 0 ? span.Length : from + newline;
            var line = body[from..(end > from && span[end - 1] == '\r' ? end - 1 : end)];
            number++;
            if (!line.Span.Trim((byte)' ').IsEmpty)
            {
                lines.Add((number, line));
            }

            from = end + 1;
        }

        return lines;
    }
}
