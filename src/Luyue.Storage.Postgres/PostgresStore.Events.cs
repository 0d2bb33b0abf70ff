using System.Text;
using Dapper;
using Luyue.Core.Storage;
using Npgsql;

namespace Luyue.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string EventColumns =
        "sequence, tenant, event_id AS EventId, order_id AS OrderId, partition, at, received_at AS ReceivedAt, json";

    public async Task<IReadOnlyList<AppendOutcome>> AppendEventsAsync(
        string tenant, IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(events);
        return (await AppendEventBatchesAsync([new EventBatch(tenant, events)], cancellationToken))[0];
    }

    /// <summary>The append is durable when its transaction commits (<c>synchronous_commit</c>), so there is nothing left to wait for.</summary>
    public async Task<CommittedAppend> CommitEventBatchesAsync(IReadOnlyList<EventBatch> batches, CancellationToken cancellationToken) =>
        new(await AppendEventBatchesAsync(batches, cancellationToken), Task.CompletedTask);

    public async Task<IReadOnlyList<IReadOnlyList<AppendOutcome>>> AppendEventBatchesAsync(
        IReadOnlyList<EventBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        foreach (var (tenant, events, _) in batches)
        {
            ArgumentNullException.ThrowIfNull(tenant);
            ArgumentNullException.ThrowIfNull(events);
        }

        if (batches.All(batch => batch.Events.Count == 0))
        {
            return batches.Select(_ => (IReadOnlyList<AppendOutcome>)[]).ToList();
        }

        return await InTransactionAsync<IReadOnlyList<IReadOnlyList<AppendOutcome>>>(async (connection, transaction) =>
        {
            // The lock makes the identity values follow commit order: an append that waited here numbers its events
            // after every append that committed before it, so a reader's cursor never passes a later commit.
            await LockAsync(connection, transaction, AdvisoryLock.EventAppends, cancellationToken);
            var outcomes = new List<IReadOnlyList<AppendOutcome>>(batches.Count);
            foreach (var (tenant, events, _) in batches)
            {
                outcomes.Add(events.Count == 0 ? [] : await InsertAsync(connection, transaction, tenant, events, cancellationToken));
            }

            return outcomes;
        }, cancellationToken);
    }

    /// <summary>
    /// One statement for a batch, inserted in batch order; a (tenant, event_id) already stored, by this transaction too,
    /// or earlier in the batch, is skipped and does not come back from RETURNING.
    /// </summary>
    private static async Task<IReadOnlyList<AppendOutcome>> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, IReadOnlyList<IncomingEvent> events,
        CancellationToken cancellationToken)
    {
        var inserted = (await connection.QueryAsync<string>(Command(
            """
            INSERT INTO events (tenant, event_id, order_id, partition, at, received_at, json, tracking)
            SELECT @tenant, event_id, order_id, partition, at, received_at, json, tracking
            FROM unnest(@eventIds, @orderIds, @partitions, @ats, @receivedAts, @jsons, @trackings) WITH ORDINALITY
                AS batch (event_id, order_id, partition, at, received_at, json, tracking, position)
            ORDER BY position
            ON CONFLICT (tenant, event_id) DO NOTHING
            RETURNING event_id
            """,
            new
            {
                tenant,
                eventIds = events.Select(e => e.EventId).ToArray(),
                orderIds = events.Select(e => e.Order).ToArray(),
                partitions = events.Select(e => e.Partition).ToArray(),
                ats = events.Select(e => Columns.Timestamp(e.At)).ToArray(),
                receivedAts = events.Select(e => Columns.Timestamp(e.ReceivedAt)).ToArray(),
                // Npgsql writes text from strings; empty (refused, see IncomingEvent) goes as NULL, which the column refuses.
                jsons = events.Select(e => e.Json.IsEmpty ? null : Encoding.UTF8.GetString(e.Json.Span)).ToArray(),
                trackings = events.Select(e => e.Tracking).ToArray(),
            },
            transaction, cancellationToken))).ToHashSet(StringComparer.Ordinal);

        // The first occurrence of an inserted id was accepted; any other occurrence is a duplicate.
        return events.Select(e => inserted.Remove(e.EventId) ? AppendOutcome.Accepted : AppendOutcome.Duplicate).ToList();
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return WithConnectionAsync<IReadOnlyList<StoredEvent>>(async connection =>
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
        return WithConnectionAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            var rows = await connection.QueryAsync<EventRow>(Command(
                $"SELECT {EventColumns} FROM events WHERE tenant = @tenant AND order_id = @order ORDER BY sequence LIMIT @limit",
                new { tenant, order, limit }, null, cancellationToken));
            return rows.Select(row => row.ToStored()).ToList();
        }, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadTrackingEventsAsync(
        string tenant, IReadOnlyCollection<string> trackings, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trackings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (trackings.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        // events_by_tracking (tenant, tracking) WHERE tracking IS NOT NULL answers this; the IS NOT NULL term is spelled
        // out so the planner sees the partial index applies to the array comparison.
        return WithConnectionAsync<IReadOnlyList<StoredEvent>>(async connection =>
        {
            var rows = await connection.QueryAsync<EventRow>(Command(
                $"SELECT {EventColumns} FROM events WHERE tenant = @tenant AND tracking IS NOT NULL AND tracking = ANY(@trackings) ORDER BY sequence LIMIT @limit",
                new { tenant, trackings = trackings.ToArray(), limit }, null, cancellationToken));
            return rows.Select(row => row.ToStored()).ToList();
        }, cancellationToken);
    }

    public Task<long> CountEventsAsync(string? tenant, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => connection.ExecuteScalarAsync<long>(Command(
            tenant is null ? "SELECT count(*) FROM events" : "SELECT count(*) FROM events WHERE tenant = @tenant",
            new { tenant }, null, cancellationToken)), cancellationToken);

    private sealed record EventRow(
        long Sequence, string Tenant, string EventId, string? OrderId, int Partition, DateTime At, DateTime ReceivedAt, string Json)
    {
        public StoredEvent ToStored() =>
            new(Sequence, Tenant, EventId, OrderId, Partition, Columns.Instant(At), Columns.Instant(ReceivedAt), Json);
    }
}
