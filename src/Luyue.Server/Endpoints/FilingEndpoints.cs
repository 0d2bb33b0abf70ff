using Luyue.Core.Events;
using Luyue.Core.Rules;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Server.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Filings and appeals: a merchant submits (with evidence), a reviewer decides. Both become events.</summary>
public static class FilingEndpoints
{
    public sealed record NewFiling(string? Order, string? Filing, string? Reason, string? Detail, string? Evidence);

    public sealed record Decision(bool? Approved);

    public static IEndpointRouteBuilder MapFilings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/filings").WithTags("Filings");
        group.MapGet("/", List).WithName("ListFilings").WithSummary("The tenant's filings and their decisions").RequireAuthorization(Policies.Merchant)
            .Produces<ItemList<FilingStatus>>();
        group.MapGet("/{id}", Get).WithName("GetFiling").WithSummary("One filing and its decision").RequireAuthorization(Policies.Merchant)
            .Produces<FilingStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Submit).WithName("SubmitFiling")
            .WithSummary("Submit a filing or appeal for an order: reason trace-mismatch, buyer-unreachable, force-majeure or buyer-agreed-delay")
            .RequireAuthorization(Policies.Merchant)
            .Produces<FilingStatus>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/decision", Decide).WithName("DecideFiling").WithSummary("Approve or reject a filing (reviewer); a decision is final")
            .RequireAuthorization(Policies.Reviewer, Policies.Merchant)
            .Produces<FilingStatus>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static IResult List(HttpContext http, Ingestion ingestion) =>
        TypedResults.Ok(new ItemList<FilingStatus>(ingestion.Filings(Caller.From(http.User).Tenant)));

    private static IResult Get(string id, HttpContext http, Ingestion ingestion) =>
        ingestion.Filing(Caller.From(http.User).Tenant, id) is { Order.Length: > 0 } filing
            ? TypedResults.Ok(filing)
            : NotFound(id);

    private static async Task<IResult> Submit(HttpContext http, NewFiling body, Ingestion ingestion, EngineHost host, IStore store, IClock clock,
        CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Order))
        {
            problems["order"] = ["missing"];
        }

        if (body.Reason is null || !RulePackReader.FilingReasons.Contains(body.Reason))
        {
            problems["reason"] = [$"must be one of {string.Join(", ", RulePackReader.FilingReasons)}"];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var tenant = Caller.From(http.User).Tenant;
        if (!await OrderEndpoints.ExistsAsync(tenant, body.Order!, host, store, ct))
        {
            return TypedResults.Problem(title: "Not found", detail: $"no order '{body.Order}'", statusCode: StatusCodes.Status404NotFound);
        }

        var id = string.IsNullOrWhiteSpace(body.Filing) ? Auth.ApiKeys.NewId("f") : body.Filing!;
        var now = clock.GetCurrentInstant();
        await ingestion.IngestAsync(tenant, new FilingSubmitted($"filing-{id}", now, body.Order!, id, body.Reason!, body.Detail, body.Evidence), ct);
        return TypedResults.Created($"/v1/filings/{id}", ingestion.Filing(tenant, id));
    }

    private static async Task<IResult> Decide(string id, HttpContext http, Decision body, Ingestion ingestion, IClock clock, CancellationToken ct)
    {
        var tenant = Caller.From(http.User).Tenant;
        if (ingestion.Filing(tenant, id) is not { Order.Length: > 0 } filing)
        {
            return NotFound(id);
        }

        if (body.Approved is not { } approved)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["approved"] = ["missing: true or false"] });
        }

        // A decision is final: the same one again is answered as before, another one is refused rather than ignored.
        if (filing.Approved is { } decided)
        {
            return decided == approved
                ? TypedResults.Ok(filing)
                : TypedResults.Problem(title: "Already decided", statusCode: StatusCodes.Status409Conflict,
                    detail: $"filing '{id}' was {(decided ? "approved" : "rejected")} at {filing.DecidedAt}; a decision cannot be changed");
        }

        var now = clock.GetCurrentInstant();
        await ingestion.IngestAsync(tenant, new FilingDecided($"decision-{id}", now, id, approved), ct);
        return TypedResults.Ok(ingestion.Filing(tenant, id));
    }

    private static ProblemHttpResult NotFound(string filing) =>
        TypedResults.Problem(title: "Not found", detail: $"no filing '{filing}'", statusCode: StatusCodes.Status404NotFound);
}
