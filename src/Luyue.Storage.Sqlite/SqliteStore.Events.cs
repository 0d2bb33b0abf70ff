using System.Buffers;
using System.Text;
using Dapper;
using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

public sealed partial class SqliteStore
{
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
                _fingerprints.Commit(committed.LastSequence);
                _logIndexed = committed.Indexed ?? _logIndexed;
            });
        CountForCheckpoint(appended.AddedCount);
        // The sync runs on the thread pool: the caller holds its own turn until this returns (ingestion's group commit).
        return new CommittedAppend(appended.Outcomes, Task.Run(() => SyncThroughAsync(commit), CancellationToken.None));
    }

    // The writer's buffers for one batch row's blobs, reused from append to append: touched only with the write lock held.
    private readonly ArrayBufferWriter<byte> _records = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _json = new(256 * 1024);
    private readonly ArrayBufferWriter<byte> _packedJson = new(128 * 1024);

    // The side index's next runs, built by the batch copy (IndexLogIfDue): touched only with the write lock held.
    private readonly LogIndex.Run _ordersRun = new(LogIndex.OrderKind);
    private readonly LogIndex.Run _scansRun = new(LogIndex.TrackingKind);

    /// <summary>
    /// Stores the events not stored yet, under the write lock, each batch's as one row of <c>event_batches</c>
    /// (0008-event-log-in-batches.sql). A (tenant, event id) whose fingerprint is stored, or came earlier in these
    /// batches, is the duplicate; the rest get the next sequences in order.
    /// </summary>
    private Appended Append(SQLitePCL.sqlite3 database, IReadOnlyList<EventBatch> batches, IReadOnlyList<EventFingerprint>[] fingerprints)
    {
        // Rows another process committed since this one last wrote carry ids that must count as stored too.
        _fingerprints.Begin(database);
        var next = LastStoredSequence(database) + 1;

        using var insert = Statement.Prepare(database, """
            INSERT INTO event_batches (last_sequence, first_sequence, tenant, events, json) VALUES (?1, ?2, ?3, ?4, ?5)
            """);
        var outcomes = new IReadOnlyList<AppendOutcome>[batches.Count];
        var added = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var (tenant, events, _) = batches[b];
            var first = next;
            _records.ResetWrittenCount();
            _json.ResetWrittenCount();
            var batchOutcomes = new AppendOutcome[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                if (!_fingerprints.TryAdd(fingerprints[b][i]))
                {
                    batchOutcomes[i] = AppendOutcome.Duplicate;
                    continue;
                }

                EventRecords.Write(events[i], _records, _json);
                batchOutcomes[i] = AppendOutcome.Accepted;
                added++;
                next++;
            }

            outcomes[b] = batchOutcomes;
            if (next > first)
            {
                insert.BindInt64(1, next - 1);
                insert.BindInt64(2, first);
                insert.BindText(3, tenant);
                insert.BindBlob(4, _records.WrittenSpan);
                BatchJson.Pack(_json.WrittenSpan, _packedJson);
                insert.BindBlob(5, _packedJson.WrittenSpan);
                insert.Execute();
            }
        }

        var lastSequence = added == 0 ? 0 : next - 1;
        return new Appended(outcomes, added, lastSequence, lastSequence == 0 ? null : IndexLogIfDue(database, lastSequence));
    }

    /// <summary>The last sequence the log holds (0 when empty): the last of its last batch.</summary>
    private static long LastStoredSequence(SQLitePCL.sqlite3 database)
    {
        using var last = Statement.Prepare(database, "SELECT coalesce(max(last_sequence), 0) FROM event_batches");
        Statement.Check(database, SQLitePCL.raw.sqlite3_step(last.Handle), SQLitePCL.raw.SQLITE_ROW);
        return SQLitePCL.raw.sqlite3_column_int64(last.Handle, 0);
    }

    /// <summary>Adds the fingerprints of a row of <c>event_batches</c> (columns: last sequence, tenant, records) to <paramref name="set"/>.</summary>
    private static void AddEventFingerprints(SQLitePCL.sqlite3_stmt row, Fingerprints set)
    {
        var tenant = SQLitePCL.raw.sqlite3_column_blob(row, 1);
        var records = SQLitePCL.raw.sqlite3_column_blob(row, 2);
        foreach (var record in EventRecords.Over(records))
        {
            set.Add(EventFingerprint.Of(tenant, records.Slice(record.EventId.Start, record.EventId.Length)));
        }
    }

    /// <summary>
    /// Once the log past the watermark spans <see cref="IndexBatch"/> sequences, indexes its scans by tenant and tracking
    /// number and its order events by tenant and order, as a new run of each kind in the side index
    /// (<see cref="LogIndex"/>), and moves the watermark to <paramref name="last"/> (the last sequence of a stored batch);
    /// the new watermark, or null when not due. Inside the caller's write transaction, so all of it commits or none does.
    /// </summary>
    private long? IndexLogIfDue(SQLitePCL.sqlite3 database, long last)
    {
        if (LogIndex.DueWatermark(database, "log_indexed", ref _logIndexed, last, IndexBatch) is not { } indexed)
        {
            return null;
        }

        using (var tail = Statement.Prepare(database, """
            SELECT first_sequence, tenant, events FROM event_batches WHERE last_sequence > ?1 AND last_sequence <= ?2 ORDER BY last_sequence
            """))
        {
            tail.BindInt64(1, indexed);
            tail.BindInt64(2, last);
            _ordersRun.Clear();
            _scansRun.Clear();
            int result;
            while ((result = SQLitePCL.raw.sqlite3_step(tail.Handle)) == SQLitePCL.raw.SQLITE_ROW)
            {
                var sequence = SQLitePCL.raw.sqlite3_column_int64(tail.Handle, 0);
                var tenant = SQLitePCL.raw.sqlite3_column_blob(tail.Handle, 1);
                var records = SQLitePCL.raw.sqlite3_column_blob(tail.Handle, 2);
                foreach (var record in EventRecords.Over(records))
                {
                    if (!record.Order.IsNull)
                    {
                        _ordersRun.Add(tenant, records.Slice(record.Order.Start, record.Order.Length), sequence);
                    }

                    if (!record.Tracking.IsNull)
                    {
                        _scansRun.Add(tenant, records.Slice(record.Tracking.Start, record.Tracking.Length), sequence);
                    }

                    sequence++;
                }
            }

            Statement.Check(database, result, SQLitePCL.raw.SQLITE_DONE);
        }

        LogIndex.AddRuns(database, last, "log_index_runs", "log_indexed", _scansRun, _ordersRun);
        return last;
    }

    /// <summary>
    /// An append's outcomes; how many events it stored and, for <see cref="Fingerprints.Commit"/>, the last sequence (0:
    /// none); and the side index's watermark it moved to, if it did.
    /// </summary>
    private sealed record Appended(IReadOnlyList<AppendOutcome>[] Outcomes, int AddedCount, long LastSequence, long? Indexed);

    // The reads below, named so that a test can check their query plans: every one is a keyed lookup or a range of keys.
    internal const string BatchesAfterSql =
        "SELECT first_sequence, tenant, events, json FROM event_batches WHERE last_sequence > $after ORDER BY last_sequence";
    internal const string BatchHoldingSql =
        "SELECT first_sequence, tenant, events, json FROM event_batches WHERE last_sequence >= $sequence ORDER BY last_sequence LIMIT 1";
    internal const string TailSql =
        "SELECT last_sequence, first_sequence, events FROM event_batches WHERE last_sequence > (SELECT sequence FROM log_indexed WHERE id = 1) AND tenant = $tenant ORDER BY last_sequence";
    internal const string JsonOfBatchSql = "SELECT json FROM event_batches WHERE last_sequence = $last";
    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            await using var command = Select(connection, null, BatchesAfterSql, ("$after", afterSequence));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<StoredEvent>();
            while (events.Count < limit && await reader.ReadAsync(cancellationToken))
            {
                var batch = StoredBatch.Read(reader);
                for (var i = 0; i < batch.Records.Count && events.Count < limit; i++)
                {
                    if (batch.First + i > afterSequence)
                    {
                        events.Add(batch.Event(i));
                    }
                }
            }

            return events;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadOrderEventsAsync(string tenant, string order, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var key = Encoding.UTF8.GetBytes(order);
        return ReadIndexedAsync(tenant, LogIndex.OrderKind, [key], limit, (record, records) => record.Order.Is(records, key), cancellationToken);
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

        var keys = trackings.Select(Encoding.UTF8.GetBytes).ToList();
        return ReadIndexedAsync(tenant, LogIndex.TrackingKind, keys, limit,
            (record, records) => keys.Exists(key => record.Tracking.Is(records, key)), cancellationToken);
    }

    /// <summary>
    /// Events of one order or of some numbers, in sequence order: those up to the side index's watermark by the
    /// sequences <see cref="LogIndex"/> holds under the keys' hashes (each read from the batch that holds it, and kept if
    /// it is the tenant's and <paramref name="wanted"/>: another key may share a hash), the rest (fewer than
    /// <see cref="IndexBatch"/> sequences) by a scan of the tenant's batches past the watermark, filtered the same way.
    /// One read transaction, so both parts come from one snapshot and are disjoint.
    /// </summary>
    private Task<IReadOnlyList<StoredEvent>> ReadIndexedAsync(
        string tenant, int kind, IReadOnlyList<byte[]> keys, int limit, Func<EventRecord, byte[], bool> wanted,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var tenantBytes = Encoding.UTF8.GetBytes(tenant);
        return ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            await using var snapshot = connection.BeginTransaction(deferred: true);
            var sequences = new List<long>();
            foreach (var hash in keys.Select(key => LogIndex.KeyHash(tenantBytes, key)).Distinct())
            {
                await using var command = Select(connection, snapshot, LogIndex.BlocksSql, ("$kind", kind), ("$hash", hash));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (!reader.IsDBNull(0))
                    {
                        LogIndex.Find(reader.GetFieldValue<byte[]>(0), hash, sequences);
                    }
                }
            }

            sequences.Sort();
            var events = new List<StoredEvent>(Math.Min(sequences.Count, limit));
            StoredBatch? batch = null;
            foreach (var sequence in sequences.Distinct())
            {
                if (events.Count == limit)
                {
                    break;
                }

                if (batch is null || sequence > batch.Last)
                {
                    await using var command = Select(connection, snapshot, BatchHoldingSql, ("$sequence", sequence));
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    batch = await reader.ReadAsync(cancellationToken) ? StoredBatch.Read(reader) : null;
                }

                if (batch is not null && sequence >= batch.First && batch.Tenant == tenant
                    && wanted(batch.Records[checked((int)(sequence - batch.First))], batch.RecordBytes))
                {
                    events.Add(batch.Event(checked((int)(sequence - batch.First))));
                }
            }

            if (events.Count == limit)
            {
                return events;
            }

            // The tail: the records first (the JSON's pages stay unread), then the JSON of the batches that hold a match.
            var matches = new List<(long Last, long First, byte[] Records, List<int> Found)>();
            await using (var command = Select(connection, snapshot, TailSql, ("$tenant", tenant)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var records = reader.GetFieldValue<byte[]>(2);
                    var decoded = EventRecords.Read(records);
                    var found = Enumerable.Range(0, decoded.Count).Where(i => wanted(decoded[i], records)).ToList();
                    if (found.Count > 0)
                    {
                        matches.Add((reader.GetInt64(0), reader.GetInt64(1), records, found));
                    }
                }
            }

            foreach (var (last, first, records, found) in matches)
            {
                byte[] json;
                await using (var command = Select(connection, snapshot, JsonOfBatchSql, ("$last", last)))
                {
                    json = (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
                }

                var tail = new StoredBatch(first, tenant, records, json);
                foreach (var i in found.TakeWhile(_ => events.Count < limit))
                {
                    events.Add(tail.Event(i));
                }
            }

            return events;
        }, cancellationToken);
    }

    private static SqliteCommand Select(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    public Task<long> CountEventsAsync(string? tenant, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<long>(Command(
            "SELECT coalesce(sum(last_sequence - first_sequence + 1), 0) FROM event_batches" + (tenant is null ? "" : " WHERE tenant = @tenant"),
            new { tenant }, null, cancellationToken)), cancellationToken);

    /// <summary>A row of <c>event_batches</c> as read, its records decoded: the events of sequences <see cref="First"/>..<see cref="Last"/>.</summary>
    /// <param name="json">The row's <c>json</c> blob as stored (<see cref="BatchJson"/>).</param>
    private sealed class StoredBatch(long first, string tenant, byte[] records, byte[] json)
    {
        private readonly byte[] json = BatchJson.Unpack(json);

        public long First { get; } = first;

        public string Tenant => tenant;

        /// <summary>The records blob, which <see cref="Records"/>' slices point into.</summary>
        public byte[] RecordBytes => records;

        public List<EventRecord> Records { get; } = EventRecords.Read(records);

        public long Last => First + Records.Count - 1;

        /// <summary>A row read by a statement whose columns are first_sequence, tenant, events, json.</summary>
        public static StoredBatch Read(SqliteDataReader reader) =>
            new(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3));

        public StoredEvent Event(int index)
        {
            var record = Records[index];
            return new StoredEvent(First + index, tenant, record.EventId.ToString(records)!, record.Order.ToString(records), record.Partition,
                Columns.Instant(record.At), Columns.Instant(record.ReceivedAt), Encoding.UTF8.GetString(json, record.JsonStart, record.JsonLength));
        }
    }
}
