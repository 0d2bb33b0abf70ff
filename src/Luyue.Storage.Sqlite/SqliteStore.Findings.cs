using Dapper;
using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string FindingColumns =
        "sequence, tenant, finding_key AS FindingKey, kind, rule, order_id AS OrderId, shop, platform, at, amount, json";

    public Task<IReadOnlyList<StoredFinding>> AddFindingsAsync(IReadOnlyList<NewFinding> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredFinding>>([]);
        }

        // Inserted through a statement on the raw handle, as events are: under the write lock, which every append waits
        // for, ADO.NET's command and reader per row cost more than SQLite's insert.
        return WriteAsync<IReadOnlyList<StoredFinding>>(
            (connection, _) => Task.FromResult<IReadOnlyList<StoredFinding>>(InsertFindings(connection.Handle!, findings)), cancellationToken);
    }

    private static List<StoredFinding> InsertFindings(SQLitePCL.sqlite3 database, IReadOnlyList<NewFinding> findings)
    {
        // RETURNING yields no row when (tenant, finding_key) is already stored, earlier in this batch included.
        using var insert = Statement.Prepare(database, """
            INSERT INTO findings (tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT (tenant, finding_key) DO NOTHING
            RETURNING sequence
            """);
        var stored = new List<StoredFinding>();
        foreach (var f in findings)
        {
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
            if (insert.ExecuteInt64() is { } sequence)
            {
                stored.Add(new StoredFinding(
                    sequence, f.Tenant, f.FindingKey, f.Kind, f.Rule, f.Order, f.Shop, f.Platform, Columns.ToMillisecond(f.At), f.Amount, f.Json));
            }
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
