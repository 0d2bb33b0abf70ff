using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Luyue.Server.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>
/// A real server on a loopback port with its own SQLite directory and a manual clock: each test owns one. Call
/// <see cref="StartAsync"/>; dispose to stop it and delete its data (unless kept for a restart).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private WebApplication? app;

    public TestServer(Instant? start = null, string? data = null, params string[] settings)
    {
        Clock = new ManualClock(start ?? Instant.FromUtc(2024, 6, 1, 0, 0));
        Data = data ?? Directory.CreateTempSubdirectory("luyue-test-").FullName;
        Settings = settings;
    }

    public ManualClock Clock { get; }
    public string Data { get; }
    public string[] Settings { get; }
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    public string AdminKey { get; private set; } = "";
    public IServiceProvider Services => app!.Services;

    public async Task<TestServer> StartAsync(string? adminKey = null)
    {
        app = LuyueServer.Build(["--Luyue:Port=0", $"--Luyue:Data={Data}", "--Luyue:TickMilliseconds=20", "--Luyue:AllowPrivateWebhooks=true", .. Settings], Clock);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
        AdminKey = adminKey ?? app.Services.GetRequiredService<StoreInitializer>().CreatedAdminKey ?? throw new InvalidOperationException("no admin key created");
        await app.Services.GetRequiredService<EngineHost>().Ready;
        return this;
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A new tenant with a merchant key and a reviewer key.</summary>
    public async Task<(string Tenant, string Merchant, string Reviewer)> TenantAsync(string name = "tenant")
    {
        using var admin = Client(AdminKey);
        var tenant = await (await admin.PostAsJsonAsync("/v1/tenants", new { name })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = tenant.GetProperty("id").GetString()!;
        async Task<string> Key(string role) =>
            (await (await admin.PostAsJsonAsync($"/v1/tenants/{id}/keys", new { role })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("key").GetString()!;
        return (id, await Key("merchant"), await Key("reviewer"));
    }

    public static async Task<JsonElement> PostEventsAsync(HttpClient client, IEnumerable<string> lines)
    {
        var response = await client.PostAsync("/v1/events", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        return await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every finding of the caller's tenant (all pages) matching the query string.</summary>
    public static async Task<List<JsonElement>> FindingsAsync(HttpClient client, string query = "")
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/v1/findings?limit=1000{(query.Length > 0 ? "&" + query : "")}{(cursor is null ? "" : "&cursor=" + cursor)}";
            var page = await client.GetFromJsonAsync<JsonElement>(url);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetRawText();
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (the engines run on their own thread), or fails after a timeout.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"not within {timeoutMs} ms: {what}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    /// <summary>Stops the server but keeps its data directory (for restart tests).</summary>
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public void DeleteData()
    {
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on this platform: the temp directory is cleaned by the OS
        }
    }
}
