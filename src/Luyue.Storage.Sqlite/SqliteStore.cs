using System.Data;
using Dapper;
using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes are serialised inside the process (one writer at a time, as
/// SQLite allows) and take the database write lock up front; reads use their own pooled connections and never wait for
/// a writer. A completed write has been synced to disk, so it survives kill -9 and power loss: the commit writes the WAL
/// and the store syncs it after giving up the write lock (<see cref="SyncThroughAsync"/>), so the next write does not
/// wait for this one's sync (docs/decisions/0005-wal-synced-outside-the-write-lock.md). Safe to call from several threads.
/// </summary>
public sealed partial class SqliteStore : IStore
{
    /// <summary>The database file created inside a data directory.</summary>
    public const string FileName = "luyue.db";

    // Another process holding the write lock (a CLI next to the server, say) is waited for this long before failing.
    private const int BusyTimeoutMilliseconds = 10_000;

    // WAL bytes after which a commit checkpoints itself (see OpenAsync), as pages of the file's size. The background
    // checkpoint (SqliteStore.Checkpoints.cs) does most of the copying long before; this one, under the write lock,
    // copies what is left and lets the next write restart the WAL from its start.
    private const int CheckpointBytes = 80 << 20;

    // The page size of a database this store creates: 16 KiB, not SQLite's 4 KiB. An append writes its batch's blobs
    // (about 300 KiB of JSON per 1,000 events) as overflow pages, each a WAL frame of its own with its header, checksum
    // and write call; a quarter as many frames took 10-15 % of the append's CPU off (docs/performance.md). A file made
    // before keeps its size: in WAL mode SQLite changes it only by VACUUM.
    private const int PageSize = 16 << 10;

    // The file's page size as the first connection found it (0: not yet; every connection of a file has the same).
    private long _pageSize;

    private readonly string _connectionString;

    // Not disposed with the store: an in-flight write still releases it, and it never allocates a wait handle.
    private readonly SemaphoreSlim _writer = new(1, 1);

    // The writer's own connection, kept open between writes and touched only with _writer held: a pooled connection
    // per write ran the connection's pragmas each time, and started its transaction with whatever page cache the pool
    // handed out (a reader's, say). A larger page cache for it made no difference measurable here (docs/performance.md).
    private SqliteConnection? _writerConnection;

    // Scans by tracking number and order events by order are indexed in batches (0005-tracking-index-in-batches.sql,
    // 0006-order-index-in-batches.sql): once the unindexed tail spans this many sequences, the append that gets there
    // indexes it. Measured outside .NET, batches of 50,000 brought an append's CPU and bytes written nearly back to what
    // they were without the tracking index; a read scans at most this many rows of the log past the watermark.
    internal const int IndexBatch = 50_000;

    // The side tables' watermark as this process last read or moved it (null: not read yet); touched only by the writer.
    private long? _logIndexed;

    // Findings by order and by shop are indexed the same way (0011-findings-index-in-blocks.sql), once the unindexed
    // tail holds this many findings: a read by order or shop scans at most this many rows past the watermark (a few
    // milliseconds), and a million events (30,000-70,000 findings) make a handful of runs.
    internal const int FindingIndexBatch = 10_000;

    // The findings' watermark as this process last read or moved it (null: not read yet); touched only by the writer.
    private long? _findingsIndexed;

    // Decide duplicates in place of unique indexes; touched only by the writer (SqliteStore.Events.cs, .Findings.cs).
    private readonly Fingerprints _fingerprints = new(
        "SELECT last_sequence, tenant, events FROM event_batches WHERE last_sequence > ?1 ORDER BY last_sequence", AddEventFingerprints);
    private readonly Fingerprints _findingFingerprints = Fingerprints.OfColumn("findings", "finding_key");

    // Commits are numbered in order (under the writer's lock, once COMMIT has written them to the WAL); _synced is the
    // last one known to be on disk. One sync at a time (_syncing), covering every commit written before it began, so
    // writers that commit while a sync runs share the next one. The WAL's path is known once the writer has opened.
    private long _committed;
    private long _synced;
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private string? _walPath;
    private int _disposed;

    private SqliteStore(string connectionString) => _connectionString = connectionString;

    /// <summary>A store over the database a connection string names; an in-memory database is refused.</summary>
    /// <exception cref="ArgumentException">The connection string names an in-memory or temporary database.</exception>
    public static SqliteStore Open(string connectionString) => new(SqliteConnectionStrings.Durable(connectionString));

    /// <summary>A store over <see cref="FileName"/> inside <paramref name="dataDirectory"/>; both are created on first use.</summary>
    public static SqliteStore OpenDataDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new(SqliteConnectionStrings.ForFile(Path.Combine(dataDirectory, FileName)));
    }

    /// <summary>
    /// Applies the embedded migrations not yet recorded in <c>schema_version</c>, all in one transaction; then loads the
    /// stored events' and findings' fingerprints (a second or so per million rows) and indexes a tail of the log or of
    /// the findings that is due for its side index, so the first write waits for neither.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction) =>
        {
            // Inside the write transaction, so two processes starting on the same file migrate one after the other.
            await connection.ExecuteAsync(Command(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT",
                null, transaction, cancellationToken));
            var applied = (await connection.QueryAsync<long>(Command("SELECT version FROM schema_version", null, transaction, cancellationToken)))
                .ToHashSet();
            foreach (var migration in Migration.All.Where(m => !applied.Contains(m.Version)))
            {
                await connection.ExecuteAsync(Command(migration.Sql, null, transaction, cancellationToken));
                await connection.ExecuteAsync(Command(
                    "INSERT INTO schema_version (version, name) VALUES (@Version, @Name)",
                    new { migration.Version, migration.Name }, transaction, cancellationToken));
            }
        }, cancellationToken);
        await WriteAsync((connection, _) =>
        {
            _fingerprints.Begin(connection.Handle!);
            _findingFingerprints.Begin(connection.Handle!);
            // A tail of the log or of the findings already due for its side index (all of it, after 0010 or 0011 emptied
            // the index) is indexed now, as one run, rather than by the first write, which would hold every client's
            // write for it.
            var database = connection.Handle!;
            return Task.FromResult((
                Log: IndexLogIfDue(database, LastStoredSequence(database)),
                Findings: IndexFindingsIfDue(database, LastFindingSequence(database))));
        }, cancellationToken, indexed =>
        {
            _logIndexed = indexed.Log ?? _logIndexed;
            _findingsIndexed = indexed.Findings ?? _findingsIndexed;
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // After the write in flight, if any: the writer's connection is closed under the writer's turn.
            await _writer.WaitAsync();
            try
            {
                if (_writerConnection is { } writer)
                {
                    _writerConnection = null;
                    await writer.DisposeAsync();
                }
            }
            finally
            {
                _writer.Release();
            }

            await StopCheckpointsAsync();

            // Idle pooled connections keep the file open; close them so the file can be reopened, moved or deleted.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    private Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction that holds the database write lock from its start; then, once
    /// it has committed and while this store is still the only writer, <paramref name="committed"/> with its result.
    /// Completes once the commit is durable.
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken, Action<T>? committed = null)
    {
        var (result, commit) = await CommitAsync(work, cancellationToken, committed);
        await SyncThroughAsync(commit);
        return result;
    }

    /// <summary>
    /// <see cref="WriteAsync{T}"/> without the wait for durability: completes once the transaction has committed and the
    /// write lock is released, with the commit's number for <see cref="SyncThroughAsync"/>.
    /// </summary>
    private async Task<(T Result, long Commit)> CommitAsync<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken, Action<T>? committed)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var connection = _writerConnection ??= await OpenAsync(cancellationToken);
            _walPath ??= SQLitePCL.raw.sqlite3_db_filename(connection.Handle!, "main").utf8_to_string() + "-wal";
            try
            {
                // BEGIN IMMEDIATE: a deferred transaction that reads and then writes can fail with SQLITE_BUSY when
                // another process wrote in between, without waiting; taking the write lock first makes it wait instead.
                await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                // Numbered after COMMIT has returned, so its frames are in the WAL file before any sync that sees the number.
                var commit = Interlocked.Increment(ref _committed);
                committed?.Invoke(result);
                return (result, commit);
            }
            catch
            {
                // Whatever state a failed write left the connection in, the next write starts on a fresh one.
                _writerConnection = null;
                await connection.DisposeAsync();
                throw;
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Completes once commit number <paramref name="commit"/> is on disk: syncs the WAL file unless a sync that began
    /// after that commit has already completed. A sync covers every commit whose frames were written before it began, so
    /// it records the latest number at its start. If the WAL file is gone, the last connection closed it, which
    /// checkpoints it into the database file and syncs that first (SQLite's WAL close), so the commit is durable there.
    /// </summary>
    /// <remarks>
    /// The WAL is opened and closed here by path. Closing a file descriptor drops the POSIX locks the process holds on
    /// that file, but SQLite locks only the database and the -shm files, never the WAL.
    /// </remarks>
    private async Task SyncThroughAsync(long commit)
    {
        if (Volatile.Read(ref _synced) >= commit)
        {
            return;
        }

        await _syncing.WaitAsync(CancellationToken.None);
        try
        {
            if (Volatile.Read(ref _synced) >= commit)
            {
                return;
            }

            var through = Volatile.Read(ref _committed);
            try
            {
                using var wal = File.OpenHandle(_walPath!, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                RandomAccess.FlushToDisk(wal);
            }
            catch (FileNotFoundException)
            {
                // Checkpointed and deleted by the last connection's close (see summary).
            }

            Volatile.Write(ref _synced, through);
        }
        finally
        {
            _syncing.Release();
        }
    }

    /// <summary>Commits made, and commits known to be on disk, by number: a completed write never leaves the second behind its own.</summary>
    internal (long Committed, long Synced) Durability => (Volatile.Read(ref _committed), Volatile.Read(ref _synced));

    /// <summary>The WAL file <see cref="SyncThroughAsync"/> syncs (null until the first write).</summary>
    internal string? WalPath => _walPath;

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // journal_mode is stored in the file (readers then never block the writer, nor it them); synchronous and
            // busy_timeout belong to the connection, so every connection sets them. NORMAL: a commit writes the WAL
            // without syncing it, and WriteAsync syncs it once the write lock is released (SyncThroughAsync), so a
            // completed write is as durable as under FULL while the next writer need not wait for the disk. NORMAL still
            // syncs the WAL before each checkpoint, the database after it, and the WAL header when the WAL is reused.
            // A commit checkpoints (copies the WAL into the database, then syncs it) only past CheckpointBytes rather
            // than SQLite's 1,000 pages: at 1,000 nearly every append of 1,000 events paid for a checkpoint too; and the
            // background checkpoint keeps the copying off the write lock (docs/performance.md). Durability is
            // unchanged: a write completes only once the WAL is synced through its commit either way. page_size takes
            // effect only on a file not created yet (see PageSize).
            await connection.ExecuteAsync(Command(
                $"PRAGMA page_size = {PageSize}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};",
                null, null, cancellationToken));
            if (Volatile.Read(ref _pageSize) == 0)
            {
                Volatile.Write(ref _pageSize, await connection.ExecuteScalarAsync<long>(Command("PRAGMA page_size", null, null, cancellationToken)));
            }

            await connection.ExecuteAsync(Command($"PRAGMA wal_autocheckpoint = {CheckpointBytes / Volatile.Read(ref _pageSize)}", null, null, cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static CommandDefinition Command(string sql, object? parameters, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
