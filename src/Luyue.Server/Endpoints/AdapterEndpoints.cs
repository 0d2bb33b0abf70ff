using System.Globalization;
using System.Text.Json.Serialization;
using Luyue.Adapters;
using Luyue.Core.Events;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>
/// Feeds as merchants receive them (docs/adapters.md): carrier pushes and the order spreadsheet, mapped by Luyue.Adapters
/// to CONTRACT events and handed to the same ingestion as <c>POST /v1/events</c>, so a 2xx means durable and a repeated
/// push is answered with duplicates. The tenant comes from the key: <c>Authorization: Bearer</c>, or <c>?key=</c> for
/// carriers whose callback URL is all they let a merchant configure. A tenant's push secrets are configuration,
/// <c>Luyue:Adapters:{tenant}:Kuaidi100Salt | KdniaoAppKey | AfterShipSecret</c>; with a secret set, an unsigned or
/// mis-signed push is refused (401) and nothing is stored.
/// </summary>
public static class AdapterEndpoints
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>What every feed can answer besides success: a bad body, a bad or missing signature, a body too large.</summary>
    private static RouteHandlerBuilder ProducesFeedProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    public static RouteGroupBuilder MapAdapters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/adapters").WithTags("Adapters").RequireAuthorization(Policies.Merchant);
        group.MapPost("/kuaidi100", Kuaidi100).WithName("Kuaidi100Push")
            .WithSummary("Kuaidi100 subscription push (form: param, sign). Every push repeats the history; repeated scans are duplicates")
            .Accepts<Kuaidi100Form>(FormContentType)
            .Produces<Kuaidi100Answer>()
            .ProducesFeedProblems();
        group.MapPost("/kdniao", Kdniao).WithName("KdniaoPush")
            .WithSummary("KDNiao track push (form: RequestData, DataSign, RequestType)")
            .Accepts<KdniaoForm>(FormContentType)
            .Produces<KdniaoAnswer>()
            .ProducesFeedProblems();
        group.MapPost("/aftership", AfterShip).WithName("AfterShipWebhook")
            .WithSummary("AfterShip-style tracking webhook (JSON body, aftership-hmac-sha256 header)")
            .Accepts<object>("application/json")
            .Produces<FeedResult>()
            .ProducesFeedProblems();
        group.MapPost("/csv", Csv).WithName("ImportOrdersCsv")
            .WithSummary("Orders and shipments as the CSV of docs/orders-template.csv; bad rows are refused by row and column (strict=true: all or nothing)")
            .Accepts<string>("text/csv")
            .Produces<FeedResult>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>The form Kuaidi100 posts (documentation only: the handler reads the form itself).</summary>
    public sealed record Kuaidi100Form(string Param, string? Sign);

    /// <summary>The form KDNiao posts (documentation only).</summary>
    public sealed record KdniaoForm(string RequestData, string? DataSign, string? RequestType);

    /// <summary>What a feed became: the ingestion's counts and line errors, the adapter's refusals, and its notes.</summary>
    public sealed record FeedResult(int Accepted, int Duplicate, int Rejected, IReadOnlyList<Rejection> Errors, IReadOnlyList<AdapterError> Refused,
        IReadOnlyList<string> Notes);

    /// <summary>Kuaidi100's expected acknowledgement (<c>result</c>, <c>returnCode</c>, <c>message</c>), with what was imported.</summary>
    public sealed record Kuaidi100Answer(bool Result, string ReturnCode, string Message, string? Status, FeedResult Import);

    /// <summary>KDNiao's expected acknowledgement (<c>EBusinessID</c>, <c>UpdateTime</c>, <c>Success</c>, <c>Reason</c>), with what was imported.</summary>
    /// <remarks>KDNiao reads its own field names, so these keep KDNiao's casing rather than the API's camel case.</remarks>
    public sealed record KdniaoAnswer(
        [property: JsonPropertyName("EBusinessID")] string? EBusinessID,
        [property: JsonPropertyName("UpdateTime")] string UpdateTime,
        [property: JsonPropertyName("Success")] bool Success,
        [property: JsonPropertyName("Reason")] string Reason,
        FeedResult Import);

    public static async Task<IResult> Kuaidi100(HttpRequest request, Feeds feeds, Ingestion ingestion, IConfiguration configuration,
        IOptions<ServerOptions> options, CancellationToken ct)
    {
        var caller = Caller.From(request.HttpContext.User);
        var form = await ReadFormAsync(request, ct);
        var param = form?["param"].ToString();
        if (string.IsNullOrEmpty(param))
        {
            return BadRequest("a Kuaidi100 push is a form with param (and sign when a salt is configured)");
        }

        var salt = Secret(configuration, caller.Tenant, "Kuaidi100Salt");
        if (salt is not null && !Signatures.Matches(form!["sign"].ToString(), Signatures.Kuaidi100(param, salt), ignoreCase: true))
        {
            return Unsigned("sign", "MD5(param + salt)");
        }

        var push = feeds.Kuaidi100.FromPushParam(param);
        if (push.Imported.Events.Count == 0 && push.Imported.Errors.Count > 0)
        {
            return BadRequest(string.Join("; ", push.Imported.Errors));
        }

        var result = await IngestAsync(caller.Tenant, push.Imported, ingestion, options.Value, ct);
        return result is null
            ? TooLarge(push.Imported.Events.Count, options.Value)
            : TypedResults.Ok(new Kuaidi100Answer(true, "200", "成功", push.Status, result));
    }

    public static async Task<IResult> Kdniao(HttpRequest request, Feeds feeds, Ingestion ingestion, IConfiguration configuration,
        IOptions<ServerOptions> options, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(request.HttpContext.User);
        var form = await ReadFormAsync(request, ct);
        var requestData = form?["RequestData"].ToString();
        if (string.IsNullOrEmpty(requestData))
        {
            return BadRequest("a KDNiao push is a form with RequestData (and DataSign when an AppKey is configured)");
        }

        var appKey = Secret(configuration, caller.Tenant, "KdniaoAppKey");
        // A sender that forgets to URL-encode the Base64 sign turns its '+' into spaces; the sign is otherwise intact.
        if (appKey is not null && !Signatures.Matches(form!["DataSign"].ToString().Replace(' ', '+'), Signatures.Kdniao(requestData, appKey), ignoreCase: false))
        {
            return Unsigned("DataSign", "Base64(MD5(RequestData + AppKey))");
        }

        var imported = feeds.Kdniao.FromRequestData(requestData);
        if (imported.Events.Count == 0 && imported.Errors.Count > 0)
        {
            return BadRequest(string.Join("; ", imported.Errors));
        }

        var result = await IngestAsync(caller.Tenant, imported, ingestion, options.Value, ct);
        var business = EBusinessId(requestData);
        var now = clock.GetCurrentInstant().InZone(Adapters.LocalTimes.China).ToString("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return result is null
            ? TooLarge(imported.Events.Count, options.Value)
            : TypedResults.Ok(new KdniaoAnswer(business, now, true, "", result));
    }

    public static async Task<IResult> AfterShip(HttpRequest request, Feeds feeds, Ingestion ingestion, IConfiguration configuration,
        IOptions<ServerOptions> options, CancellationToken ct)
    {
        var caller = Caller.From(request.HttpContext.User);
        var body = await ReadBodyAsync(request, ct);
        var secret = Secret(configuration, caller.Tenant, "AfterShipSecret");
        if (secret is not null && !Signatures.Matches(request.Headers["aftership-hmac-sha256"].ToString(), Signatures.AfterShip(body, secret), ignoreCase: false))
        {
            return Unsigned("aftership-hmac-sha256", "Base64(HMAC-SHA256(secret, body))");
        }

        var imported = feeds.AfterShip.FromBody(body);
        if (imported.Events.Count == 0 && imported.Errors.Count > 0)
        {
            return BadRequest(string.Join("; ", imported.Errors));
        }

        var result = await IngestAsync(caller.Tenant, imported, ingestion, options.Value, ct);
        return result is null ? TooLarge(imported.Events.Count, options.Value) : TypedResults.Ok(result);
    }

    public static async Task<IResult> Csv(HttpRequest request, Feeds feeds, Ingestion ingestion, IOptions<ServerOptions> options,
        bool? strict, CancellationToken ct)
    {
        var caller = Caller.From(request.HttpContext.User);
        var text = System.Text.Encoding.UTF8.GetString(await ReadBodyAsync(request, ct));
        var imported = feeds.Csv.FromText(text);
        if (strict == true && imported.Errors.Count > 0)
        {
            return TypedResults.Problem(title: "Rows refused", detail: string.Join("\n", imported.Errors),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["refused"] = imported.Errors });
        }

        var result = await IngestAsync(caller.Tenant, imported, ingestion, options.Value, ct);
        return result is null ? TooLarge(imported.Events.Count, options.Value) : TypedResults.Ok(result);
    }

    /// <summary>Writes the events as CONTRACT lines and ingests them; null when there are more than a batch allows.</summary>
    private static async Task<FeedResult?> IngestAsync(string tenant, Imported imported, Ingestion ingestion, ServerOptions options, CancellationToken ct)
    {
        if (imported.Events.Count > options.MaxBatch)
        {
            return null;
        }

        if (imported.Events.Count == 0)
        {
            return new FeedResult(0, 0, 0, [], imported.Errors, imported.Notes);
        }

        // One buffer for the whole feed, each line a slice of it (without its newline), as /v1/events hands lines over.
        var spans = new List<(int Start, int Length)>(imported.Events.Count);
        using var buffer = new MemoryStream();
        using (var writer = new EventWriter(buffer))
        {
            foreach (var e in imported.Events)
            {
                var start = (int)buffer.Position;
                writer.Write(e);
                spans.Add((start, (int)buffer.Position - start - 1));
            }
        }

        var bytes = buffer.ToArray();
        var lines = spans.Select((span, i) => ((long)i + 1, new ReadOnlyMemory<byte>(bytes, span.Start, span.Length))).ToList();
        var result = await ingestion.IngestAsync(tenant, lines, ct);
        return new FeedResult(result.Accepted, result.Duplicate, result.Rejected, result.Errors, imported.Errors, imported.Notes);
    }

    private static string? Secret(IConfiguration configuration, string tenant, string name) =>
        configuration[$"{ServerOptions.Section}:Adapters:{tenant}:{name}"] is { Length: > 0 } secret ? secret : null;

    private static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken ct) =>
        request.HasFormContentType ? await request.ReadFormAsync(ct) : null;

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static string? EBusinessId(string requestData)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(requestData);
            return document.RootElement.TryGetProperty("EBusinessID", out var id) ? id.ToString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static IResult BadRequest(string detail) =>
        TypedResults.Problem(title: "Malformed push", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Unsigned(string field, string scheme) =>
        TypedResults.Problem(title: "Signature refused", detail: $"{field} is missing or does not match {scheme} for this tenant's configured secret; nothing was stored",
            statusCode: StatusCodes.Status401Unauthorized);

    private static IResult TooLarge(int count, ServerOptions options) =>
        TypedResults.Problem(title: "Batch too large", detail: $"{count} events; at most {options.MaxBatch} per request",
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
