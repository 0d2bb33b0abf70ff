using Dapper;
using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string EventColumns = "sequence, tenant, event_id AS EventId, order_id AS OrderId, partition, at, received_at AS ReceivedAt, json";

    public Task<IReadOnlyList<AppendOutcome>> AppendEventsAsync(
        string tenant, IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AppendOutcome>>([]);
        }

        return WriteAsync<IReadOnlyList<AppendOutcome>>(async (connection, transaction) =>
        {
            // One statement prepared once and run per event (the hot path, so plain ADO.NET). A (tenant, event_id)
            // already stored, earlier in this batch included, changes no row: that is the duplicate.
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO events (tenant, event_id, order_id, partition, at, received_at, json)
                VALUES ($tenant, $eventId, $orderId, $partition, $at, $receivedAt, $json)
                ON CONFLICT (tenant, event_id) DO NOTHING
                """;
            insert.Parameters.AddWithValue("$tenant", tenant);
            var eventId = insert.Parameters.Add("$eventId", SqliteType.Text);
            var orderId = insert.Parameters.Add("$orderId", SqliteType.Text);
            var partition = insert.Parameters.Add("$partition", SqliteType.Integer);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var receivedAt = insert.Parameters.Add("$receivedAt", SqliteType.Integer);
            var json = insert.Parameters.Add("$json", SqliteType.Text);

            var outcomes = new AppendOutcome[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                eventId.Value = e.EventId;
                orderId.Value = (object?)e.Order ?? DBNull.Value;
                partition.Value = e.Partition;
                at.Value = Columns.Millis(e.At);
                receivedAt.Value = Columns.Millis(e.ReceivedAt);
                json.Value = e.Json;
                outcomes[i] = await insert.ExecuteNonQueryAsync(cancellationToken) == 1 ? AppendOutcome.Accepted : AppendOutcome.Duplicate;
            }

            return outcomes;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            var rows = await connection.QueryAsync<EventRow>(Command(
                $"SELECT {EventColumns} FROM events WHERE sequence > @afterSequence ORDER BY sequence LIMIT @limit",
                new { afterSequence, limit }, null, cancellationToken));
            return rows.Select(row => row.ToStored()).ToList();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadOrderEventsAsync(string tenant, string order, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // events_by_order (tenant, order_id) answers this; its rows come in sequence order, so the sort costs nothing.
        return ReadAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            var rows = await connection.QueryAsync<EventRow>(Command(
                $"SELECT {EventColumns} FROM events WHERE tenant = @tenant AND order_id = @order ORDER BY sequence LIMIT @limit",
                new { tenant, order, limit }, null, cancellationToken));
            return rows.Select(row => row.ToStored()).ToList();
        }, cancellationToken);
    }

    public Task<long> CountEventsAsync(string? tenant, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.ExecuteScalarAsync<long>(Command(
            tenant is null ? "SELECT count(*) FROM events" : "SELECT count(*) FROM events WHERE tenant = @tenant",
            new { tenant }, null, cancellationToken)), cancellationToken);

    private sealed record EventRow(long Sequence, string Tenant, string EventId, string? OrderId, long Partition, long At, long ReceivedAt, string Json)
    {
        public StoredEvent ToStored() =>
            new(Sequence, Tenant, EventId, OrderId, checked((int)Partition), Columns.Instant(At), Columns.Instant(ReceivedAt), Json);
    }
}
