using Dapper;
using Luyue.Core.Storage;

namespace Luyue.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string RulePackColumns = "tenant, platform, version, effective_from AS EffectiveFrom, json, uploaded_at AS UploadedAt";

    public Task SaveRulePackAsync(StoredRulePack pack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pack);
        // REPLACE removes the row that holds the same key in either unique index (a tenant's or the global one).
        return WriteAsync((connection, transaction) => connection.ExecuteAsync(Command(
            """
            INSERT OR REPLACE INTO rule_packs (tenant, platform, version, effective_from, json, uploaded_at)
            VALUES (@Tenant, @Platform, @Version, @EffectiveFrom, @Json, @UploadedAt)
            """,
            new { pack.Tenant, pack.Platform, pack.Version, EffectiveFrom = Columns.Date(pack.EffectiveFrom), pack.Json, UploadedAt = Columns.Millis(pack.UploadedAt) },
            transaction, cancellationToken)), cancellationToken);
    }

    public Task<IReadOnlyList<StoredRulePack>> ListRulePacksAsync(string? tenant, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StoredRulePack>>(async connection =>
        {
            var rows = await connection.QueryAsync<RulePackRow>(Command(
                tenant is null
                    ? $"SELECT {RulePackColumns} FROM rule_packs ORDER BY tenant NULLS FIRST, platform, effective_from, version"
                    : $"SELECT {RulePackColumns} FROM rule_packs WHERE tenant = @tenant ORDER BY platform, effective_from, version",
                new { tenant }, null, cancellationToken));
            return rows.Select(row => row.ToPack()).ToList();
        }, cancellationToken);

    private sealed record RulePackRow(string? Tenant, string Platform, string Version, string EffectiveFrom, string Json, long UploadedAt)
    {
        public StoredRulePack ToPack() => new(Tenant, Platform, Version, Columns.Date(EffectiveFrom), Json, Columns.Instant(UploadedAt));
    }
}
