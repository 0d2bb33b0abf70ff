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
        var inserted = await WriteAsync(
            (connection, _) => Task.FromResult(InsertFindings(connection.Handle!, findings, fingerprints)),
            cancellationToken,
            inserted => _findingFingerprints.Commit(inserted.Count == 0 ? 0 : inserted[^1].Sequence));
        return inserted;
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
        parameters.Add("Take", query.Limit + 1);
        var sql = $"SELECT {FindingColumns} FROM findings WHERE {string.Join(" AND ", conditions)} ORDER BY sequence LIMIT @Take";

        return ReadAsync(async connection =>
        {
            var rows = (await connection.QueryAsync<FindingRow>(Command(sql, parameters, null, cancellationToken))).ToList();
            var more = rows.Count > query.Limit;
            var items = rows.Take(query.Limit).Select(row => row.ToStored()).ToList();
            return new FindingPage(items, more ? items[^1].Sequence : null);
        }, cancellationToken);
    }

    private sealed record FindingRow(
        long Sequence, string Tenant, string FindingKey, string Kind, string Rule, string? OrderId, string? Shop, string? Platform,
        long At, string? Amount, string Json)
    {
        public StoredFinding ToStored() => new(
            Sequence, Tenant, FindingKey, Kind, Rule, OrderId, Shop, Platform, Columns.Instant(At), Columns.Amount(Amount), Json);
    }
}
