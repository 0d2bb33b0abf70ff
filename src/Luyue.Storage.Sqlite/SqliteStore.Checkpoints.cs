using Dapper;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// Checkpoints in the background: copying the WAL into the database file (and syncing both) took the writer's commit
/// tens of milliseconds every few tens of thousands of events, and every append and findings' flush waited for it
/// under the write lock. A passive checkpoint on a connection of its own copies the committed frames while the
/// writer goes on; it never takes the write lock. The writer still checkpoints itself once the WAL reaches
/// <see cref="CheckpointBytes"/>: by then only the frames since the last background pass are left to copy, and a
/// checkpoint that completes under the write lock is what lets the next write start the WAL again from its beginning
/// (a background pass always finds the writer has committed more meanwhile, so the WAL would otherwise only grow).
/// </summary>
public sealed partial class SqliteStore
{
    // Events appended between requests for a background checkpoint: at the 0.5–1 KiB of WAL an event makes, a few thousand pages.
    private const int CheckpointEvents = 10_000;

    private long _sinceCheckpoint;
    private readonly SemaphoreSlim _checkpointDue = new(0);
    private readonly Lock _checkpointStart = new();
    private Task? _checkpointer;
    private long _backgroundCheckpoints;

    /// <summary>Background checkpoints completed since the store opened.</summary>
    internal long BackgroundCheckpoints => Interlocked.Read(ref _backgroundCheckpoints);

    /// <summary>Counts a committed append's events, asking for a background checkpoint every <see cref="CheckpointEvents"/>.</summary>
    private void CountForCheckpoint(int events)
    {
        if (events == 0 || Interlocked.Add(ref _sinceCheckpoint, events) < CheckpointEvents)
        {
            return;
        }

        Interlocked.Exchange(ref _sinceCheckpoint, 0);
        lock (_checkpointStart)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            _checkpointer ??= Task.Run(CheckpointLoopAsync);
        }

        _checkpointDue.Release();
    }

    private async Task CheckpointLoopAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                await _checkpointDue.WaitAsync();
                // One pass copies everything committed so far: requests made while the last one ran are served by it.
                while (_checkpointDue.Wait(0))
                {
                }

                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                try
                {
                    connection ??= await OpenAsync(CancellationToken.None);
                    await connection.ExecuteAsync(Command("PRAGMA wal_checkpoint(PASSIVE)", null, null, CancellationToken.None));
                    Interlocked.Increment(ref _backgroundCheckpoints);
                }
                catch (SqliteException)
                {
                    // Nothing is lost: the writer's own checkpoint at CheckpointBytes copies what this pass did not.
                    // The next pass starts on a fresh connection.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Ends the background checkpoints (the store is disposed): the pass under way finishes first.</summary>
    private async Task StopCheckpointsAsync()
    {
        Task? checkpointer;
        lock (_checkpointStart)
        {
            checkpointer = _checkpointer;
        }

        if (checkpointer is not null)
        {
            _checkpointDue.Release();
            await checkpointer;
        }
    }
}
