using Dapper;
using Luyue.Core.Storage;

namespace Luyue.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string RulePackColumns = "tenant, platform, version, effective_from AS EffectiveFrom, json, uploaded_at AS UploadedAt";

    public Task SaveRulePackAsync(StoredRulePack pack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pack);
        // The unique key treats NULLs as equal (NULLS NOT DISTINCT), so a global pack is replaced like a tenant's.
        return WithConnectionAsync(connection => connection.ExecuteAsync(Command(
            """
            INSERT INTO rule_packs (tenant, platform, version, effective_from, json, uploaded_at)
            VALUES (@Tenant, @Platform, @Version, @EffectiveFrom, @Json, @UploadedAt)
            ON CONFLICT (tenant, platform, version)
            DO UPDATE SET effective_from = excluded.effective_from, json = excluded.json, uploaded_at = excluded.uploaded_at
            """,
            new { pack.Tenant, pack.Platform, pack.Version, EffectiveFrom = Columns.Date(pack.EffectiveFrom), pack.Json, UploadedAt = Columns.Timestamp(pack.UploadedAt) },
            null, cancellationToken)), cancellationToken);
    }

    public Task<IReadOnlyList<StoredRulePack>> ListRulePacksAsync(string? tenant, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<StoredRulePack>>(async connection =>
        {
            var rows = await connection.QueryAsync<RulePackRow>(Command(
                tenant is null
                    ? $"SELECT {RulePackColumns} FROM rule_packs ORDER BY tenant NULLS FIRST, platform, effective_from, version"
                    : $"SELECT {RulePackColumns} FROM rule_packs WHERE tenant = @tenant ORDER BY platform, effective_from, version",
                new { tenant }, null, cancellationToken));
            return rows.Select(row => row.ToPack()).ToList();
        }, cancellationToken);

    private sealed record RulePackRow(string? Tenant, string Platform, string Version, DateOnly EffectiveFrom, string Json, DateTime UploadedAt)
    {
        public StoredRulePack ToPack() => new(Tenant, Platform, Version, Columns.Date(EffectiveFrom), Json, Columns.Instant(UploadedAt));
    }
}
