using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>
/// Tenant B, holding A's ids, walks every endpoint of the app (enumerated from its routing, so a new endpoint cannot be
/// forgotten): A's orders, filings, webhooks and deliveries are 404 exactly as ids that never existed, lists and counts
/// hold only B's data, and nothing B does changes A's. Every answer B gets is checked for A's ids and names, unless B
/// sent them itself.
/// </summary>
public class TenantIsolationTests
{
    private static readonly Instant Paid = Ev.Cst(2024, 6, 1, 8);
    private static readonly Instant Start = Paid + Duration.FromHours(73); // past both orders' penalties
    private const string Unknown = "no-such-id";

    /// <summary>Endpoints outside the walk: anonymous operations, which carry no tenant data, and the API's own description.</summary>
    private static readonly string[] NotTenantData = ["GET /healthz", "GET /metrics", "GET /openapi/{documentName}.json",
        $"* /{Endpoints.WorkbenchEndpoints.FallbackPattern}"];

    private sealed record Tenant(string Id, string Merchant, string Reviewer, string Order, string Shop, string Filing, string Webhook, string[] Events);

    [Fact]
    public async Task Another_tenant_sees_and_changes_nothing_of_a_tenants_data_on_any_endpoint()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var a = await TenantWithDataAsync(server, "A");
        var b = await TenantWithDataAsync(server, "B");
        using var aClient = server.Client(a.Merchant);
        var aDeliveries = (await Api.ItemsAsync(aClient, "/v1/webhooks/deliveries")).Select(d => d.GetRawText()).ToList();
        var aDelivery = JsonDocument.Parse(aDeliveries[0]).RootElement.Str("id");
        var aFindings = await Api.FindingTextsAsync(aClient);
        var aPack = "a-pack-" + a.Id;
        (await aClient.PostAsync("/v1/rulepacks", Api.JsonContent(TmallPack(aPack).ToJsonString()))).EnsureSuccessStatusCode();
        (await aClient.PostAsync("/v1/indicators/outlet-ratings", new StringContent("month,carrier,outlet,stars\n2024-06,zto,outlet-A,3\n", System.Text.Encoding.UTF8, "text/csv")))
            .EnsureSuccessStatusCode();

        var secrets = new[] { a.Id, a.Order, a.Shop, a.Filing, a.Webhook, aDelivery, aPack, "hook-A", "outlet-A" };
        using var leaks = new LeakCheck(secrets);
        using var merchant = Client(server, leaks, b.Merchant);
        using var reviewer = Client(server, leaks, b.Reviewer);

        var probes = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
        {
            ["POST /v1/tenants"] = async () =>
                Assert.Equal(HttpStatusCode.Forbidden, (await merchant.PostAsJsonAsync("/v1/tenants", new { name = "B's takeover" })).StatusCode),
            ["GET /v1/tenants/{id}"] = () => SameAsUnknownAsync(a.Id, HttpStatusCode.Forbidden, id => merchant.GetAsync($"/v1/tenants/{id}")),
            ["POST /v1/tenants/{id}/keys"] = () => SameAsUnknownAsync(a.Id, HttpStatusCode.Forbidden,
                id => merchant.PostAsJsonAsync($"/v1/tenants/{id}/keys", new { role = "merchant" })),
            ["GET /v1/orders/{id}"] = () => SameAsUnknownAsync(a.Order, HttpStatusCode.NotFound, id => merchant.GetAsync($"/v1/orders/{id}")),
            // The checks judge only what the caller posts and store nothing; the leak check reads their answers.
            ["GET /v1/checks/lines"] = async () => (await merchant.GetAsync("/v1/checks/lines")).EnsureSuccessStatusCode(),
            ["POST /v1/checks/line-change"] = async () => (await merchant.PostAsync("/v1/checks/line-change", Api.JsonContent(
                """{"country":"US","category":"apparel","weightKg":0.4,"sizeCm":[30,20,5],"amount":12.5,"buyerLine":"CAINIAO_STANDARD","line":"CAINIAO_PREMIUM"}"""))).EnsureSuccessStatusCode(),
            ["POST /v1/checks/freight"] = async () => (await merchant.PostAsJsonAsync("/v1/checks/freight",
                new { templates = "item,category,weightKg,mode,note\nB-ITEM,服装,1,note,运费另议\n" })).EnsureSuccessStatusCode(),
            ["GET /v1/findings"] = async () =>
            {
                Assert.All(await TestServer.FindingsAsync(merchant), f => Assert.Equal(b.Order, f.Str("order")));
                Assert.Empty(await TestServer.FindingsAsync(merchant, $"order={a.Order}"));
                Assert.Empty(await TestServer.FindingsAsync(merchant, $"shop={a.Shop}"));
            },
            ["GET /v1/stream"] = async () =>
            {
                var replayed = await StreamUntilConnectedAsync(merchant);
                Assert.NotEmpty(replayed);
                Assert.All(replayed, data => Assert.Equal(b.Order, JsonDocument.Parse(data).RootElement.Str("order")));
            },
            ["GET /v1/monitor"] = async () =>
            {
                var row = Assert.Single(await Api.ItemsAsync(merchant, "/v1/monitor"));
                Assert.Equal(1, row.GetProperty("overdue").GetInt32()); // B's one violation, not A's as well
                Assert.Empty(await Api.ItemsAsync(merchant, $"/v1/monitor?shop={a.Shop}"));
            },
            ["GET /v1/ledger"] = async () =>
            {
                var row = Assert.Single(await Api.ItemsAsync(merchant, "/v1/ledger"));
                Assert.Equal((b.Shop, 10m), (row.Str("shop"), row.GetProperty("net").GetDecimal()));
                Assert.Equal(10m, Assert.Single(await Api.ItemsAsync(merchant, "/v1/ledger?by=rule")).GetProperty("charged").GetDecimal());
            },
            ["GET /v1/me"] = async () => Assert.Equal(b.Id, (await merchant.GetFromJsonAsync<JsonElement>("/v1/me")).Str("tenant")),
            ["GET /v1/monitor/items"] = async () =>
            {
                var page = await merchant.GetFromJsonAsync<JsonElement>("/v1/monitor/items");
                Assert.Equal(b.Order, Assert.Single(page.GetProperty("items").EnumerateArray()).Str("order"));
                Assert.Equal(0, (await merchant.GetFromJsonAsync<JsonElement>($"/v1/monitor/items?shop={a.Shop}")).GetProperty("total").GetInt32());
            },
            ["GET /v1/orders/{id}/events"] = () => SameAsUnknownAsync(a.Order, HttpStatusCode.NotFound, id => merchant.GetAsync($"/v1/orders/{id}/events")),
            ["GET /v1/rulepacks/rules"] = async () =>
                Assert.DoesNotContain(await Api.ItemsAsync(merchant, "/v1/rulepacks/rules"), r => r.Str("version") == aPack),
            ["GET /v1/rulepacks/{platform}/{version}"] = () => SameAsUnknownAsync(aPack, HttpStatusCode.NotFound, v => merchant.GetAsync($"/v1/rulepacks/tmall/{v}")),
            ["GET /v1/filings"] = async () =>
                Assert.Equal([b.Filing], (await Api.ItemsAsync(merchant, "/v1/filings")).Select(f => f.Str("filing"))),
            ["GET /v1/filings/{id}"] = () => SameAsUnknownAsync(a.Filing, HttpStatusCode.NotFound, id => merchant.GetAsync($"/v1/filings/{id}")),
            ["POST /v1/filings"] = () => SameAsUnknownAsync(a.Order, HttpStatusCode.NotFound,
                id => merchant.PostAsJsonAsync("/v1/filings", new { order = id, reason = "trace-mismatch" })),
            ["POST /v1/filings/{id}/decision"] = async () =>
            {
                await SameAsUnknownAsync(a.Filing, HttpStatusCode.Forbidden, id => merchant.PostAsJsonAsync($"/v1/filings/{id}/decision", new { approved = true }));
                await SameAsUnknownAsync(a.Filing, HttpStatusCode.NotFound, id => reviewer.PostAsJsonAsync($"/v1/filings/{id}/decision", new { approved = true }));
            },
            ["GET /v1/rulepacks"] = async () =>
                Assert.DoesNotContain(await Api.ItemsAsync(merchant, "/v1/rulepacks"), p => p.Str("version") == aPack),
            ["POST /v1/rulepacks"] = async () =>
            {
                Assert.Equal(HttpStatusCode.Created, (await merchant.PostAsync("/v1/rulepacks", Api.JsonContent(TmallPack("b-pack").ToJsonString()))).StatusCode);
                Assert.DoesNotContain(await Api.ItemsAsync(aClient, "/v1/rulepacks"), p => p.Str("version") == "b-pack");
            },
            ["POST /v1/webhooks"] = async () =>
            {
                Assert.Equal(HttpStatusCode.Created, (await merchant.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook-B2" })).StatusCode);
                Assert.Equal([a.Webhook], (await Api.ItemsAsync(aClient, "/v1/webhooks")).Select(h => h.Str("id")));
            },
            ["GET /v1/webhooks"] = async () =>
                Assert.All(await Api.ItemsAsync(merchant, "/v1/webhooks"), h => Assert.StartsWith("http://127.0.0.1:9/hook-B", h.Str("url"), StringComparison.Ordinal)),
            ["GET /v1/webhooks/{id}"] = () => SameAsUnknownAsync(a.Webhook, HttpStatusCode.NotFound, id => merchant.GetAsync($"/v1/webhooks/{id}")),
            ["DELETE /v1/webhooks/{id}"] = () => SameAsUnknownAsync(a.Webhook, HttpStatusCode.NotFound, id => merchant.DeleteAsync($"/v1/webhooks/{id}")),
            ["GET /v1/webhooks/deliveries"] = async () =>
            {
                var deliveries = await Api.ItemsAsync(merchant, "/v1/webhooks/deliveries");
                Assert.NotEmpty(deliveries);
                Assert.All(deliveries, d => Assert.Equal(b.Webhook, d.Str("webhook")));
            },
            ["POST /v1/webhooks/deliveries/{id}/redeliver"] = () => SameAsUnknownAsync(aDelivery, HttpStatusCode.NotFound,
                id => merchant.PostAsync($"/v1/webhooks/deliveries/{id}/redeliver", null)),
            ["GET /v1/indicators"] = async () =>
            {
                Assert.Equal([b.Shop], (await Api.ItemsAsync(merchant, "/v1/indicators")).Select(r => r.Str("key")));
                Assert.Empty(await Api.ItemsAsync(merchant, $"/v1/indicators?shop={a.Shop}"));
            },
            ["GET /v1/indicators/outlets/ranking"] = async () => Assert.Empty(await Api.ItemsAsync(merchant, "/v1/indicators/outlets/ranking")),
            ["POST /v1/indicators/outlet-ratings"] = async () =>
            {
                (await merchant.PostAsync("/v1/indicators/outlet-ratings", new StringContent("month,carrier,outlet,stars\n2024-06,zto,outlet-B,4\n",
                    System.Text.Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
                Assert.Equal([3], (await Api.ItemsAsync(aClient, "/v1/indicators/outlet-ratings")).Select(r => r.GetProperty("stars").GetInt32()));
            },
            ["GET /v1/indicators/outlet-ratings"] = async () =>
                Assert.Equal(["outlet-B"], (await Api.ItemsAsync(merchant, "/v1/indicators/outlet-ratings")).Select(r => r.Str("outlet"))),
            // B pushes a pickup for A's very tracking number through each adapter: it is B's scan (accepted, not a
            // duplicate) and must not retract A's pickup violation (A's findings are compared at the end).
            ["POST /v1/adapters/kuaidi100"] = async () => await AcceptedOneAsync(await merchant.PostAsync("/v1/adapters/kuaidi100", new FormUrlEncodedContent(
                [new("param", $$$"""{"status":"polling","lastResult":{"com":"shentong","nu":"STO-{{{a.Order}}}","data":[{"ftime":"2024-06-01 21:00:00","context":"已揽收"}]}}""")])),
                r => r.GetProperty("import")),
            ["POST /v1/adapters/kdniao"] = async () => await AcceptedOneAsync(await merchant.PostAsync("/v1/adapters/kdniao", new FormUrlEncodedContent(
                [new("RequestData", $$$"""{"Data":[{"ShipperCode":"STO","LogisticCode":"STO-{{{a.Order}}}","Traces":[{"AcceptTime":"2024-06-01 21:00:01","AcceptStation":"已揽收"}]}]}""")])),
                r => r.GetProperty("import")),
            ["POST /v1/adapters/aftership"] = async () => await AcceptedOneAsync(await merchant.PostAsync("/v1/adapters/aftership", Api.JsonContent(
                $$$"""{"msg":{"slug":"sto","tracking_number":"STO-{{{a.Order}}}","checkpoints":[{"checkpoint_time":"2024-06-01 21:00:02","message":"已揽收","tag":"InTransit","subtag":"InTransit_002"}]}}""")),
                r => r),
            ["POST /v1/adapters/csv"] = async () => await AcceptedOneAsync(await merchant.PostAsync("/v1/adapters/csv", new StringContent(
                $"order,shipped_at,carrier,tracking\n{a.Order},2024-06-01 20:30:00,sto,STO-B-{a.Order}\n", System.Text.Encoding.UTF8, "text/csv")), r => r),
            ["POST /v1/events"] = async () =>
            {
                // Last: B now sends A's very events (and A's Idempotency-Key with another body). Ids and keys are per
                // tenant, so nothing is a duplicate of A's; from here on B has an order with A's order id, of its own.
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = Api.Lines([.. a.Events, "{}"]) };
                request.Headers.Add("Idempotency-Key", "batch-A");
                var result = await Api.ReadAsync((await merchant.SendAsync(request)).EnsureSuccessStatusCode());
                Assert.Equal((2, 0, 1), (result.GetProperty("accepted").GetInt32(), result.GetProperty("duplicate").GetInt32(), result.GetProperty("rejected").GetInt32()));
            },
        };

        var endpoints = server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Except(NotTenantData).Order(StringComparer.Ordinal).ToList();
        Assert.True(endpoints.Except(probes.Keys).ToList() is { Count: 0 }, $"endpoints the walk does not cover: {string.Join(", ", endpoints.Except(probes.Keys))}");
        Assert.Empty(probes.Keys.Except(endpoints));

        foreach (var (endpoint, probe) in probes)
        {
            try
            {
                await probe();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{endpoint}: {ex.Message}");
            }
        }

        Assert.Empty(leaks.Found);
        Assert.Equal(aFindings, await Api.FindingTextsAsync(aClient));
        var aFiling = await aClient.GetFromJsonAsync<JsonElement>($"/v1/filings/{a.Filing}");
        Assert.Equal((a.Order, JsonValueKind.Null), (aFiling.Str("order"), aFiling.GetProperty("approved").ValueKind));
        Assert.Equal([a.Webhook], (await Api.ItemsAsync(aClient, "/v1/webhooks")).Select(h => h.Str("id")));
        Assert.Equal(aDeliveries, (await Api.ItemsAsync(aClient, "/v1/webhooks/deliveries")).Select(d => d.GetRawText()));
    }

    /// <summary>
    /// A tenant with a webhook (to a closed port: deliveries fail and wait to be retried), a never-picked-up Tmall order past its
    /// penalty (sent under an Idempotency-Key), and a filing for it; waits until the findings and their deliveries are stored.
    /// </summary>
    private static async Task<Tenant> TenantWithDataAsync(OwnedServer server, string name)
    {
        var (id, merchant, reviewer) = await server.TenantAsync(name);
        using var client = server.Client(merchant);
        var webhook = await Api.ReadAsync((await client.PostAsJsonAsync("/v1/webhooks", new { url = $"http://127.0.0.1:9/hook-{name}" })).EnsureSuccessStatusCode());
        var (order, shop) = ($"{name}-ORDER-1", $"{name.ToLowerInvariant()}-shop");
        var events = Ev.TmallNeverPickedUp(order, Paid, shop);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = Api.Lines(events) })
        {
            request.Headers.Add("Idempotency-Key", $"batch-{name}");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        await TestServer.Eventually(() => Api.HasFindingAsync(client, "kind=penalty"), $"{name}'s penalty");
        var filing = $"{name}-FILING-1";
        (await client.PostAsJsonAsync("/v1/filings", new { order, filing, reason = "trace-mismatch" })).EnsureSuccessStatusCode();
        // Each finding's delivery has made its first attempt (refused); the next waits for the clock, which stays put.
        await TestServer.Eventually(async () =>
                await Api.ItemsAsync(client, "/v1/webhooks/deliveries") is var deliveries
                && deliveries.Count == (await TestServer.FindingsAsync(client)).Count
                && deliveries.All(d => d.GetProperty("attempts").GetInt32() == 1),
            $"a first attempt to deliver each of {name}'s findings");
        return new Tenant(id, merchant, reviewer, order, shop, filing, webhook.Str("id"), events);
    }

    private static async Task AcceptedOneAsync(HttpResponseMessage response, Func<JsonElement, JsonElement> counts)
    {
        var result = counts(await Api.ReadAsync(response.EnsureSuccessStatusCode()));
        Assert.Equal((1, 0), (result.GetProperty("accepted").GetInt32(), result.GetProperty("duplicate").GetInt32()));
    }

    /// <summary>
    /// Asserts that the answer for another tenant's id is the answer for an id that never existed: same status, same
    /// body once the id itself (echoed from the request) and the per-request trace id are set aside.
    /// </summary>
    private static async Task SameAsUnknownAsync(string othersId, HttpStatusCode expected, Func<string, Task<HttpResponseMessage>> call)
    {
        var forOthers = await call(othersId);
        var forUnknown = await call(Unknown);
        Assert.Equal(expected, forOthers.StatusCode);
        Assert.Equal(forUnknown.StatusCode, forOthers.StatusCode);
        Assert.Equal(await ComparableAsync(forUnknown, Unknown), await ComparableAsync(forOthers, othersId));
    }

    private static async Task<string> ComparableAsync(HttpResponseMessage response, string id)
    {
        var body = (await response.Content.ReadAsStringAsync()).Replace(id, "{id}", StringComparison.Ordinal);
        if (body.Length == 0)
        {
            return body;
        }

        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }

    /// <summary>The findings replayed to a client that resumes from the beginning (Last-Event-ID 0), up to the live part.</summary>
    private static async Task<List<string>> StreamUntilConnectedAsync(HttpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stream");
        request.Headers.Add("Last-Event-ID", "0");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var data = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line && line != ": connected")
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }

        return data;
    }

    private static JsonNode TmallPack(string version)
    {
        var pack = JsonNode.Parse(File.ReadAllText(Repo.File("rules/tmall/2020-10-12.json")))!;
        pack["version"] = version;
        pack["effectiveFrom"] = "2030-01-01";
        return pack;
    }

    private static HttpClient Client(OwnedServer server, LeakCheck leaks, string key)
    {
        var client = new HttpClient(leaks, disposeHandler: false) { BaseAddress = server.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Notes every answer (but the event stream, checked by its probe) that holds one of another tenant's secrets the request did not carry.</summary>
    private sealed class LeakCheck(IReadOnlyList<string> secrets) : DelegatingHandler(new HttpClientHandler())
    {
        public List<string> Found { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = request.RequestUri + (request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                Found.AddRange(secrets.Where(s => body.Contains(s, StringComparison.Ordinal) && !sent.Contains(s, StringComparison.Ordinal))
                    .Select(s => $"{request.Method} {request.RequestUri}: '{s}'"));
            }

            return response;
        }
    }
}
