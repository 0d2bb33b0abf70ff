using System.Text;
using Dapper;
using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string FindingColumns =
        "sequence, tenant, finding_key AS FindingKey, kind, rule, order_id AS OrderId, shop, platform, at, amount, json";

    public async Task<IReadOnlyList<StoredFinding>> AddFindingsAsync(IReadOnlyList<NewFinding> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return [];
        }

        // Hashed before the write lock is taken: the writer's time is what every append waits for.
        var fingerprints = findings.Select(f => EventFingerprint.Of(f.Tenant, f.FindingKey)).ToArray();
        // Inserted through a statement on the raw handle, as events are: under the write lock, which every append waits
        // for, ADO.NET's command and reader per row cost more than SQLite's insert.
        var (inserted, _) = await WriteAsync(
            (connection, _) =>
            {
                var database = connection.Handle!;
                var stored = InsertFindings(database, findings, fingerprints);
                return Task.FromResult((Inserted: stored, Indexed: stored.Count == 0 ? null : IndexFindingsIfDue(database, stored[^1].Sequence)));
            },
            cancellationToken,
            written =>
            {
                _findingFingerprints.Commit(written.Inserted.Count == 0 ? 0 : written.Inserted[^1].Sequence);
                _findingsIndexed = written.Indexed ?? _findingsIndexed;
            });
        return inserted;
    }

    // The findings' side index's next runs, built by IndexFindingsIfDue: touched only with the write lock held.
    private readonly LogIndex.Run _findingOrdersRun = new(LogIndex.FindingOrderKind);
    private readonly LogIndex.Run _findingShopsRun = new(LogIndex.FindingShopKind);

    /// <summary>The last finding's sequence (0 when there is none).</summary>
    private static long LastFindingSequence(SQLitePCL.sqlite3 database)
    {
        using var last = Statement.Prepare(database, "SELECT coalesce(max(sequence), 0) FROM findings");
        Statement.Check(database, SQLitePCL.raw.sqlite3_step(last.Handle), SQLitePCL.raw.SQLITE_ROW);
        return SQLitePCL.raw.sqlite3_column_int64(last.Handle, 0);
    }

    /// <summary>
    /// Once <see cref="FindingIndexBatch"/> findings are past the watermark, indexes them by tenant and order and by
    /// tenant and shop, as a new run of each kind in <c>log_index_blocks</c> (<see cref="LogIndex"/>), and moves the
    /// watermark to <paramref name="last"/>; the new watermark, or null when not due. Inside the caller's write
    /// transaction, so all of it commits or none does.
    /// </summary>
    private long? IndexFindingsIfDue(SQLitePCL.sqlite3 database, long last)
    {
        if (LogIndex.DueWatermark(database, "findings_indexed", ref _findingsIndexed, last, FindingIndexBatch) is not { } indexed)
        {
            return null;
        }

        using (var tail = Statement.Prepare(database, "SELECT sequence, tenant, order_id, shop FROM findings WHERE sequence > ?1 AND sequence <= ?2"))
        {
            tail.BindInt64(1, indexed);
            tail.BindInt64(2, last);
            _findingOrdersRun.Clear();
            _findingShopsRun.Clear();
            int result;
            while ((result = SQLitePCL.raw.sqlite3_step(tail.Handle)) == SQLitePCL.raw.SQLITE_ROW)
            {
                var sequence = SQLitePCL.raw.sqlite3_column_int64(tail.Handle, 0);
                var tenant = SQLitePCL.raw.sqlite3_column_blob(tail.Handle, 1);
                if (SQLitePCL.raw.sqlite3_column_type(tail.Handle, 2) != SQLitePCL.raw.SQLITE_NULL)
                {
                    _findingOrdersRun.Add(tenant, SQLitePCL.raw.sqlite3_column_blob(tail.Handle, 2), sequence);
                }

                if (SQLitePCL.raw.sqlite3_column_type(tail.Handle, 3) != SQLitePCL.raw.SQLITE_NULL)
                {
                    _findingShopsRun.Add(tenant, SQLitePCL.raw.sqlite3_column_blob(tail.Handle, 3), sequence);
                }
            }

            Statement.Check(database, result, SQLitePCL.raw.SQLITE_DONE);
        }

        LogIndex.AddRuns(database, last, "finding_index_runs", "findings_indexed", _findingOrdersRun, _findingShopsRun);
        return last;
    }

    /// <summary>
    /// Inserts the findings not stored yet, under the write lock. A (tenant, finding key) whose fingerprint is stored,
    /// or came earlier in this batch, is already there: a finding re-derived after a restart is not stored twice.
    /// </summary>
    private List<StoredFinding> InsertFindings(SQLitePCL.sqlite3 database, IReadOnlyList<NewFinding> findings, EventFingerprint[] fingerprints)
    {
        // Rows another process committed since this one last wrote must count as stored too.
        _findingFingerprints.Begin(database);
        using var insert = Statement.Prepare(database, """
            INSERT INTO findings (tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """);
        var stored = new List<StoredFinding>();
        for (var i = 0; i < findings.Count; i++)
        {
            if (!_findingFingerprints.TryAdd(fingerprints[i]))
            {
                continue;
            }

            var f = findings[i];
            insert.BindText(1, f.Tenant);
            insert.BindText(2, f.FindingKey);
            insert.BindText(3, f.Kind);
            insert.BindText(4, f.Rule);
            insert.BindText(5, f.Order);
            insert.BindText(6, f.Shop);
            insert.BindText(7, f.Platform);
            insert.BindInt64(8, Columns.Millis(f.At));
            insert.BindText(9, Columns.Amount(f.Amount));
            insert.BindText(10, f.Json);
            insert.Execute();
            var sequence = SQLitePCL.raw.sqlite3_last_insert_rowid(database);
            stored.Add(new StoredFinding(
                sequence, f.Tenant, f.FindingKey, f.Kind, f.Rule, f.Order, f.Shop, f.Platform, Columns.ToMillisecond(f.At), f.Amount, f.Json));
        }

        return stored;
    }

    public Task<FindingPage> QueryFindingsAsync(FindingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);

        // Only the filters given become conditions, so the planner picks the index of the one that is there (an
        // "@x IS NULL OR column = @x" form would hide it). Values are always parameters.
        var conditions = new List<string> { "tenant = @Tenant" };
        var parameters = new DynamicParameters();
        parameters.Add("Tenant", query.Tenant);
        void Where(string condition, string name, object? value)
        {
            if (value is not null)
            {
                conditions.Add(condition);
                parameters.Add(name, value);
            }
        }

        Where("order_id = @Order", "Order", query.Order);
        Where("shop = @Shop", "Shop", query.Shop);
        Where("platform = @Platform", "Platform", query.Platform);
        Where("rule = @Rule", "Rule", query.Rule);
        Where("kind = @Kind", "Kind", query.Kind);
        Where("at >= @From", "From", query.From is { } from ? Columns.Millis(from) : null);
        Where("at < @To", "To", query.To is { } to ? Columns.Millis(to) : null);
        Where("sequence > @After", "After", query.After);
        // One row more than the page tells whether there is a next page.
        var take = query.Limit + 1;
        parameters.Add("Take", take);
        var where = string.Join(" AND ", conditions);

        // An order or a shop is found through the findings' side index (0011): the order, the more selective, when both are given.
        (int Kind, string Key)? keyed = query.Order is { } order ? (LogIndex.FindingOrderKind, order)
            : query.Shop is { } shop ? (LogIndex.FindingShopKind, shop)
            : null;
        return ReadAsync(async connection =>
        {
            List<FindingRow> rows;
            if (keyed is { } key)
            {
                // One snapshot for the watermark, the runs and the rows, so that the runs and the tail are disjoint.
                await using var snapshot = connection.BeginTransaction(deferred: true);
                rows = await KeyedFindingsAsync(connection, snapshot, query, key.Kind, key.Key, where, parameters, take, cancellationToken);
            }
            else
            {
                var sql = $"SELECT {FindingColumns} FROM findings WHERE {where} ORDER BY sequence LIMIT @Take";
                rows = (await connection.QueryAsync<FindingRow>(Command(sql, parameters, null, cancellationToken))).ToList();
            }

            var more = rows.Count > query.Limit;
            var items = rows.Take(query.Limit).Select(row => row.ToStored()).ToList();
            return new FindingPage(items, more ? items[^1].Sequence : null);
        }, cancellationToken);
    }

    // Candidate sequences looked up at most at a time: their rows are read by rowid and filtered by the query's
    // conditions. The first read takes as many as the page needs (without other filters, every candidate matches but a
    // rare hash collision), each next one twice as many as the last, up to this.
    private const int MaxCandidatesPerRead = 1_024;

    internal const string FindingsWatermarkSql = "SELECT sequence FROM findings_indexed WHERE id = 1";

    /// <summary>The findings among candidate sequences (a JSON array in @Candidates) that meet <paramref name="where"/>, read by rowid.</summary>
    internal static string FindingsAmongSql(string where) =>
        $"SELECT {FindingColumns} FROM findings NOT INDEXED WHERE sequence IN (SELECT value FROM json_each(@Candidates)) AND {where} ORDER BY sequence";

    /// <summary>The findings past the watermark (@Indexed) that meet <paramref name="where"/>, by a range of rowids.</summary>
    internal static string FindingsPastSql(string where) =>
        $"SELECT {FindingColumns} FROM findings NOT INDEXED WHERE sequence > @Indexed AND {where} ORDER BY sequence LIMIT @Rest";

    /// <summary>
    /// The first <paramref name="take"/> findings of an order or a shop that meet the query: up to the watermark, the
    /// rows of the sequences the side index holds under the key's hash (another key may share it: the conditions, which
    /// name the key, drop those), a page's worth first and twice as many each next time, until the page is full; past
    /// it (fewer than <see cref="FindingIndexBatch"/> rows), by a scan of the tail. NOT INDEXED keeps the planner on the
    /// rowid: any other index would walk all of the tenant's findings of a kind, a rule or a platform.
    /// </summary>
    private static async Task<List<FindingRow>> KeyedFindingsAsync(
        SqliteConnection connection, SqliteTransaction snapshot, FindingQuery query, int kind, string key, string where,
        DynamicParameters parameters, int take, CancellationToken cancellationToken)
    {
        var indexed = await connection.ExecuteScalarAsync<long>(Command(FindingsWatermarkSql, null, snapshot, cancellationToken));
        var hash = LogIndex.KeyHash(Encoding.UTF8.GetBytes(query.Tenant), Encoding.UTF8.GetBytes(key));
        var candidates = new List<long>();
        await using (var command = Select(connection, snapshot, LogIndex.FindingBlocksSql, ("$kind", kind), ("$hash", hash)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(0))
                {
                    LogIndex.Find(reader.GetFieldValue<byte[]>(0), hash, candidates);
                }
            }
        }

        candidates.Sort();
        var after = query.After ?? 0;
        var start = candidates.FindIndex(sequence => sequence > after);
        var rows = new List<FindingRow>();
        var size = Math.Min(take, MaxCandidatesPerRead);
        for (var i = start < 0 ? candidates.Count : start; i < candidates.Count && rows.Count < take; i += size, size = Math.Min(2 * size, MaxCandidatesPerRead))
        {
            var chunk = candidates.GetRange(i, Math.Min(size, candidates.Count - i));
            parameters.Add("Candidates", "[" + string.Join(',', chunk) + "]");
            rows.AddRange(await connection.QueryAsync<FindingRow>(Command(FindingsAmongSql(where), parameters, snapshot, cancellationToken)));
        }

        if (rows.Count >= take)
        {
            return rows[..take];
        }

        parameters.Add("Indexed", Math.Max(indexed, after));
        parameters.Add("Rest", take - rows.Count);
        rows.AddRange(await connection.QueryAsync<FindingRow>(Command(FindingsPastSql(where), parameters, snapshot, cancellationToken)));
        return rows;
    }

    private sealed record FindingRow(
        long Sequence, string Tenant, string FindingKey, string Kind, string Rule, string? OrderId, string? Shop, string? Platform,
        long At, string? Amount, string Json)
    {
        public StoredFinding ToStored() => new(
            Sequence, Tenant, FindingKey, Kind, Rule, OrderId, Shop, Platform, Columns.Instant(At), Columns.Amount(Amount), Json);
    }
}
