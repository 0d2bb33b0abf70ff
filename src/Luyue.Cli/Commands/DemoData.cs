using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Storage;
using Luyue.Server.Auth;
using Luyue.Simulation;
using NodaTime;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue serve --demo</c>: a tenant with a merchant and a reviewer key, and a generated stream whose payments run
/// from a few days before now to a day after. What has happened by now is posted at start; a feeder posts the rest as
/// its time comes, so the workbench fills with warnings, violations and penalties while one watches. Everything goes
/// through the HTTP API, as an integrator's would.
/// </summary>
internal sealed class DemoData(IStore store, IClock clock, Uri server, TextWriter output)
{
    public const string Tenant = "demo";

    /// <summary>Orders of the demo stream, and how many a day: about four days of payments.</summary>
    private const int Orders = 2400;

    private const int OrdersPerDay = 600;

    /// <summary>How far before now the first payment is: enough for orders past their 48 h and 72 h deadlines.</summary>
    private static readonly Duration History = Duration.FromDays(3);

    private const int Batch = 5000;

    /// <summary>Creates the tenant and its keys (printed), posts the events up to now, and returns the feeder of the rest.</summary>
    public async Task<Func<CancellationToken, Task>> StartAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var seeded = await store.GetTenantAsync(Tenant, ct) is not null && await store.CountEventsAsync(Tenant, ct) > 0;
        await store.CreateTenantAsync(Tenant, "演示商家 Demo shop", now, ct);
        var merchant = await KeyAsync(Role.Merchant, now, ct);
        var reviewer = await KeyAsync(Role.Reviewer, now, ct);
        output.WriteLine($"Demo merchant key: {merchant}");
        output.WriteLine($"Demo reviewer key: {reviewer}");
        output.WriteLine($"Workbench: {new Uri(server, "/")}#key={merchant}");

        using var client = Client(merchant);
        if (seeded)
        {
            // The stream was timed for the first start: posting it again would only find duplicates.
            output.WriteLine("Demo data: already loaded in this data directory (use a new --data for a fresh, living stream)");
            return _ => Task.CompletedTask;
        }

        var (past, future) = Generate(now - History);
        await PostAsync(client, past, ct);
        output.WriteLine($"Demo data: {Counted.Of(past.Count, "event")} posted, {future.Count} to come as their time arrives");
        return feedCt => FeedAsync(merchant, future, feedCt);
    }

    private async Task<string> KeyAsync(Role role, Instant now, CancellationToken ct)
    {
        var key = ApiKeys.NewKey();
        await store.AddApiKeyAsync(new ApiKey(ApiKeys.NewId("k"), Tenant, role, ApiKeys.Hash(key), now), ct);
        return key;
    }

    /// <summary>The generated lines split at now: those that have happened (in arrival order) and the rest by event time.</summary>
    private static (List<string> Past, List<(Instant At, string Line)> Future) Generate(Instant start)
    {
        using var buffer = new MemoryStream();
        new EventGenerator().WriteTo(buffer, new GeneratorOptions { Orders = Orders, OrdersPerDay = OrdersPerDay, Seed = 7, Start = start });
        var past = new List<string>();
        var future = new List<(Instant, string)>();
        var now = start + History;
        foreach (var line in Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            // The stream's closing clock event would move the engines to its end at once.
            if (document.RootElement.GetProperty("type").GetString() == "clock"
                || !InstantText.TryParse(document.RootElement.GetProperty("at").GetString() ?? "", out var at))
            {
                continue;
            }

            if (at <= now)
            {
                past.Add(line);
            }
            else
            {
                future.Add((at, line));
            }
        }

        return (past, [.. future.OrderBy(f => f.Item1)]);
    }

    private async Task FeedAsync(string key, List<(Instant At, string Line)> future, CancellationToken ct)
    {
        using var client = Client(key);
        var next = 0;
        while (next < future.Count && !ct.IsCancellationRequested)
        {
            var now = clock.GetCurrentInstant();
            var due = new List<string>();
            while (next < future.Count && future[next].At <= now)
            {
                due.Add(future[next++].Line);
            }

            try
            {
                await PostAsync(client, due, ct);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException ex)
            {
                output.WriteLine($"Demo feeder: {ex.Message}");
            }
        }
    }

    private static async Task PostAsync(HttpClient client, List<string> lines, CancellationToken ct)
    {
        for (var i = 0; i < lines.Count; i += Batch)
        {
            using var content = new StringContent(string.Join('\n', lines.Skip(i).Take(Batch)), Encoding.UTF8, "application/x-ndjson");
            (await client.PostAsync("/v1/events", content, ct)).EnsureSuccessStatusCode();
        }
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
