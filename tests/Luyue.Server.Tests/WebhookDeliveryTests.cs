using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Server.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>
/// Webhooks: each finding is POSTed to every URL the tenant registered, signed (HMAC-SHA256 over timestamp and body),
/// retried with exponential backoff on the server's clock, parked as dead after the last attempt and sent again on
/// request; loopback and private-range targets are refused unless configuration allows them.
/// </summary>
public class WebhookDeliveryTests
{
    // A Tmall order paid 06-01 08:00 (+08:00) and never shipped: one finding, the ship-timeout violation at 06-02 08:00.
    private const string Paid =
        """{"id":"w1","type":"order.paid","at":"2024-06-01T08:00:00+08:00","platform":"tmall","shop":"tm-shop-1","order":"TM-W","amount":200.00,"items":[{"item":"SKU-C","qty":1,"amount":200.00}],"buyer":{"name":"张伟","phone":"13700000003","province":"上海市","city":"上海市","address":"浦东新区世纪大道3号"},"seller":{"province":"浙江省","city":"杭州市"}}""";

    private static readonly Instant ShipDeadline = Instant.FromUtc(2024, 6, 2, 0, 0);

    [Fact]
    public async Task A_failing_receiver_is_retried_with_exponential_backoff_until_it_takes_the_delivery()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = attempt => attempt <= 3 ? 500 : 200;
        var server = await new TestServer(ShipDeadline - Duration.FromHours(12)).StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            receiver.Secret = await RegisterAsync(client, receiver.Url);
            await ServerProbes.PostAsync(client, [Paid]);

            var first = ShipDeadline + Duration.FromSeconds(1);
            server.Clock.Set(first);
            // Attempts at t, t+1 s, t+3 s, t+7 s: each waits 1 s, 2 s, 4 s after the previous one.
            var expected = new[] { first, first + Duration.FromSeconds(1), first + Duration.FromSeconds(3), first + Duration.FromSeconds(7) };
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                await TestServer.Eventually(() => Task.FromResult(receiver.Requests.Count == attempt), $"attempt {attempt}");
                var pending = await WaitForDeliveryAsync(client, "pending", d => d.GetProperty("attempts").GetInt32() == attempt);
                Assert.Equal("HTTP 500", pending.GetProperty("lastError").GetString());
                Assert.Equal(expected[attempt], Time(pending.GetProperty("nextAttemptAt")));
                server.Clock.Set(expected[attempt]);
            }

            var delivered = await WaitForDeliveryAsync(client, "delivered", _ => true);
            Assert.Equal(4, delivered.GetProperty("attempts").GetInt32());
            Assert.Equal(JsonValueKind.Null, delivered.GetProperty("lastError").ValueKind);

            var requests = receiver.Requests.ToList();
            Assert.Equal(expected.Select(t => t.ToUnixTimeSeconds()), requests.Select(r => r.Timestamp));
            Assert.All(requests, r => Assert.True(r.SignatureValid, $"signature of attempt at {r.Timestamp}"));
            Assert.All(requests, r => Assert.Equal(delivered.GetProperty("id").GetString(), r.Delivery));
            Assert.Single(requests.Select(r => r.Body).Distinct());
            var finding = Assert.Single(await TestServer.FindingsAsync(client));
            Assert.Equal(finding.GetRawText(), requests[0].Body);
            Assert.Equal("violation", finding.GetProperty("kind").GetString());
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task After_the_last_attempt_a_delivery_is_dead_listed_and_can_be_redelivered()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Answer = _ => 500;
        var server = await new TestServer(ShipDeadline - Duration.FromHours(12), null, "--Luyue:WebhookMaxAttempts=3").StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            receiver.Secret = await RegisterAsync(client, receiver.Url);
            await ServerProbes.PostAsync(client, [Paid]);

            var first = ShipDeadline + Duration.FromSeconds(1);
            server.Clock.Set(first);
            await TestServer.Eventually(() => Task.FromResult(receiver.Requests.Count == 1), "attempt 1");
            await WaitForDeliveryAsync(client, "pending", d => d.GetProperty("attempts").GetInt32() == 1);
            server.Clock.Set(first + Duration.FromSeconds(1));
            await TestServer.Eventually(() => Task.FromResult(receiver.Requests.Count == 2), "attempt 2");
            await WaitForDeliveryAsync(client, "pending", d => d.GetProperty("attempts").GetInt32() == 2);
            server.Clock.Set(first + Duration.FromSeconds(3));

            var dead = await WaitForDeliveryAsync(client, "dead", _ => true);
            Assert.Equal(3, dead.GetProperty("attempts").GetInt32());
            Assert.Equal("HTTP 500", dead.GetProperty("lastError").GetString());
            Assert.Empty(await DeliveriesAsync(client, "pending"));
            Assert.Equal(3, receiver.Requests.Count);

            // The receiver is fixed; the tenant sends the dead delivery again.
            receiver.Answer = _ => 200;
            var id = dead.GetProperty("id").GetString();
            var redeliver = await client.PostAsync($"/v1/webhooks/deliveries/{id}/redeliver", null);
            Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);

            var delivered = await WaitForDeliveryAsync(client, "delivered", _ => true);
            Assert.Equal(id, delivered.GetProperty("id").GetString());
            Assert.Empty(await DeliveriesAsync(client, "dead"));
            var requests = receiver.Requests.ToList();
            Assert.Equal(4, requests.Count);
            Assert.All(requests, r => Assert.True(r.SignatureValid));
            Assert.Equal(id, requests[^1].Delivery);
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://localhost:9000/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.5/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]:9000/hook")]
    [InlineData("http://[fd12:3456::1]/hook")]
    public async Task Without_AllowPrivateWebhooks_loopback_and_private_targets_are_refused(string url)
    {
        // TestServer allows private targets (its receivers listen on loopback); a later setting overrides it.
        var server = await new TestServer(null, null, "--Luyue:AllowPrivateWebhooks=false").StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            var response = await client.PostAsJsonAsync("/v1/webhooks", new { url });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var reason = problem.GetProperty("errors").GetProperty("url")[0].GetString()!;
            Assert.Contains("internal address", reason, StringComparison.Ordinal);
            Assert.Contains("AllowPrivateWebhooks", reason, StringComparison.Ordinal);
            Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/v1/webhooks")).GetProperty("items").EnumerateArray());

            // A public address is accepted, and a URL that is not http(s) refused for that reason.
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/v1/webhooks", new { url = "https://203.0.113.10/hook" })).StatusCode);
            var ftp = await client.PostAsJsonAsync("/v1/webhooks", new { url = "ftp://203.0.113.10/hook" });
            Assert.Equal(HttpStatusCode.BadRequest, ftp.StatusCode);
            Assert.Contains("http or https", await ftp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    private static async Task<string> RegisterAsync(HttpClient client, string url)
    {
        var response = await client.PostAsJsonAsync("/v1/webhooks", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    private static async Task<List<JsonElement>> DeliveriesAsync(HttpClient client, string state) =>
        (await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/deliveries?state={state}")).GetProperty("items").EnumerateArray().ToList();

    /// <summary>The one delivery in <paramref name="state"/> once it satisfies <paramref name="condition"/>.</summary>
    private static async Task<JsonElement> WaitForDeliveryAsync(HttpClient client, string state, Func<JsonElement, bool> condition)
    {
        JsonElement found = default;
        await TestServer.Eventually(async () =>
        {
            var list = await DeliveriesAsync(client, state);
            if (list.Count == 1 && condition(list[0]))
            {
                found = list[0];
                return true;
            }

            return false;
        }, $"a {state} delivery");
        return found;
    }

    private static Instant Time(JsonElement text) =>
        InstantText.TryParse(text.GetString()!, out var instant) ? instant : throw new FormatException(text.GetRawText());

    /// <summary>What the receiver saw of one request.</summary>
    internal sealed record Received(string Delivery, long Timestamp, string Body, bool SignatureValid);

    /// <summary>
    /// A webhook receiver on 127.0.0.1 (a port of its own): records each request, checks its signature with the
    /// webhook's secret as a tenant's receiver would, and answers <see cref="Answer"/>(n) to the n-th attempt of a delivery.
    /// </summary>
    internal sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);

        private Receiver(WebApplication app) => this.app = app;

        public ConcurrentQueue<Received> Requests { get; } = new();

        public Func<int, int> Answer { get; set; } = _ => 200;

        public string Secret { get; set; } = "";

        public string Url => app.Urls.First() + "/hook";

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                var body = await reader.ReadToEndAsync();
                var delivery = http.Request.Headers["Luyue-Delivery"].ToString();
                var timestamp = long.Parse(http.Request.Headers[WebhookSigner.TimestampHeader].ToString(), CultureInfo.InvariantCulture);
                var valid = WebhookSigner.Verify(receiver.Secret, timestamp, body, http.Request.Headers[WebhookSigner.SignatureHeader].ToString());
                receiver.Requests.Enqueue(new Received(delivery, timestamp, body, valid));
                return Results.StatusCode(receiver.Answer(receiver.attempts.AddOrUpdate(delivery, 1, (_, n) => n + 1)));
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
