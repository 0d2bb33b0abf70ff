using Dapper;
using Luyue.Core.Storage;

namespace Luyue.Storage.Postgres;

public sealed partial class PostgresStore
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

        return await InTransactionAsync(async (connection, transaction) =>
        {
            // As for events: numbered in commit order, so paging findings by cursor never skips a later commit.
            await LockAsync(connection, transaction, AdvisoryLock.FindingInserts, cancellationToken);
            var rows = await connection.QueryAsync<FindingRow>(Command(
                $"""
                INSERT INTO findings (tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json)
                SELECT tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json
                FROM unnest(@tenants, @keys, @kinds, @rules, @orderIds, @shops, @platforms, @ats, @amounts, @jsons) WITH ORDINALITY
                    AS batch (tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json, position)
                ORDER BY position
                ON CONFLICT (tenant, finding_key) DO NOTHING
                RETURNING {FindingColumns}
                """,
                new
                {
                    tenants = findings.Select(f => f.Tenant).ToArray(),
                    keys = findings.Select(f => f.FindingKey).ToArray(),
                    kinds = findings.Select(f => f.Kind).ToArray(),
                    rules = findings.Select(f => f.Rule).ToArray(),
                    orderIds = findings.Select(f => f.Order).ToArray(),
                    shops = findings.Select(f => f.Shop).ToArray(),
                    platforms = findings.Select(f => f.Platform).ToArray(),
                    ats = findings.Select(f => Columns.Timestamp(f.At)).ToArray(),
                    amounts = findings.Select(f => f.Amount).ToArray(),
                    jsons = findings.Select(f => f.Json).ToArray(),
                },
                transaction, cancellationToken));
            // RETURNING gives no order guarantee; the caller gets the new rows in sequence (= batch) order.
            return rows.Select(row => row.ToStored()).OrderBy(finding => finding.Sequence).ToList();
        }, cancellationToken);
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
        Where("at >= @From", "From", query.From is { } from ? Columns.Timestamp(from) : null);
        Where("at < @To", "To", query.To is { } to ? Columns.Timestamp(to) : null);
        Where("sequence > @After", "After", query.After);
        // One row more than the page tells whether there is a next page.
        parameters.Add("Take", query.Limit + 1);
        var sql = $"SELECT {FindingColumns} FROM findings WHERE {string.Join(" AND ", conditions)} ORDER BY sequence LIMIT @Take";

        return WithConnectionAsync(async connection =>
        {
            var rows = (await connection.QueryAsync<FindingRow>(Command(sql, parameters, null, cancellationToken))).ToList();
            var more = rows.Count > query.Limit;
            var items = rows.Take(query.Limit).Select(row => row.ToStored()).ToList();
            return new FindingPage(items, more ? items[^1].Sequence : null);
        }, cancellationToken);
    }

    private sealed record FindingRow(
        long Sequence, string Tenant, string FindingKey, string Kind, string Rule, string? OrderId, string? Shop, string? Platform,
        DateTime At, decimal? Amount, string Json)
    {
        public StoredFinding ToStored() =>
            new(Sequence, Tenant, FindingKey, Kind, Rule, OrderId, Shop, Platform, Columns.Instant(At), Amount, Json);
    }
}
