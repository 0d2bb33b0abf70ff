using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Luyue.Server.Tests;

/// <summary>
/// The API's description (STYLE §7): every route named and summarised, the generated OpenAPI document committed as
/// docs/openapi.json (LUYUE_UPDATE_OPENAPI=1 rewrites it), and docs/luyue.http with a request for every endpoint.
/// </summary>
public partial class OpenApiTests
{
    private const string DocumentRoute = "GET /openapi/{documentName}.json";

    [Fact]
    public async Task The_committed_document_is_the_one_the_server_generates()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        using var client = server.Client();
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var path = Repo.File("docs/openapi.json");

        if (Environment.GetEnvironmentVariable("LUYUE_UPDATE_OPENAPI") == "1")
        {
            var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            await File.WriteAllTextAsync(path, served.ToJsonString(options) + "\n");
            return;
        }

        Assert.True(File.Exists(path), "docs/openapi.json is missing: run these tests with LUYUE_UPDATE_OPENAPI=1 to write it");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(JsonNode.DeepEquals(committed, served),
            "docs/openapi.json is not the document the server generates: run these tests with LUYUE_UPDATE_OPENAPI=1 and commit the file");
    }

    [Fact]
    public async Task Every_route_has_a_name_and_a_summary()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));

        var endpoints = Endpoints(server);

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName), $"{e.Route} has no name");
            Assert.False(string.IsNullOrWhiteSpace(e.Endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary), $"{e.Route} has no summary");
        });
    }

    [Fact]
    public async Task The_document_describes_every_endpoint_with_its_answers()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        using var client = server.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        foreach (var (route, endpoint) in Endpoints(server).Where(e => e.Route != DocumentRoute))
        {
            var (method, path) = (route.Split(' ')[0].ToLowerInvariant(), route.Split(' ')[1]);
            var operation = document["paths"]?[path]?[method];
            Assert.True(operation is not null, $"{route} is not in the document");
            Assert.Equal(endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, (string?)operation["operationId"]);
            var answers = operation["responses"]!.AsObject();
            Assert.Contains(answers, r => r.Key.StartsWith('2'));
            Assert.All(answers.Where(r => r.Key.StartsWith('2') && r.Key != "204"), r => Assert.True(r.Value?["content"] is not null, $"{route} {r.Key} has no content"));
        }
    }

    [Fact]
    public async Task The_http_file_has_a_request_for_every_endpoint_and_none_for_others()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        var routes = Endpoints(server).Select(e => e.Route).ToList();
        var requests = File.ReadAllLines(Repo.File("docs/luyue.http")).Select(l => HttpRequestLine().Match(l)).Where(m => m.Success)
            .Select(m => (Method: m.Groups["method"].Value, Path: m.Groups["path"].Value)).ToList();

        static bool Matches(string route, (string Method, string Path) request) =>
            route.Split(' ')[0] == request.Method
            && Regex.IsMatch(request.Path, "^" + Regex.Replace(Regex.Escape(route.Split(' ')[1]), @"\\\{[^/]*?}", "[^/]+") + "$");

        Assert.All(routes, route => Assert.True(requests.Any(r => Matches(route, r)), $"docs/luyue.http has no request for {route}"));
        Assert.All(requests, r => Assert.True(routes.Any(route => Matches(route, r)), $"docs/luyue.http has {r.Method} {r.Path}, which is no endpoint"));
    }

    /// <summary>Every route as "METHOD /path" the way the OpenAPI document writes paths, with its endpoint.</summary>
    private static List<(string Route, RouteEndpoint Endpoint)> Endpoints(OwnedServer server) =>
        [.. server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // The workbench page (WorkbenchEndpoints) is served beside the API, not part of it.
            .Where(e => e.RoutePattern.RawText != Luyue.Server.Endpoints.WorkbenchEndpoints.FallbackPattern)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => ($"{m} /{e.RoutePattern.RawText!.Trim('/')}", e)))];

    [GeneratedRegex("""^(?<method>GET|POST|PUT|PATCH|DELETE) \{\{host\}\}(?<path>/[^\s?]*)""")]
    private static partial Regex HttpRequestLine();
}
