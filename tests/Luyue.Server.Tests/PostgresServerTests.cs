using Luyue.Storage.Compliance;
using NodaTime;
using Npgsql;

namespace Luyue.Server.Tests;

/// <summary>
/// The server over PostgreSQL (<c>--Luyue:Store=CONNECTION</c>): the smoke, replay-equality and restart tests, each on
/// a database of its own, created from <c>LUYUE_TEST_POSTGRES</c> (./test.sh starts a throwaway server and sets it)
/// and dropped afterwards.
/// </summary>
[PostgresServerAvailable]
[Collection(HeavyTests.Name)]
public class PostgresServerTests
{
    [StoreFact]
    public Task Events_in_give_findings_out() => WithDatabaseAsync(async settings =>
    {
        var server = await new TestServer(Instant.FromUtc(2020, 11, 14, 0, 0), null, settings).StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            var result = await ServerProbes.PostAsync(client, File.ReadAllLines(SmokeTests.SharedExamples("douyin-ship-timeout.jsonl")));
            Assert.Equal(4, result.GetProperty("accepted").GetInt32());
            await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "order=DY-2001&kind=violation")).Count == 3,
                "three ship-timeout violations");
            var violations = await TestServer.FindingsAsync(client, "order=DY-2001&kind=violation");
            Assert.Equal(["2020-11-10T22:11:53+08:00", "2020-11-11T22:11:53+08:00", "2020-11-12T22:11:53+08:00"],
                violations.Select(v => v.GetProperty("at").GetString()));
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    });

    [StoreFact]
    public Task A_stream_sent_in_one_batch_gives_exactly_the_replays_findings() => WithDatabaseAsync(ReplayEqualityTests.OneBatchAsync);

    [StoreFact]
    public Task A_stream_sent_in_batches_of_500_leaves_the_replays_findings_standing() => WithDatabaseAsync(ReplayEqualityTests.BatchesAsync);

    [StoreFact]
    public Task After_a_restart_the_findings_are_the_same_and_every_event_is_stored_once() => WithDatabaseAsync(DurabilityTests.RestartAsync);

    /// <summary>Runs <paramref name="test"/> with the settings of a new, empty database, dropped afterwards.</summary>
    private static async Task WithDatabaseAsync(Func<string[], Task> test)
    {
        var server = PostgresServerAvailableAttribute.ConnectionString ?? throw new InvalidOperationException(PostgresServerAvailableAttribute.Missing);
        var database = new NpgsqlConnectionStringBuilder(server) { Database = $"luyue_server_test_{Guid.NewGuid():N}" };
        await ExecuteAsync(server, $"CREATE DATABASE {database.Database}");
        try
        {
            await test([$"--Luyue:Store={database.ConnectionString}"]);
        }
        finally
        {
            // FORCE closes what a stopped server's pool may still hold open.
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database.Database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// Skips the PostgreSQL server tests on a developer's machine without <c>LUYUE_TEST_POSTGRES</c>; under <c>CI=true</c> they
/// run and fail, saying what to set (as tests/Luyue.Storage.Postgres.Tests does).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PostgresServerAvailableAttribute : StoreAvailabilityAttribute
{
    public const string Variable = "LUYUE_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Missing =>
        $"{Variable} is not set. Run ./test.sh, which starts a throwaway PostgreSQL and sets it, or set it to a server's " +
        $"connection string, e.g. {Variable}='Host=127.0.0.1;Port=55432;Username=luyue;Password=luyue;Database=postgres'." +
        (OnCi ? " CI must run the PostgreSQL tests, so they fail instead of being skipped." : "");

    public override string? SkipReason => ConnectionString is null && !OnCi ? Missing : null;
}
