using Luyue.Core.Storage;
using Luyue.Storage.Compliance;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Luyue.Storage.Sqlite.Tests;

/// <summary>The compliance suite over SQLite files in a temporary directory, plus what only a file can show.</summary>
public sealed partial class SqliteStoreTests : StoreCompliance
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("luyue-sqlite-");
    private int _databases;

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(Path.Combine(_directory.FullName, $"store-{Interlocked.Increment(ref _databases)}.db"));

    protected override IStore OpenStore(string database) => SqliteStore.Open($"Data Source={database}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task An_acknowledged_append_is_on_disk_before_the_store_is_closed()
    {
        await Store.AppendEventsAsync("t1", [Event("e1"), Event("e2")], Ct);

        // Copying the files while the store is still open leaves what kill -9 would: nothing held in the process.
        var crashed = _directory.CreateSubdirectory("crashed");
        foreach (var file in _directory.GetFiles("store-1.db*").Where(f => !f.Name.EndsWith("-shm", StringComparison.Ordinal)))
        {
            file.CopyTo(Path.Combine(crashed.FullName, file.Name));
        }

        await using var recovered = SqliteStore.Open($"Data Source={Path.Combine(crashed.FullName, "store-1.db")}");
        await recovered.MigrateAsync(Ct);
        Assert.Equal(["e1", "e2"], (await recovered.ReadEventsAsync(0, 10, Ct)).Select(e => e.EventId));
    }

    [Fact]
    public async Task Every_write_completes_only_once_the_wal_is_synced_through_its_commit()
    {
        var store = (SqliteStore)Store;
        // Concurrent writers of every kind: appends, group appends, findings. Each, once complete, must find its own
        // commit synced; commits are numbered in order, so "synced through at least as many as were made when it began
        // waiting" is checked by reading the counters right after each write.
        var writes = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var before = store.Durability.Committed;
                if (i % 3 == 0)
                {
                    await Store.AddFindingsAsync([Finding("t1", $"k-{writer}-{i}")], Ct);
                }
                else
                {
                    var committed = await Store.CommitEventBatchesAsync([new EventBatch($"t{writer}", [Event($"e{i}")])], Ct);
                    await committed.Durable;
                }

                var (_, synced) = store.Durability;
                Assert.True(synced > before, $"writer {writer}, write {i}: synced through {synced}, yet {before} commits were made before it");
            }
        }));
        await Task.WhenAll(writes);

        var (made, onDisk) = store.Durability;
        Assert.Equal(made, onDisk);
        Assert.Equal(8 * 20 - 8 * 7, await Store.CountEventsAsync(null, Ct));
    }

    [Fact]
    public async Task The_file_the_store_syncs_is_the_databases_wal()
    {
        await Store.AppendEventsAsync("t1", [Event("e1")], Ct);

        // A sync of a file that is not there counts as done (the WAL was closed into the database), so a wrong path
        // would pass every other test while syncing nothing.
        var wal = ((SqliteStore)Store).WalPath;
        Assert.Equal(Path.Combine(_directory.FullName, "store-1.db-wal"), wal);
        Assert.True(File.Exists(wal), "the WAL exists while the store is open");
    }

    [Fact]
    public async Task Checkpoints_run_in_the_background_and_the_wal_stays_bounded_under_sustained_appends()
    {
        // 60 appends of 1,000 events of 2 KB: about 30,000 WAL pages, well past the writer's own checkpoint at 20,000.
        var padding = new string('x', 2_000);
        for (var append = 0; append < 60; append++)
        {
            await Store.AppendEventsAsync("t1", [.. Enumerable.Range(append * 1_000, 1_000).Select(i => Event($"e{i}", json: $$"""{"id":"e{{i}}","pad":"{{padding}}"}"""))], Ct);
        }

        var store = (SqliteStore)Store;
        // The passes run on a task of their own, which a loaded machine may not even have started by the last append
        // (this once failed so in CI, the appends done in 0.28 s): the last pass asked for is given time to finish.
        for (var waited = 0; store.BackgroundCheckpoints == 0 && waited < 3_000; waited++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(store.BackgroundCheckpoints > 0, "the appends asked for background checkpoints");
        // Without a checkpoint that lets the WAL start again it would hold every page written: 120 MB and more.
        var wal = new FileInfo(store.WalPath!).Length;
        Assert.True(wal < 24_000L * 4_096, $"the WAL grew to {wal:N0} bytes");
        Assert.Equal(60_000, await Store.CountEventsAsync(null, Ct));
    }

    [Fact]
    public async Task Fingerprints_given_with_a_batch_decide_duplicates_as_those_the_store_computes_and_reads_back()
    {
        static EventBatch Given(string tenant, params string[] ids) =>
            new(tenant, ids.Select(id => Event(id)).ToList(), ids.Select(id => EventFingerprint.Of(tenant, id)).ToList());

        var first = await Store.AppendEventBatchesAsync([Given("商家", "订单-1", "e2"), Given("t2", "e2")], Ct);
        Assert.Equal([[AppendOutcome.Accepted, AppendOutcome.Accepted], [AppendOutcome.Accepted]], first);
        // Stored with given fingerprints, found by computed ones, and the other way round.
        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Accepted], await Store.AppendEventsAsync("商家", [Event("订单-1"), Event("e3")], Ct));
        Assert.Equal([[AppendOutcome.Duplicate, AppendOutcome.Accepted]], await Store.AppendEventBatchesAsync([Given("商家", "e3", "e4")], Ct));

        // A restart fingerprints the stored rows from their UTF-8 columns: the given ones must match those.
        var reopened = await ReopenAsync();
        Assert.Equal([[AppendOutcome.Duplicate, AppendOutcome.Duplicate, AppendOutcome.Accepted]],
            await reopened.AppendEventBatchesAsync([Given("商家", "订单-1", "e4", "e5")], Ct));
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_sees_the_events_and_findings_the_first_stored_since_it_opened()
    {
        // As a command line beside the server would be: both opened, then both writing.
        await using var other = SqliteStore.Open($"Data Source={Database}");
        await other.MigrateAsync(Ct);
        await Store.AppendEventsAsync("t1", [Event("e1")], Ct);
        await Store.AddFindingsAsync([Finding("t1", "k1")], Ct);

        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Accepted], await other.AppendEventsAsync("t1", [Event("e1"), Event("e2")], Ct));
        Assert.Equal(["k2"], (await other.AddFindingsAsync([Finding("t1", "k1"), Finding("t1", "k2")], Ct)).Select(f => f.FindingKey));
        Assert.Empty(await Store.AddFindingsAsync([Finding("t1", "k2")], Ct));
    }

    [Fact]
    public async Task A_batch_whose_fingerprints_do_not_match_its_events_is_refused()
    {
        var batch = new EventBatch("t1", [Event("e1"), Event("e2")], [EventFingerprint.Of("t1", "e1")]);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.AppendEventBatchesAsync([batch], Ct));
        Assert.Equal(0, await Store.CountEventsAsync(null, Ct));
    }

    [Fact]
    public async Task A_database_made_before_the_event_log_lost_its_unique_index_keeps_its_events_and_their_duplicates()
    {
        // A file as the first release left it: only 0001 applied, events under the unique (tenant, event_id) index.
        var database = Path.Combine(_directory.FullName, "from-0001.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var create = connection.CreateCommand();
            await using var script = typeof(SqliteStore).Assembly.GetManifestResourceStream("schema/0001-initial.sql")!;
            create.CommandText = await new StreamReader(script).ReadToEndAsync(Ct) + """
                ;CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
                INSERT INTO schema_version VALUES (1, '0001-initial');
                INSERT INTO events (sequence, tenant, event_id, order_id, partition, at, received_at, json)
                VALUES (7, 't1', 'old-1', 'O-1', 3, 1, 2, '{"id":"old-1"}'), (9, 't2', 'old-2', NULL, 0, 3, 4, '{"id":"old-2","type":"scan","tracking":"YT1"}');
                INSERT INTO findings (sequence, tenant, finding_key, kind, rule, order_id, at, json)
                VALUES (4, 't1', 'fk-1', 'violation', 'tmall.ship-timeout', 'O-1', 5, '{}');
                """;
            await create.ExecuteNonQueryAsync(Ct);
        }

        await using var store = SqliteStore.Open($"Data Source={database}");
        await store.MigrateAsync(Ct);

        Assert.Equal([(7L, "t1", "old-1", "O-1"), (9L, "t2", "old-2", null)],
            (await store.ReadEventsAsync(0, 10, Ct)).Select(e => (e.Sequence, e.Tenant, e.EventId, e.Order)));
        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Accepted, AppendOutcome.Duplicate],
            await store.AppendEventsAsync("t1", [Event("old-1"), Event("old-2"), Event("old-2")], Ct));
        Assert.Equal(10, Assert.Single(await store.ReadEventsAsync(9, 10, Ct)).Sequence);
        // 0004 backfilled the stored scan's number from its json, and 0005 moved it into scans_by_tracking; 0006 moved
        // the order's entry from the index events_by_order into the table of that name; 0010 dropped both for the side
        // index in blocks, which the store rebuilds from the log once its tail is long enough (here the whole log is
        // the tail, read by a scan).
        Assert.Equal("old-2", Assert.Single(await store.ReadTrackingEventsAsync("t2", ["YT1"], 10, Ct)).EventId);
        Assert.Equal([7L, 10L], (await store.ReadOrderEventsAsync("t1", "O-1", 10, Ct)).Select(e => e.Sequence));
        Assert.Empty(await IndexesOfEventsAsync(database));
        // 0008 made each stored event a batch of its own, its sequence and columns kept, written as the store writes them.
        Assert.Equal(3, await store.CountEventsAsync(null, Ct));
        Assert.Equal(
            [(7L, "t1", "O-1", "old-1", 3, 1L, 2L, """{"id":"old-1"}"""), (9L, "t2", null, "old-2", 0, 3L, 4L, """{"id":"old-2","type":"scan","tracking":"YT1"}""")],
            (await store.ReadEventsAsync(0, 2, Ct)).Select(e =>
                (e.Sequence, e.Tenant, e.Order, e.EventId, e.Partition, e.At.ToUnixTimeMilliseconds(), e.ReceivedAt.ToUnixTimeMilliseconds(), e.Json)));
        Assert.Equal(0, await LogWatermarkAsync(database));
        // 0007 rebuilt findings without their unique index, sequences kept; the stored key is still a duplicate.
        Assert.Equal([5L], (await store.AddFindingsAsync([Finding("t1", "fk-1"), Finding("t1", "fk-2")], Ct)).Select(f => f.Sequence));
        Assert.Equal([4L, 5L], (await store.QueryFindingsAsync(new FindingQuery("t1"), Ct)).Items.Select(f => f.Sequence));
        // 0011 dropped the order and shop indexes of findings for the findings' side index; below its batch, a scan finds them.
        Assert.Equal([4L, 5L], (await store.QueryFindingsAsync(new FindingQuery("t1") { Order = "O-1" }, Ct)).Items.Select(f => f.Sequence));
        Assert.Equal([5L], (await store.QueryFindingsAsync(new FindingQuery("t1") { Shop = "shop-1" }, Ct)).Items.Select(f => f.Sequence));
    }

    [Theory]
    // The statements SqliteStore's reads of the event log run: each must find its rows by key, or by a range of keys,
    // never by scanning a whole table.
    [InlineData(nameof(LogIndex.BlocksSql), "SEARCH log_index_blocks USING INDEX log_index_blocks_by_key (kind=? AND run=? AND first<?)")]
    [InlineData(nameof(SqliteStore.BatchHoldingSql), "SEARCH event_batches USING INTEGER PRIMARY KEY (rowid>?)")]
    [InlineData(nameof(SqliteStore.BatchesAfterSql), "SEARCH event_batches USING INTEGER PRIMARY KEY (rowid>?)")]
    [InlineData(nameof(SqliteStore.TailSql), "SEARCH event_batches USING INTEGER PRIMARY KEY (rowid>?)")]
    [InlineData(nameof(SqliteStore.JsonOfBatchSql), "SEARCH event_batches USING INTEGER PRIMARY KEY (rowid=?)")]
    public async Task Reading_the_event_log_is_a_keyed_lookup_or_a_range_of_keys(string statement, string expected)
    {
        var sql = (string)(typeof(SqliteStore).GetField(statement, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            ?? typeof(LogIndex).GetField(statement, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static))!.GetRawConstantValue()!;
        var steps = await QueryPlanAsync(sql, ("$after", 1), ("$sequence", 1), ("$tenant", 1), ("$last", 1), ("$kind", 1), ("$hash", 1));

        Assert.Contains(expected, steps);
        Assert.DoesNotContain(steps, step => step.StartsWith("SCAN event", StringComparison.Ordinal) || step.StartsWith("SCAN log_index_blocks", StringComparison.Ordinal));
    }

    /// <summary>The steps of SQLite's plan for <paramref name="sql"/> (EXPLAIN QUERY PLAN) with the parameters given.</summary>
    private async Task<List<string>> QueryPlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var steps = new List<string>();
        await using var plan = await command.ExecuteReaderAsync(Ct);
        while (await plan.ReadAsync(Ct))
        {
            steps.Add(plan.GetString(3));
        }

        return steps;
    }

    [Fact]
    public async Task Reading_the_log_after_any_sequence_starts_and_stops_inside_batches_and_skips_duplicates()
    {
        // Three appends, one with a duplicate (it gets no sequence), one of a single event: rows of 3, 1 and 2 events.
        await Store.AppendEventsAsync("t1", [Event("a1", "O-1"), Scan("a2", "YT1"), Event("a3", null)], Ct);
        await Store.AppendEventsAsync("t2", [Event("b1", "订单-2"), Event("b1", "订单-2")], Ct);
        await Store.AppendEventsAsync("t1", [Scan("c1", "YT1"), Event("c2", "O-1")], Ct);

        var all = await Store.ReadEventsAsync(0, 100, Ct);
        Assert.Equal(["a1", "a2", "a3", "b1", "c1", "c2"], all.Select(e => e.EventId));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], all.Select(e => e.Sequence));
        Assert.Equal(["t1", "t1", "t1", "t2", "t1", "t1"], all.Select(e => e.Tenant));
        Assert.Equal(["O-1", null, null, "订单-2", null, "O-1"], all.Select(e => e.Order));
        for (var after = 0; after <= 6; after++)
        {
            for (var limit = 1; limit <= 7; limit++)
            {
                Assert.Equal(all.Skip(after).Take(limit).Select(e => e.Sequence), (await Store.ReadEventsAsync(after, limit, Ct)).Select(e => e.Sequence));
            }
        }

        Assert.Equal(5, await Store.CountEventsAsync("t1", Ct));
        Assert.Equal(1, await Store.CountEventsAsync("t2", Ct));
        Assert.Equal([2L, 5L], (await Store.ReadTrackingEventsAsync("t1", ["YT1"], 10, Ct)).Select(e => e.Sequence));
        Assert.Equal([1L, 6L], (await Store.ReadOrderEventsAsync("t1", "O-1", 10, Ct)).Select(e => e.Sequence));
        Assert.Equal([1L], (await Store.ReadOrderEventsAsync("t1", "O-1", 1, Ct)).Select(e => e.Sequence));
        Assert.Equal(Event("b1", "订单-2").Json.ToArray(), System.Text.Encoding.UTF8.GetBytes(Assert.Single(await Store.ReadOrderEventsAsync("t2", "订单-2", 10, Ct)).Json));
    }

    [Fact]
    public void A_batch_record_reads_back_what_was_written_and_a_cut_one_is_named_damaged()
    {
        var records = new System.Buffers.ArrayBufferWriter<byte>();
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        var events = new[]
        {
            new IncomingEvent("编号-1", "订单-1", 3, Instant.FromUnixTimeMilliseconds(-5), Instant.FromUnixTimeMilliseconds(1_700_000_000_123), "{\"a\":\"中\"}"u8.ToArray()),
            new IncomingEvent("e2", null, 0, Instant.FromUnixTimeMilliseconds(7), Instant.FromUnixTimeMilliseconds(8), "{}"u8.ToArray(), "YT9"),
            new IncomingEvent("", "", 1, Instant.FromUnixTimeMilliseconds(0), Instant.FromUnixTimeMilliseconds(0), "[]"u8.ToArray(), ""),
        };
        foreach (var e in events)
        {
            EventRecords.Write(e, records, json);
        }

        var bytes = records.WrittenSpan.ToArray();
        var read = EventRecords.Read(bytes);
        Assert.Equal(events.Length, read.Count);
        for (var i = 0; i < events.Length; i++)
        {
            var (e, r) = (events[i], read[i]);
            Assert.Equal((e.EventId, e.Order, e.Tracking, e.Partition, e.At, e.ReceivedAt),
                (r.EventId.ToString(bytes), r.Order.ToString(bytes), r.Tracking.ToString(bytes), r.Partition, Instant.FromUnixTimeMilliseconds(r.At), Instant.FromUnixTimeMilliseconds(r.ReceivedAt)));
            Assert.Equal(e.Json.ToArray(), json.WrittenSpan.Slice(r.JsonStart, r.JsonLength).ToArray());
        }

        var error = Assert.Throws<InvalidDataException>(() => EventRecords.Read(bytes[..^1]));
        Assert.Contains("byte", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => EventRecords.Write(events[0] with { Json = ReadOnlyMemory<byte>.Empty }, records, json));
    }

    [Fact]
    public async Task Orders_and_scans_read_the_same_whether_they_were_indexed_in_a_batch_or_are_still_in_the_tail()
    {
        // 70,000 events in appends of 10,000: the fifth append brings the unindexed tail to 50,000 sequences
        // (SqliteStore.IndexBatch) and indexes it; the last 20,000 stay past the watermark.
        var (expectedScans, expectedOrder) = await AppendOrdersAndScansAsync(Store, appends: 7);
        await Store.AppendEventsAsync("t2", [Scan("t2-s", "YT1"), Event("t2-o", "O-2")], Ct);

        Assert.Equal(50_000, await LogWatermarkAsync(Database));
        static int Number(string id) => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expectedScans, (await Store.ReadTrackingEventsAsync("t1", ["YT1", "YT4", "YT404"], 100_000, Ct)).Select(e => e.EventId));
        var indexedScans = expectedScans.Count(id => Number(id) < 50_000);
        Assert.Equal(expectedScans.Take(indexedScans + 3), (await Store.ReadTrackingEventsAsync("t1", ["YT1", "YT4"], indexedScans + 3, Ct)).Select(e => e.EventId));
        Assert.Equal(["t2-s"], (await Store.ReadTrackingEventsAsync("t2", ["YT1", "YT4"], 10, Ct)).Select(e => e.EventId));

        Assert.Equal(expectedOrder, (await Store.ReadOrderEventsAsync("t1", "O-2", 100_000, Ct)).Select(e => e.EventId));
        var indexedOrder = expectedOrder.Count(id => Number(id) < 50_000);
        Assert.Equal(expectedOrder.Take(indexedOrder + 3), (await Store.ReadOrderEventsAsync("t1", "O-2", indexedOrder + 3, Ct)).Select(e => e.EventId));
        Assert.Equal(["t2-o"], (await Store.ReadOrderEventsAsync("t2", "O-2", 10, Ct)).Select(e => e.EventId));
        Assert.Empty(await Store.ReadOrderEventsAsync("t1", "O-404", 10, Ct));
    }

    [Fact]
    public async Task Batch_json_is_stored_compressed_and_a_row_stored_plain_before_reads_the_same()
    {
        var events = Enumerable.Range(0, 200).Select(i => Event($"e{i}", $"O-{i % 7}")).ToList();
        await Store.AppendEventsAsync("t1", events, Ct);
        await Store.AppendEventsAsync("t1", [Event("tiny", "O-1", json: "{}")], Ct); // nothing to gain: stored plain

        // A compressed blob starts with a zero byte, a plain one with the first event's "{".
        var startsCompressed = new List<long>();
        foreach (var order in new[] { "", " DESC" })
        {
            startsCompressed.Add(await ScalarAsync(Database, $"SELECT substr(json, 1, 1) = x'00' FROM event_batches ORDER BY last_sequence{order} LIMIT 1"));
        }

        Assert.Equal([1L, 0L], startsCompressed);
        var stored = await ScalarAsync(Database, "SELECT length(json) FROM event_batches ORDER BY last_sequence LIMIT 1");
        var plain = events.SelectMany(e => e.Json.ToArray()).ToArray();
        Assert.True(stored < plain.Length / 2, $"{stored} bytes stored for {plain.Length} of JSON");
        var compressed = await Store.ReadEventsAsync(0, 1_000, Ct);
        Assert.Equal(events.Select(e => System.Text.Encoding.UTF8.GetString(e.Json.Span)).Append("{}"), compressed.Select(e => e.Json));

        // The first row as a build before compression wrote it: its JSON plain.
        await using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE event_batches SET json = $plain WHERE first_sequence = 1";
            command.Parameters.AddWithValue("$plain", plain);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        await using var reopened = SqliteStore.Open($"Data Source={Database}");
        await reopened.MigrateAsync(Ct);
        Assert.Equal(compressed, await reopened.ReadEventsAsync(0, 1_000, Ct));
        Assert.Equal(compressed.Where(e => e.Order == "O-3"), await reopened.ReadOrderEventsAsync("t1", "O-3", 1_000, Ct));
    }

    [Fact]
    public void A_json_blob_with_an_unknown_codec_or_cut_short_is_named_damaged()
    {
        var packed = new System.Buffers.ArrayBufferWriter<byte>();
        var json = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("""{"type":"scan","text":"已签收"}""", 50)));
        BatchJson.Pack(json, packed);
        var stored = packed.WrittenSpan.ToArray();
        Assert.Equal(json, BatchJson.Unpack(stored));

        var unknown = (byte[])stored.Clone();
        unknown[1] = 9;
        Assert.Contains("unknown codec", Assert.Throws<InvalidDataException>(() => BatchJson.Unpack(unknown)).Message, StringComparison.Ordinal);
        Assert.Contains("does not decode", Assert.Throws<InvalidDataException>(() => BatchJson.Unpack(stored[..^4])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_database_has_16_KiB_pages_and_one_made_before_keeps_its_own()
    {
        await Store.AppendEventsAsync("t1", [Event("e1")], Ct);
        Assert.Equal(16_384, await ScalarAsync(Database, "PRAGMA page_size"));

        var older = Path.Combine(_directory.FullName, "4k.db");
        await ExecuteAsync(older, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)");
        await using (var store = SqliteStore.Open($"Data Source={older}"))
        {
            await store.MigrateAsync(Ct);
            await store.AppendEventsAsync("t1", [Event("e1")], Ct);
            Assert.Equal(["e1"], (await store.ReadEventsAsync(0, 10, Ct)).Select(e => e.EventId));
        }

        Assert.Equal(4_096, await ScalarAsync(older, "PRAGMA page_size"));
    }

    [Fact]
    public async Task A_log_whose_side_index_is_empty_is_indexed_when_the_store_opens_and_reads_the_same()
    {
        // 60,000 events in appends of 10,000, indexed once the tail reached 50,000; then the index is emptied as
        // migration 0010 leaves it, and the store opened again indexes the whole log as one run before any append.
        var (expectedScans, expectedOrder) = await AppendOrdersAndScansAsync(Store, appends: 6);
        Assert.Equal(50_000, await LogWatermarkAsync(Database));
        await ExecuteAsync(Database, "DELETE FROM log_index_blocks; DELETE FROM log_index_runs; UPDATE log_indexed SET sequence = 0 WHERE id = 1");

        await using var reopened = SqliteStore.Open($"Data Source={Database}");
        await reopened.MigrateAsync(Ct);

        Assert.Equal(60_000, await LogWatermarkAsync(Database));
        Assert.Equal(expectedScans, (await reopened.ReadTrackingEventsAsync("t1", ["YT1", "YT4"], 100_000, Ct)).Select(e => e.EventId));
        Assert.Equal(expectedOrder, (await reopened.ReadOrderEventsAsync("t1", "O-2", 100_000, Ct)).Select(e => e.EventId));
        Assert.Empty(await reopened.ReadOrderEventsAsync("t2", "O-2", 10, Ct));
    }

    [Fact]
    public async Task An_index_entry_under_a_shared_hash_never_brings_another_keys_or_another_tenants_event()
    {
        // Keys are indexed by a 64-bit hash, so another key may share one. Such entries are made by hand here: under the
        // hash of t1's order O-2, the sequences of an event of O-3 and of t2's O-2 (which shares the text, not the tenant).
        var (_, expectedOrder) = await AppendOrdersAndScansAsync(Store, appends: 5);
        await Store.AppendEventsAsync("t2", [Event("t2-o", "O-2")], Ct);
        Assert.Equal(50_000, await LogWatermarkAsync(Database));
        var all = await Store.ReadEventsAsync(0, 100_000, Ct);
        var otherOrder = all.First(e => e.Order == "O-3").Sequence;
        var otherTenant = all.Single(e => e.EventId == "t2-o").Sequence;
        var hash = LogIndex.KeyHash("t1"u8, "O-2"u8);
        var block = new byte[2 * LogIndex.EntryBytes];
        foreach (var (i, sequence) in new[] { (0, otherOrder), (1, otherTenant) })
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(i * LogIndex.EntryBytes), hash);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(i * LogIndex.EntryBytes + 8), sequence);
        }

        await ExecuteAsync(Database, $"INSERT INTO log_index_runs (run) VALUES (1); INSERT INTO log_index_blocks (kind, run, first, entries) VALUES ({LogIndex.OrderKind}, 1, {hash}, x'{Convert.ToHexString(block)}')");

        Assert.Equal(expectedOrder, (await Store.ReadOrderEventsAsync("t1", "O-2", 100_000, Ct)).Select(e => e.EventId));
        Assert.Equal(expectedOrder.Take(3), (await Store.ReadOrderEventsAsync("t1", "O-2", 3, Ct)).Select(e => e.EventId));
    }

    /// <summary>
    /// Appends of 10,000 events to t1: every third an order event, of one of seven orders; the rest scans of one of
    /// eleven numbers. The ids of the scans of YT1 and YT4, and of the events of O-2, in order.
    /// </summary>
    private async Task<(List<string> Scans, List<string> Order)> AppendOrdersAndScansAsync(IStore store, int appends)
    {
        var (scans, order) = (new List<string>(), new List<string>());
        for (var append = 0; append < appends; append++)
        {
            var events = new List<IncomingEvent>();
            for (var i = append * 10_000; i < (append + 1) * 10_000; i++)
            {
                var id = $"e{i}";
                events.Add(i % 3 == 0 ? Event(id, $"O-{i % 7}") : Scan(id, $"YT{i % 11}"));
                if (i % 3 != 0 && i % 11 is 1 or 4)
                {
                    scans.Add(id);
                }

                if (i % 3 == 0 && i % 7 == 2)
                {
                    order.Add(id);
                }
            }

            await store.AppendEventsAsync("t1", events, Ct);
        }

        return (scans, order);
    }

    private async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long> LogWatermarkAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence FROM log_indexed WHERE id = 1";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<List<string>> IndexesOfEventsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('events', 'event_batches') ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [Fact]
    public async Task The_database_file_is_in_WAL_mode()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.FullName, "store-1.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_data_directory_is_created_with_the_database_inside()
    {
        var data = Path.Combine(_directory.FullName, "data", "nested");

        await using (var store = SqliteStore.OpenDataDirectory(data))
        {
            await store.MigrateAsync(Ct);
            await store.AppendEventsAsync("t1", [Event("e1")], Ct);
        }

        Assert.True(File.Exists(Path.Combine(data, SqliteStore.FileName)));
        await using var reopened = SqliteStore.OpenDataDirectory(data);
        Assert.Equal(1, await reopened.CountEventsAsync("t1", Ct));
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=luyue;Mode=Memory")]
    [InlineData("Data Source=file::memory:?cache=shared")]
    [InlineData("Data Source=file:luyue?mode=memory&cache=shared")]
    [InlineData("Data Source=")]
    public void An_in_memory_database_is_refused_with_what_to_do_instead(string connectionString)
    {
        var refused = Assert.Throws<ArgumentException>(() => SqliteStore.Open(connectionString));

        Assert.Contains("--data", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Data Source=", refused.Message, StringComparison.Ordinal);
    }
}
