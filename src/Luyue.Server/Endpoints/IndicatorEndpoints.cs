using System.ComponentModel;
using System.Text;
using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Indicators;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Server.Endpoints;

/// <summary>
/// Store indicators (RULES §2) per store, carrier, outlet or day; the outlets causing the most violations; outlet star
/// ratings imported as CSV. The indicator answers are written by Core's <see cref="IndicatorJson"/>, as
/// <c>luyue indicators --format json</c> writes them.
/// </summary>
public static class IndicatorEndpoints
{
    public sealed record BenchmarkShape(double PickupRate48h, double UpdateRate24h, double AvgPickupDelayHours);

    public sealed record IndicatorItemShape(
        string Key, long Shipments, long PickedUp48h, double? PickupRate48h, long UpdatedChecks, long Updated24h, double? UpdateRate24h,
        double? AvgPickupDelayHours, long Stalls, long Violations, int? Stars, string? Carrier = null);

    public sealed record IndicatorsShape(string By, BenchmarkShape Benchmark, IReadOnlyList<string> BenchmarkAssumed, IReadOnlyList<IndicatorItemShape> Items);

    public sealed record RankingItemShape(string Outlet, string Carrier, long Violations, long Shipments, double? PickupRate48h, int? Stars);

    public sealed record RatingShape(string Month, string Carrier, string Outlet, int Stars);

    public sealed record RatingImport(int Imported, IReadOnlyList<CsvRejection> Rejected);

    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    public static IEndpointRouteBuilder MapIndicators(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/indicators").WithTags("Indicators").RequireAuthorization(Policies.Merchant);
        group.MapGet("/", Indicators).WithName("Indicators")
            .WithSummary("48 h pickup rate, 24 h update rate, average pickup delay, stalls and violations per store, carrier, outlet or Shanghai day, with the peer benchmark")
            .Produces<IndicatorsShape>()
            .ProducesValidationProblem();
        group.MapGet("/outlets/ranking", Ranking).WithName("OutletRanking")
            .WithSummary("The pickup outlets that caused the most standing violations, most first, with their latest stars")
            .Produces<ItemList<RankingItemShape>>()
            .ProducesValidationProblem();
        group.MapPost("/outlet-ratings", ImportRatings).WithName("ImportOutletRatings")
            .WithSummary("Import outlet star ratings as CSV (month,carrier,outlet,stars); good rows are stored, bad ones named by row, column and reason")
            .Accepts<string>("text/csv")
            .Produces<RatingImport>();
        group.MapGet("/outlet-ratings", ListRatings).WithName("ListOutletRatings")
            .WithSummary("The tenant's imported outlet star ratings, by month, carrier and outlet")
            .Produces<ItemList<RatingShape>>();
        return app;
    }

    public static async Task<IResult> Indicators(HttpContext http, IndicatorBoard board, IOutletRatingStore ratings,
        [Description("store (default), carrier, outlet or day")] string? by,
        [Description("Only this store's orders")] string? shop,
        [Description("tmall, taote, douyin, 1688 or aliexpress")] string? platform,
        [Description("Only orders shipped with this carrier (code or name)")] string? carrier,
        [Description("Orders paid at or after this time (ISO-8601 with offset)")] string? from,
        [Description("Orders paid before this time (ISO-8601 with offset)")] string? to,
        CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        if (!IndicatorGroupingText.TryParse(by, out var grouping))
        {
            problems["by"] = [$"'{by}' is not store, carrier, outlet or day"];
        }

        var query = Query(problems, shop, platform, carrier, from, to) with { By = grouping };
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var tenant = Caller.From(http.User).Tenant;
        var stars = grouping == IndicatorGrouping.Outlet ? await ratings.ListOutletRatingsAsync(tenant, ct) : [];
        var report = board.Read(tenant, indicators => indicators.Report(Normalized(query, indicators), stars));
        return Written(json => IndicatorJson.Write(json, report));
    }

    public static async Task<IResult> Ranking(HttpContext http, IndicatorBoard board, IOutletRatingStore ratings,
        [Description("How many outlets, 1 to 1000 (default 10)")] int? top,
        [Description("Only this store's orders")] string? shop,
        [Description("tmall, taote, douyin, 1688 or aliexpress")] string? platform,
        [Description("Only orders shipped with this carrier (code or name)")] string? carrier,
        [Description("Orders paid at or after this time (ISO-8601 with offset)")] string? from,
        [Description("Orders paid before this time (ISO-8601 with offset)")] string? to,
        CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        if (top is < 1 or > 1000)
        {
            problems["top"] = [$"{top} is not a number of outlets from 1 to 1000"];
        }

        var query = Query(problems, shop, platform, carrier, from, to);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var tenant = Caller.From(http.User).Tenant;
        var stars = await ratings.ListOutletRatingsAsync(tenant, ct);
        var ranking = board.Read(tenant, indicators => indicators.Ranking(top ?? 10, Normalized(query, indicators), stars));
        return Written(json => IndicatorJson.Write(json, ranking));
    }

    public static async Task<IResult> ImportRatings(HttpContext http, IndicatorBoard board, IOutletRatingStore ratings, IClock clock, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var csv = await reader.ReadToEndAsync(ct);
        var tenant = Caller.From(http.User).Tenant;
        var (good, rejected) = board.Read(tenant, indicators => OutletRatingsCsv.Parse(csv, indicators.NormalizeCarrier));
        if (good.Count > 0)
        {
            await ratings.SaveOutletRatingsAsync(tenant, good, clock.GetCurrentInstant(), ct);
        }

        return TypedResults.Ok(new RatingImport(good.Count, rejected));
    }

    public static async Task<IResult> ListRatings(HttpContext http, IOutletRatingStore ratings, CancellationToken ct)
    {
        var items = await ratings.ListOutletRatingsAsync(Caller.From(http.User).Tenant, ct);
        return TypedResults.Ok(new ItemList<RatingShape>(items.Select(r => new RatingShape(MonthPattern.Format(r.Month), r.Carrier, r.Outlet, r.Stars)).ToList()));
    }

    private static IndicatorQuery Query(Dictionary<string, string[]> problems, string? shop, string? platform, string? carrier, string? from, string? to)
    {
        return new IndicatorQuery { Shop = shop, Platform = platform, Carrier = carrier, From = QueryHelpers.Time(problems, "from", from), To = QueryHelpers.Time(problems, "to", to) };
    }

    /// <summary>A carrier filter in the vocabulary's codes, so 中通 and zto select the same orders.</summary>
    private static IndicatorQuery Normalized(IndicatorQuery query, IndicatorAccumulator indicators) =>
        query.Carrier is { } carrier ? query with { Carrier = indicators.NormalizeCarrier(carrier) } : query;

    private static IResult Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Options.Encoder }))
        {
            write(json);
        }

        return TypedResults.Bytes(buffer.ToArray(), "application/json");
    }
}
