using System.Text.Json;
using System.Text.Json.Nodes;
using Luyue.Core.Checks;
using Luyue.Core.Events;
using Luyue.Server.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Luyue.Server.Endpoints;

/// <summary>
/// Checks a merchant runs before acting, on data they post (nothing is stored, so no tenant data is touched): the
/// AliExpress line catalogue and line-change check (RULES §6), and 1688 freight templates (RULES §5.5). The answers
/// are the CLI's (<c>check-line</c>, <c>freight check</c> with <c>--format json</c>), field for field.
/// </summary>
public static class CheckEndpoints
{
    public static IEndpointRouteBuilder MapChecks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/checks").WithTags("Checks").RequireAuthorization(Policies.Merchant);
        group.MapGet("/lines", Lines).WithName("ListShippingLines")
            .WithSummary("The AliExpress line catalogue: tiers, promised days, country, category, weight, size and amount limits, each value with its source or assumption")
            .Produces<CatalogueAnswer>();
        group.MapPost("/line-change", LineChange).WithName("CheckLineChange")
            .WithSummary("May this AliExpress order ship by another line than the buyer's? Allowed or blocked, every reason with its risk, and the allowed lines best first")
            .Produces<LineChangeAnswer>().ProducesValidationProblem()
            .AddOpenApiOperationTransformer(DescribeLineChange);
        group.MapPost("/freight", Freight).WithName("CheckFreight")
            .WithSummary("1688 freight templates against carrier quotes and guideline prices: red-line, blue-line and freight-note findings per item and route")
            .Produces<FreightAnswer>().ProducesValidationProblem()
            .AddOpenApiOperationTransformer(DescribeFreight);
        return app;
    }

    private static IResult Lines() => TypedResults.Ok(CatalogueAnswer.From(LineCatalogue.Default));

    private static async Task<IResult> LineChange(HttpRequest request, CancellationToken ct)
    {
        var body = await ReadAsync(request, ct);
        var catalogue = LineCatalogue.Default;
        var errors = new List<CheckInputError>();
        LineChangeOrder? order = null;
        try
        {
            order = LineChangeOrder.Parse("", body, catalogue);
        }
        catch (CheckInputException ex)
        {
            errors.AddRange(ex.Errors);
        }

        var line = ProposedLine(body, errors);
        if (errors.Count > 0)
        {
            return Problem(errors, "Invalid order");
        }

        try
        {
            return TypedResults.Ok(LineChangeAnswer.From(new LineChangeCheck(catalogue).Check(order!, line!)));
        }
        catch (CheckInputException ex)
        {
            return Problem(ex.Errors, "Invalid order");
        }
    }

    /// <summary>The body's <c>line</c>, or null after an error; nothing is said when the body is no JSON object (the order's errors say it).</summary>
    private static string? ProposedLine(byte[] body, List<CheckInputError> errors)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (document.RootElement.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.String && line.GetString()!.Trim().Length > 0)
            {
                return line.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
            return null;
        }

        errors.Add(new CheckInputError("", "", "line", "required, the catalogue code of the line to ship by (GET /v1/checks/lines)"));
        return null;
    }

    private static async Task<IResult> Freight(HttpRequest request, CancellationToken ct)
    {
        var body = await ReadAsync(request, ct);
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException ex)
        {
            return Problem([new CheckInputError("", "", "", $"not JSON: {JsonErrorText.OfDocument(ex)}")], "Invalid freight input");
        }

        if (root is null)
        {
            return Problem([new CheckInputError("", "", "", "the body is an object {\"templates\": …, \"quotes\": …, \"guidelines\": …}")], "Invalid freight input");
        }

        var errors = new List<CheckInputError>();
        foreach (var unknown in root.Select(p => p.Key).Where(k => k is not ("templates" or "quotes" or "guidelines")))
        {
            errors.Add(new CheckInputError("", "", unknown, "unknown field (known: templates, quotes, guidelines)"));
        }

        var templates = Table(root, "templates", required: true, errors);
        var quotesText = Table(root, "quotes", required: false, errors);
        var guidelinesText = Table(root, "guidelines", required: false, errors);
        var items = templates is null ? [] : FreightInputs.ReadTemplates("templates", templates, errors);
        var quotes = quotesText is null ? null : FreightInputs.ReadQuotes("quotes", quotesText, errors);
        var guidelines = guidelinesText is null ? null : FreightInputs.ReadGuidelines("guidelines", guidelinesText, errors);
        if (errors.Count > 0)
        {
            return Problem(errors, "Invalid freight input");
        }

        var rules = FreightRules.Default;
        return TypedResults.Ok(FreightAnswer.From(items.Count, new FreightCheck(rules).Check(items, quotes, guidelines), rules));
    }

    /// <summary>One input table: CSV text in a string, or a JSON array of row objects (given to the reader as its JSON text).</summary>
    private static string? Table(JsonObject root, string name, bool required, List<CheckInputError> errors)
    {
        switch (root[name])
        {
            case JsonValue value when value.TryGetValue<string>(out var csv):
                return csv;
            case JsonArray array:
                return array.ToJsonString();
            case null when !required:
                return null;
            default:
                errors.Add(new CheckInputError("", "", name, "required: CSV text (a string) or an array of row objects"));
                return null;
        }
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>400 with the errors keyed like JSON paths: <c>weightKg</c>, <c>templates[2].firstPrice</c>, <c>quotes row 3.province</c>.</summary>
    private static IResult Problem(IEnumerable<CheckInputError> errors, string title) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray(), StringComparer.Ordinal),
            title: title);

    private static string Key(CheckInputError error)
    {
        if (error.File.Length == 0 && error.Field.Length == 0)
        {
            return "body"; // the body as a whole (not JSON: the reason says where it broke)
        }

        var where = error.Location.StartsWith('[') ? error.File + error.Location
            : string.Join(" ", new[] { error.File, error.Location }.Where(p => p.Length > 0));
        return (where, error.Field) switch
        {
            ("", _) => error.Field,
            (_, "") => where,
            _ => $"{where}.{error.Field}",
        };
    }

    private static Task DescribeLineChange(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
        static OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Number, Description = description };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The order and the proposed line (docs/checks.md)",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "country", "category", "weightKg", "sizeCm", "amount", "buyerLine", "line" },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["country"] = Text("Destination, ISO 3166-1 alpha-2"),
                            ["category"] = Text("e.g. apparel; battery, cosmetics, liquid … are special goods"),
                            ["weightKg"] = Number("The parcel's weight"),
                            ["sizeCm"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Number("A side"), Description = "The parcel's three sides" },
                            ["amount"] = Number("What ships in the parcel (a combined parcel: the package total)"),
                            ["currency"] = Text("USD (the catalogue's currency)"),
                            ["buyerLine"] = Text("The line the buyer ordered"),
                            ["line"] = Text("The line proposed"),
                            ["rights"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("combined-order, x-day-delivery, self-pickup or direct") },
                            ["combinedParcel"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Several items in one parcel" },
                            ["templateLines"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("A custom line in the item's freight template the buyer could choose") },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    private static Task DescribeFreight(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        static OpenApiSchema Table(string columns) => new()
        {
            Description = $"CSV text with a header row, or an array of objects with these fields: {columns}",
            OneOf = [new OpenApiSchema { Type = JsonSchemaType.String }, new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } }],
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "Templates (required), carrier quotes and guideline prices (docs/checks.md); without quotes no red line, without guidelines no blue line",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "templates" },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["templates"] = Table(string.Join(",", FreightInputs.TemplateColumns)),
                            ["quotes"] = Table(string.Join(",", FreightInputs.QuoteColumns)),
                            ["guidelines"] = Table(string.Join(",", FreightInputs.GuidelineColumns)),
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
