using Npgsql;

namespace Luyue.Storage.Postgres.Tests;

/// <summary>
/// A database of the test class's own (luyue_test_&lt;guid&gt;), dropped after the class; each test gets a fresh schema
/// in it, which the store reaches through its search path, so every test starts from an empty store.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private NpgsqlConnectionStringBuilder? _database;
    private int _schemas;

    public async Task InitializeAsync()
    {
        // Without a server there is nothing to create: each test then fails or is skipped, saying why.
        if (PostgresServer.ConnectionString is not { } server)
        {
            return;
        }

        var database = new NpgsqlConnectionStringBuilder(server) { Database = $"luyue_test_{Guid.NewGuid():N}" };
        await ExecuteAsync(server, $"CREATE DATABASE {database.Database}");
        _database = database;
    }

    /// <summary>A new empty schema in the class's database.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var database = _database ?? throw new InvalidOperationException(PostgresServer.Missing);
        var schema = $"test_{Interlocked.Increment(ref _schemas)}";
        await ExecuteAsync(database.ConnectionString, $"CREATE SCHEMA {schema}");
        return schema;
    }

    /// <summary>The connection string a store over <paramref name="schema"/> uses.</summary>
    public string ConnectionString(string schema) =>
        new NpgsqlConnectionStringBuilder(_database!.ConnectionString) { SearchPath = schema }.ConnectionString;

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            // FORCE closes any connection a store left in its pool.
            await ExecuteAsync(PostgresServer.ConnectionString!, $"DROP DATABASE IF EXISTS {_database.Database} WITH (FORCE)");
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
