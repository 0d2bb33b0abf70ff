using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Luyue.Server;
using Luyue.Server.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Luyue.ServerBenchmarks;

/// <summary>
/// The server as <c>luyue serve</c> runs it, in this process, on a loopback port and the system clock: SQLite in a fresh
/// temporary directory, or PostgreSQL in a fresh database made from <c>--store</c> (dropped afterwards).
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string data;
    private readonly string? postgres;
    private readonly string? database;

    private BenchServer(WebApplication app, string data, string? postgres, string? database)
    {
        this.app = app;
        this.data = data;
        this.postgres = postgres;
        this.database = database;
    }

    public Uri BaseAddress => new(app.Urls.First());

    public string AdminKey { get; private set; } = "";

    public EngineHost Host => app.Services.GetRequiredService<EngineHost>();

    public Ingestion Ingestion => app.Services.GetRequiredService<Ingestion>();

    public string StoreName => database is null ? $"SQLite ({data})" : $"PostgreSQL (database {database})";

    public static async Task<BenchServer> StartAsync(string? store, IEnumerable<string> extra)
    {
        var data = Directory.CreateTempSubdirectory("luyue-bench-").FullName;
        var settings = new List<string> { "--Luyue:Port=0", $"--Luyue:Data={data}" };
        string? database = null;
        if (store is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(store) { Database = $"luyue_bench_{Guid.NewGuid():N}" };
            database = builder.Database;
            await ExecuteAsync(store, $"CREATE DATABASE {database}");
            settings.Add($"--Luyue:Store={builder.ConnectionString}");
        }

        settings.AddRange(extra);
        // The composition root of this benchmark: the one place it hands the system clock to the server.
        var app = LuyueServer.Build([.. settings], NodaTime.SystemClock.Instance, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var server = new BenchServer(app, data, store, database)
        {
            AdminKey = app.Services.GetRequiredService<StoreInitializer>().CreatedAdminKey ?? throw new InvalidOperationException("no admin key"),
        };
        await server.Host.Ready;
        return server;
    }

    /// <summary>A new tenant and a merchant key for it.</summary>
    public async Task<string> TenantKeyAsync(string name)
    {
        using var admin = Client(AdminKey);
        var tenant = await (await admin.PostAsJsonAsync("/v1/tenants", new { name })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = tenant.GetProperty("id").GetString();
        var key = await (await admin.PostAsJsonAsync($"/v1/tenants/{id}/keys", new { role = "merchant" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        return key.GetProperty("key").GetString()!;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Returns once the engines have applied everything handed to them so far and stored its findings.</summary>
    public Task DrainedAsync() => Host.SettledAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (database is not null)
        {
            await ExecuteAsync(postgres!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        Directory.Delete(data, recursive: true);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
