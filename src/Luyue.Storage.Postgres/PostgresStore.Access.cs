using Dapper;
using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Postgres;

/// <summary>Tenants, API keys and idempotent responses: who may call, and what they were already answered.</summary>
public sealed partial class PostgresStore
{
    private const string TenantColumns = "id, name, created_at AS CreatedAt";
    private const string ApiKeyColumns = "id, tenant, role, hash, created_at AS CreatedAt";
    private const string IdempotencyColumns = "tenant, idempotency_key AS Key, request_hash AS RequestHash, status, body, at";

    public Task<Tenant> CreateTenantAsync(string id, string name, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(name);
        return InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(Command(
                "INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @createdAt) ON CONFLICT (id) DO NOTHING",
                new { id, name, createdAt = Columns.Timestamp(now) }, transaction, cancellationToken));
            var row = await connection.QuerySingleAsync<TenantRow>(Command(
                $"SELECT {TenantColumns} FROM tenants WHERE id = @id", new { id }, transaction, cancellationToken));
            return row.ToTenant();
        }, cancellationToken);
    }

    public Task<Tenant?> GetTenantAsync(string id, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<TenantRow>(Command(
                $"SELECT {TenantColumns} FROM tenants WHERE id = @id", new { id }, null, cancellationToken));
            return row?.ToTenant();
        }, cancellationToken);

    public async Task AddApiKeyAsync(ApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var added = await WithConnectionAsync(connection => connection.ExecuteAsync(Command(
            "INSERT INTO api_keys (id, tenant, role, hash, created_at) VALUES (@Id, @Tenant, @Role, @Hash, @CreatedAt) ON CONFLICT DO NOTHING",
            new { key.Id, key.Tenant, Role = Columns.Role(key.Role), key.Hash, CreatedAt = Columns.Timestamp(key.CreatedAt) },
            null, cancellationToken)), cancellationToken);
        if (added == 0)
        {
            throw new InvalidOperationException($"An API key with id '{key.Id}' or the same hash is already stored.");
        }
    }

    public Task<ApiKey?> FindApiKeyByHashAsync(string hash, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<ApiKeyRow>(Command(
                $"SELECT {ApiKeyColumns} FROM api_keys WHERE hash = @hash", new { hash }, null, cancellationToken));
            return row?.ToApiKey();
        }, cancellationToken);

    public Task<bool> AnyAdminKeyAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => connection.ExecuteScalarAsync<bool>(Command(
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE role = @role)", new { role = Columns.Role(Role.Admin) }, null, cancellationToken)),
            cancellationToken);

    public Task<IdempotentResponse?> GetIdempotentResponseAsync(string tenant, string key, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<IdempotencyRow>(Command(
                $"SELECT {IdempotencyColumns} FROM idempotency WHERE tenant = @tenant AND idempotency_key = @key",
                new { tenant, key }, null, cancellationToken));
            return row?.ToResponse();
        }, cancellationToken);

    public Task<bool> PutIdempotentResponseAsync(IdempotentResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WithConnectionAsync(async connection => await connection.ExecuteAsync(Command(
            """
            INSERT INTO idempotency (tenant, idempotency_key, request_hash, status, body, at)
            VALUES (@Tenant, @Key, @RequestHash, @Status, @Body, @At)
            ON CONFLICT (tenant, idempotency_key) DO NOTHING
            """,
            new { response.Tenant, response.Key, response.RequestHash, response.Status, response.Body, At = Columns.Timestamp(response.At) },
            null, cancellationToken)) == 1, cancellationToken);
    }

    private sealed record TenantRow(string Id, string Name, DateTime CreatedAt)
    {
        public Tenant ToTenant() => new(Id, Name, Columns.Instant(CreatedAt));
    }

    private sealed record ApiKeyRow(string Id, string? Tenant, string Role, string Hash, DateTime CreatedAt)
    {
        public ApiKey ToApiKey() => new(Id, Tenant, Columns.Role(Role), Hash, Columns.Instant(CreatedAt));
    }

    private sealed record IdempotencyRow(string Tenant, string Key, string RequestHash, int Status, string Body, DateTime At)
    {
        public IdempotentResponse ToResponse() => new(Tenant, Key, RequestHash, Status, Body, Columns.Instant(At));
    }
}
