using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Luyue.Core.Findings;

namespace Luyue.Server.Tests;

/// <summary>
/// The heavy tests (thousands of events, a child process): they run one at a time, after the others, so that they neither
/// starve the timing-sensitive tests of the two cores nor are starved by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTests
{
    public const string Name = "heavy";
}

/// <summary>What the tests ask a running server (in-process or a child process) through its HTTP API only.</summary>
internal static class ServerProbes
{
    /// <summary>For requests that carry or return thousands of events, on a busy two-core machine running a Debug build.</summary>
    public static readonly TimeSpan HeavyTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Posts events as JSON Lines; the parsed answer, or the failure with the server's body.</summary>
    public static async Task<JsonElement> PostAsync(HttpClient client, IEnumerable<string> lines)
    {
        using var response = await client.PostAsync("/v1/events", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /v1/events: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every finding of the caller's tenant, parsed, in sequence order.</summary>
    public static async Task<List<Finding>> FindingsAsync(HttpClient client) =>
        (await TestServer.FindingsAsync(client)).Select(Streams.Parse).ToList();

    /// <summary>One sample of /metrics (a metric without labels).</summary>
    public static async Task<double> MetricAsync(HttpClient client, string name)
    {
        var text = await client.GetStringAsync("/metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/metrics has no {name}:\n{text}");
    }

    /// <summary>
    /// Waits until the engines have applied everything acknowledged so far and stored its findings. /metrics asks every
    /// partition for its statistics, a question that queues behind the work already handed over, and answers once the
    /// findings derived up to that question are stored (EngineHost.StatsAsync).
    /// </summary>
    public static async Task SettledAsync(HttpClient client)
    {
        await TestServer.Eventually(async () => (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "the server is ready", 60_000);
        await MetricAsync(client, "luyue_open_orders");
    }

    /// <summary>Polls until the server's findings, taken through <paramref name="view"/>, equal <paramref name="expected"/>; fails with the difference.</summary>
    public static async Task EventuallySameAsync(HttpClient client, IReadOnlyList<string> expected, Func<IReadOnlyList<Finding>, List<string>> view,
        string what, int timeoutMs = 60_000)
    {
        List<string> actual = [];
        try
        {
            await TestServer.Eventually(async () =>
            {
                actual = view(await FindingsAsync(client));
                return actual.SequenceEqual(expected, StringComparer.Ordinal);
            }, what, timeoutMs);
        }
        catch (TimeoutException)
        {
            Streams.AssertSame(expected, actual, what);
        }
    }

    /// <summary>A tenant made through the admin API: its id and a merchant key.</summary>
    public static async Task<(string Tenant, string Merchant)> TenantAsync(HttpClient admin, string name)
    {
        var tenant = await (await admin.PostAsJsonAsync("/v1/tenants", new { name })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = tenant.GetProperty("id").GetString()!;
        var key = await (await admin.PostAsJsonAsync($"/v1/tenants/{id}/keys", new { role = "merchant" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        return (id, key.GetProperty("key").GetString()!);
    }
}
