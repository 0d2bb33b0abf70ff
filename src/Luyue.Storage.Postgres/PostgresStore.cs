using System.Data;
using Dapper;
using Luyue.Core.Storage;
using Npgsql;

namespace Luyue.Storage.Postgres;

/// <summary>
/// The production store over an <see cref="NpgsqlDataSource"/> (its pool). Several server nodes may share one database:
/// migrations, event appends and finding inserts each take a transaction-scoped advisory lock, so nodes migrate one
/// at a time and sequences are handed out in commit order; readers never wait. A completed write is durable as the
/// server's <c>synchronous_commit</c> makes it (on by default: flushed to the WAL before the commit returns).
/// Safe to call from several threads.
/// </summary>
public sealed partial class PostgresStore : IStore
{
    // The advisory lock space is shared by every application on the server: the first key is Luyue's ("Luye" in ASCII).
    private const int AdvisoryLockSpace = 0x4C75_7965;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>A store over a data source the caller owns (and disposes).</summary>
    public PostgresStore(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgresStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>A store with its own data source, closed when the store is disposed.</summary>
    public static PostgresStore Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString), ownsDataSource: true);

    /// <summary>
    /// Applies the embedded migrations not yet recorded in <c>schema_version</c>, all in one transaction (DDL is
    /// transactional in PostgreSQL). Nodes starting together wait on an advisory lock, so each script runs once.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await LockAsync(connection, transaction, AdvisoryLock.Migrations, cancellationToken);
            await connection.ExecuteAsync(Command(
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL)",
                null, transaction, cancellationToken));
            var applied = (await connection.QueryAsync<int>(Command("SELECT version FROM schema_version", null, transaction, cancellationToken)))
                .ToHashSet();
            foreach (var migration in Migration.All.Where(m => !applied.Contains(m.Version)))
            {
                await connection.ExecuteAsync(Command(migration.Sql, null, transaction, cancellationToken));
                await connection.ExecuteAsync(Command(
                    "INSERT INTO schema_version (version, name) VALUES (@Version, @Name)",
                    new { migration.Version, migration.Name }, transaction, cancellationToken));
            }
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }

    private Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a READ COMMITTED transaction (the default). Writers that take an advisory lock
    /// rely on it: each statement after the lock sees everything committed before the lock was granted.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection: reads, and writes of a single statement (atomic on their own).</summary>
    private async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>Waits for a lock held until the transaction ends; only Luyue's own writers contend for it.</summary>
    private static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AdvisoryLock key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command(
            "SELECT pg_advisory_xact_lock(@space, @key)", new { space = AdvisoryLockSpace, key = (int)key }, transaction, cancellationToken));

    private static CommandDefinition Command(string sql, object? parameters, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private enum AdvisoryLock
    {
        Migrations = 1,
        EventAppends = 2,
        FindingInserts = 3,
    }
}
