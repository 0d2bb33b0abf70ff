using Dapper;
using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Sqlite;

/// <summary>Webhooks and their delivery queue (the dead-letter list is the deliveries in state dead).</summary>
public sealed partial class SqliteStore
{
    private const string WebhookColumns = "id, tenant, url, secret, created_at AS CreatedAt";

    private const string DeliveryColumns =
        "id, tenant, webhook_id AS WebhookId, finding_sequence AS FindingSequence, body, state, attempts, " +
        "next_attempt_at AS NextAttemptAt, last_error AS LastError, created_at AS CreatedAt";

    public async Task<Webhook> AddWebhookAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var added = await WriteAsync((connection, transaction) => connection.ExecuteAsync(Command(
            "INSERT INTO webhooks (id, tenant, url, secret, created_at) VALUES (@Id, @Tenant, @Url, @Secret, @CreatedAt) ON CONFLICT DO NOTHING",
            new { webhook.Id, webhook.Tenant, webhook.Url, webhook.Secret, CreatedAt = Columns.Millis(webhook.CreatedAt) },
            transaction, cancellationToken)), cancellationToken);
        return added == 1
            ? webhook with { CreatedAt = Columns.ToMillisecond(webhook.CreatedAt) }
            : throw new InvalidOperationException($"A webhook with id '{webhook.Id}' is already stored.");
    }

    public Task<IReadOnlyList<Webhook>> ListWebhooksAsync(string tenant, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Webhook>>(async connection =>
        {
            var rows = await connection.QueryAsync<WebhookRow>(Command(
                $"SELECT {WebhookColumns} FROM webhooks WHERE tenant = @tenant ORDER BY created_at, id", new { tenant }, null, cancellationToken));
            return rows.Select(row => row.ToWebhook()).ToList();
        }, cancellationToken);

    public Task<bool> DeleteWebhookAsync(string tenant, string id, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(Command(
            "DELETE FROM webhooks WHERE tenant = @tenant AND id = @id", new { tenant, id }, transaction, cancellationToken)) == 1,
            cancellationToken);

    public Task EnqueueDeliveriesAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Dapper runs the statement once per delivery; a delivery already queued (same id, or same webhook and
        // finding) is skipped, so enqueueing again after a restart is harmless.
        return WriteAsync((connection, transaction) => connection.ExecuteAsync(Command(
            """
            INSERT INTO deliveries (id, tenant, webhook_id, finding_sequence, body, state, attempts, next_attempt_at, last_error, created_at)
            VALUES (@Id, @Tenant, @WebhookId, @FindingSequence, @Body, @State, @Attempts, @NextAttemptAt, @LastError, @CreatedAt)
            ON CONFLICT DO NOTHING
            """,
            deliveries.Select(DeliveryParameters).ToList(), transaction, cancellationToken)), cancellationToken);
    }

    public Task<IReadOnlyList<Delivery>> DueDeliveriesAsync(Instant now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // The bare column against a parameter, so deliveries_due serves both the filter and the order.
        return QueryDeliveriesAsync(
            $"SELECT {DeliveryColumns} FROM deliveries WHERE state = @pending AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit",
            new { pending = Columns.State(DeliveryState.Pending), now = Columns.Millis(now), limit }, cancellationToken);
    }

    public async Task UpdateDeliveryAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var updated = await WriteAsync((connection, transaction) => connection.ExecuteAsync(Command(
            """
            UPDATE deliveries SET state = @State, attempts = @Attempts, next_attempt_at = @NextAttemptAt, last_error = @LastError
            WHERE tenant = @Tenant AND id = @Id
            """,
            DeliveryParameters(delivery), transaction, cancellationToken)), cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException($"No delivery '{delivery.Id}' of tenant '{delivery.Tenant}' is stored.");
        }
    }

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string tenant, DeliveryState? state, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var where = state is null ? "tenant = @tenant" : "tenant = @tenant AND state = @state";
        return QueryDeliveriesAsync(
            $"SELECT {DeliveryColumns} FROM deliveries WHERE {where} ORDER BY created_at, id LIMIT @limit",
            new { tenant, state = state is { } s ? Columns.State(s) : null, limit }, cancellationToken);
    }

    public Task<Delivery?> GetDeliveryAsync(string tenant, string id, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(Command(
                $"SELECT {DeliveryColumns} FROM deliveries WHERE tenant = @tenant AND id = @id", new { tenant, id }, null, cancellationToken));
            return row?.ToDelivery();
        }, cancellationToken);

    private Task<IReadOnlyList<Delivery>> QueryDeliveriesAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Delivery>>(async connection =>
        {
            var rows = await connection.QueryAsync<DeliveryRow>(Command(sql, parameters, null, cancellationToken));
            return rows.Select(row => row.ToDelivery()).ToList();
        }, cancellationToken);

    private static object DeliveryParameters(Delivery d) => new
    {
        d.Id,
        d.Tenant,
        WebhookId = d.Webhook,
        d.FindingSequence,
        d.Body,
        State = Columns.State(d.State),
        d.Attempts,
        NextAttemptAt = Columns.Millis(d.NextAttemptAt),
        d.LastError,
        CreatedAt = Columns.Millis(d.CreatedAt),
    };

    private sealed record WebhookRow(string Id, string Tenant, string Url, string Secret, long CreatedAt)
    {
        public Webhook ToWebhook() => new(Id, Tenant, Url, Secret, Columns.Instant(CreatedAt));
    }

    private sealed record DeliveryRow(
        string Id, string Tenant, string WebhookId, long FindingSequence, string Body, string State, long Attempts, long NextAttemptAt,
        string? LastError, long CreatedAt)
    {
        public Delivery ToDelivery() => new(
            Id, Tenant, WebhookId, FindingSequence, Body, Columns.State(State), checked((int)Attempts), Columns.Instant(NextAttemptAt),
            LastError, Columns.Instant(CreatedAt));
    }
}
