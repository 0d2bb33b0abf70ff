using Dapper;
using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string EventColumns = "sequence, tenant, event_id AS EventId, order_id AS OrderId, partition, at, received_at AS ReceivedAt, json";

    public async Task<IReadOnlyList<AppendOutcome>> AppendEventsAsync(
        string tenant, IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(events);
        return (await AppendEventBatchesAsync([new EventBatch(tenant, events)], cancellationToken))[0];
    }

    public async Task<IReadOnlyList<IReadOnlyList<AppendOutcome>>> AppendEventBatchesAsync(
        IReadOnlyList<EventBatch> batches, CancellationToken cancellationToken)
    {
        var committed = await CommitEventBatchesAsync(batches, cancellationToken);
        await committed.Durable;
        return committed.Outcomes;
    }

    /// <summary>Durable once the WAL has been synced through the commit, which the returned task does off the write lock.</summary>
    public async Task<CommittedAppend> CommitEventBatchesAsync(IReadOnlyList<EventBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        // Hashed before the write lock is taken, unless the caller did it before its own serial section (ingestion's
        // writer's turn): the writer's time is what every other append waits for.
        var fingerprints = new IReadOnlyList<EventFingerprint>[batches.Count];
        for (var b = 0; b < batches.Count; b++)
        {
            var (tenant, events, given) = batches[b];
            ArgumentNullException.ThrowIfNull(tenant);
            ArgumentNullException.ThrowIfNull(events);
            if (given is not null)
            {
                ArgumentOutOfRangeException.ThrowIfNotEqual(given.Count, events.Count, nameof(EventBatch.Fingerprints));
                fingerprints[b] = given;
                continue;
            }

            var computed = new EventFingerprint[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                computed[i] = EventFingerprint.Of(tenant, events[i].EventId);
            }

            fingerprints[b] = computed;
        }

        if (batches.All(batch => batch.Events.Count == 0))
        {
            return new CommittedAppend(batches.Select(_ => (IReadOnlyList<AppendOutcome>)[]).ToList(), Task.CompletedTask);
        }

        var (appended, commit) = await CommitAsync(
            (connection, _) => Task.FromResult(Append(connection.Handle!, batches, fingerprints)),
            cancellationToken,
            committed =>
            {
                _fingerprints.Commit(committed.Added, committed.LastSequence);
                _logIndexed = committed.Indexed ?? _logIndexed;
            });
        CountForCheckpoint(appended.Added.Count);
        // The sync runs on the thread pool: the caller holds its own turn until this returns (ingestion's group commit).
        return new CommittedAppend(appended.Outcomes, Task.Run(() => SyncThroughAsync(commit), CancellationToken.None));
    }

    /// <summary>
    /// Inserts the events not stored yet, under the write lock. A (tenant, event id) whose fingerprint is stored, or
    /// came earlier in these batches, is the duplicate; the rest are inserted in order, so their sequences follow it.
    /// </summary>
    private Appended Append(SQLitePCL.sqlite3 database, IReadOnlyList<EventBatch> batches, IReadOnlyList<EventFingerprint>[] fingerprints)
    {
        // Rows another process committed since this one last wrote carry ids that must count as stored too.
        _fingerprints.CatchUp(database);
        using var insert = Statement.Prepare(database, """
            INSERT INTO events (tenant, event_id, order_id, partition, at, received_at, json, tracking)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """);
        var outcomes = new IReadOnlyList<AppendOutcome>[batches.Count];
        var added = new HashSet<EventFingerprint>(batches.Sum(batch => batch.Events.Count));
        for (var b = 0; b < batches.Count; b++)
        {
            var (tenant, events, _) = batches[b];
            insert.BindText(1, tenant);
            var batchOutcomes = new AppendOutcome[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                if (_fingerprints.Contains(fingerprints[b][i]) || !added.Add(fingerprints[b][i]))
                {
                    batchOutcomes[i] = AppendOutcome.Duplicate;
                    continue;
                }

                var e = events[i];
                insert.BindText(2, e.EventId);
                insert.BindText(3, e.Order);
                insert.BindInt64(4, e.Partition);
                insert.BindInt64(5, Columns.Millis(e.At));
                insert.BindInt64(6, Columns.Millis(e.ReceivedAt));
                insert.BindUtf8(7, e.Json.Span);
                insert.BindText(8, e.Tracking);
                insert.Execute();
                batchOutcomes[i] = AppendOutcome.Accepted;
            }

            outcomes[b] = batchOutcomes;
        }

        // last_insert_rowid is the connection's last insert of any kind: only meaningful when this append inserted.
        var last = added.Count == 0 ? 0 : SQLitePCL.raw.sqlite3_last_insert_rowid(database);
        return new Appended(outcomes, added, last, last == 0 ? null : IndexLogIfDue(database, last));
    }

    /// <summary>
    /// Once the log past the watermark spans <see cref="IndexBatch"/> sequences, copies the (tenant, tracking, sequence)
    /// of its scans into <c>scans_by_tracking</c> and the (tenant, order, sequence) of its order events into
    /// <c>events_by_order</c>, each in key order, and moves the watermark to <paramref name="last"/>
    /// (0005-tracking-index-in-batches.sql, 0006-order-index-in-batches.sql); the new watermark, or null when not due.
    /// Inside the append's transaction, so all of it commits or none does.
    /// </summary>
    private long? IndexLogIfDue(SQLitePCL.sqlite3 database, long last)
    {
        if (_logIndexed is { } known && last - known < IndexBatch)
        {
            return null;
        }

        // The stored watermark decides: another process on the file may have moved it.
        long indexed;
        using (var select = Statement.Prepare(database, "SELECT sequence FROM log_indexed WHERE id = 1"))
        {
            Statement.Check(database, SQLitePCL.raw.sqlite3_step(select.Handle), SQLitePCL.raw.SQLITE_ROW);
            indexed = SQLitePCL.raw.sqlite3_column_int64(select.Handle, 0);
        }

        if (last - indexed < IndexBatch)
        {
            _logIndexed = indexed;
            return null;
        }

        CopyTail(database, indexed, last, """
            INSERT INTO scans_by_tracking (tenant, tracking, sequence)
            SELECT tenant, tracking, sequence FROM events WHERE sequence > ?1 AND sequence <= ?2 AND tracking IS NOT NULL
            ORDER BY tenant, tracking, sequence
            """);
        CopyTail(database, indexed, last, """
            INSERT INTO events_by_order (tenant, order_id, sequence)
            SELECT tenant, order_id, sequence FROM events WHERE sequence > ?1 AND sequence <= ?2 AND order_id IS NOT NULL
            ORDER BY tenant, order_id, sequence
            """);
        using (var move = Statement.Prepare(database, "UPDATE log_indexed SET sequence = ?1 WHERE id = 1"))
        {
            move.BindInt64(1, last);
            move.Execute();
        }

        return last;
    }

    /// <summary>Runs a copy of the log's sequences (<paramref name="after"/>, <paramref name="through"/>] into a side table.</summary>
    private static void CopyTail(SQLitePCL.sqlite3 database, long after, long through, string sql)
    {
        using var copy = Statement.Prepare(database, sql);
        copy.BindInt64(1, after);
        copy.BindInt64(2, through);
        copy.Execute();
    }

    /// <summary>
    /// An append's outcomes; for <see cref="Fingerprints.Commit"/> what it stored (sequence 0: nothing); and the
    /// side tables' watermark it moved to, if it did.
    /// </summary>
    private sealed record Appended(IReadOnlyList<AppendOutcome>[] Outcomes, IReadOnlyCollection<EventFingerprint> Added, long LastSequence, long? Indexed);

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            var rows = await connection.QueryAsync<EventRow>(Command(
                $"SELECT {EventColumns} FROM events WHERE sequence > @afterSequence ORDER BY sequence LIMIT @limit",
                new { afterSequence, limit }, null, cancellationToken));
            return rows.Select(row => row.ToStored()).ToList();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadOrderEventsAsync(string tenant, string order, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // Order events up to the watermark through events_by_order's key, the rest (fewer than IndexBatch sequences) by a
        // range scan of the log past it; as for scans below, one statement reads both parts from one snapshot.
        return ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            var rows = await connection.QueryAsync<EventRow>(Command(
                $"""
                SELECT {EventColumns} FROM events
                WHERE sequence IN (SELECT sequence FROM events_by_order WHERE tenant = @tenant AND order_id = @order)
                UNION ALL
                SELECT {EventColumns} FROM events
                WHERE sequence > (SELECT sequence FROM log_indexed WHERE id = 1) AND tenant = @tenant AND order_id = @order
                ORDER BY sequence LIMIT @limit
                """,
                new { tenant, order, limit }, null, cancellationToken));
            return rows.Select(row => row.ToStored()).ToList();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadTrackingEventsAsync(
        string tenant, IReadOnlyCollection<string> trackings, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (trackings.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        // Scans up to the watermark through scans_by_tracking's key, the rest (fewer than IndexBatch sequences) by a
        // range scan of the log past it; the two parts are disjoint, and one statement reads both from one snapshot.
        return ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            var rows = await connection.QueryAsync<EventRow>(Command(
                $"""
                SELECT {EventColumns} FROM events
                WHERE sequence IN (SELECT sequence FROM scans_by_tracking WHERE tenant = @tenant AND tracking IN @trackings)
                UNION ALL
                SELECT {EventColumns} FROM events
                WHERE sequence > (SELECT sequence FROM log_indexed WHERE id = 1) AND tenant = @tenant AND tracking IN @trackings
                ORDER BY sequence LIMIT @limit
                """,
                new { tenant, trackings = trackings.ToArray(), limit }, null, cancellationToken));
            return rows.Select(row => row.ToStored()).ToList();
        }, cancellationToken);
    }

    public Task<long> CountEventsAsync(string? tenant, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<long>(Command(
            tenant is null ? "SELECT count(*) FROM events" : "SELECT count(*) FROM events WHERE tenant = @tenant",
            new { tenant }, null, cancellationToken)), cancellationToken);

    private sealed record EventRow(long Sequence, string Tenant, string EventId, string? OrderId, long Partition, long At, long ReceivedAt, string Json)
    {
        public StoredEvent ToStored() =>
            new(Sequence, Tenant, EventId, OrderId, checked((int)Partition), Columns.Instant(At), Columns.Instant(ReceivedAt), Json);
    }
}
