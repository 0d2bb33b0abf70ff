using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, committed as docs/openapi.json): a fixed title and no server list, so the
/// document does not depend on the host or port it was fetched from; bearer keys on every endpoint that needs one;
/// instants as date-times. Request bodies that endpoints read raw are described here rather than with <c>Accepts</c>,
/// which would also make routing refuse other content types (JSON Lines arrives as text/plain from curl, say).
/// </summary>
public static class OpenApiSetup
{
    private const string Bearer = "Bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Luyue API",
                Version = "v1",
                Description = "Fulfilment compliance for Chinese marketplaces: events in (CONTRACT.md), findings out. " +
                              "Keys travel as `Authorization: Bearer KEY`; errors are RFC 9457 problem details.",
            };
            document.Servers = null;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
            {
                [Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "An API key: the admin key printed at first start, or one created with POST /v1/tenants/{id}/keys",
                },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] }];
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or an unknown one" });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The key's role may not do this" });
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(Instant) || context.JsonTypeInfo.Type == typeof(Instant?))
            {
                // One component for both: a nullable use wraps the reference in oneOf with null.
                schema.Type = JsonSchemaType.String;
                schema.Format = "date-time";
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>POST /v1/events: JSON Lines or a JSON array of CONTRACT.md events, and the Idempotency-Key header.</summary>
    public static Task DescribeEvents(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var types = new[]
        {
            "order.paid", "order.shipped", "scan", "order.tracking-changed", "order.refunded", "order.closed", "complaint",
            "filing.submitted", "filing.decided", "announcement", "clock",
        };
        var contractEvent = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One event as CONTRACT.md defines it; the fields beyond these depend on its type",
            Required = new HashSet<string>(StringComparer.Ordinal) { "type", "at" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. types.Select(t => (JsonNode)JsonValue.Create(t))] },
                ["at"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "Event time, ISO-8601 with offset" },
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A second event with the same id is a duplicate" },
                ["order"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "Events as JSON Lines (one object a line) or as a JSON array, at most Luyue:MaxBatch of them",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/x-ndjson"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One event object a line" } },
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = contractEvent } },
            },
        };
        AddHeader(operation, "Idempotency-Key", "The same key with the same body gets the same answer; with another body, 422");
        return Task.CompletedTask;
    }

    /// <summary>POST /v1/rulepacks: a rule pack, validated against rules/rule-pack.schema.json's rules.</summary>
    public static Task DescribeRulePack(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "A rule pack (docs/rule-pack-format.md), e.g. a copy of rules/tmall/2020-10-12.json with a new version and effectiveFrom",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "platform", "version", "effectiveFrom", "rules" },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["platform"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["version"] = new OpenApiSchema { Type = JsonSchemaType.String },
                            ["effectiveFrom"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                            ["rules"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>GET /v1/stream: the Last-Event-ID header of a reconnecting client.</summary>
    public static Task DescribeStream(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        AddHeader(operation, "Last-Event-ID", "Resume after this finding sequence: what was missed comes from the store first");
        return Task.CompletedTask;
    }

    private static void AddHeader(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name, In = ParameterLocation.Header, Required = false, Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
