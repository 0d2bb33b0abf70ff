using NodaTime;

namespace Luyue.Core.Storage;

/// <summary>Roles an API key can have: a merchant works its own tenant's data; a reviewer also decides filings; an admin manages tenants.</summary>
public enum Role : byte { Merchant, Reviewer, Admin }

public sealed record Tenant(string Id, string Name, Instant CreatedAt);

/// <summary>An API key as stored: only its SHA-256 hash, never the key itself.</summary>
public sealed record ApiKey(string Id, string? Tenant, Role Role, string Hash, Instant CreatedAt);

/// <summary>
/// One event to append. <see cref="EventId"/> is the event's own <c>id</c> (or a content hash when it has none), so that
/// the same event sent twice is stored once per tenant. <see cref="Partition"/> is the hash partition of the order key
/// (see docs/architecture.md); <see cref="Json"/> is the event exactly as CONTRACT.md writes it, in UTF-8 as it arrived
/// (it goes to the store without a UTF-16 copy; reads return it as a string), never empty: a store refuses an empty one
/// as it refuses a missing column. It may be a slice of a buffer the caller reuses once the append has completed, so a
/// store must not keep it. <see cref="ReceivedAt"/> is the server's clock when the event was acknowledged: a restart
/// replays each event at its arrival time, so recovery re-derives exactly the findings the live run produced.
/// <see cref="Tracking"/> is a scan's tracking number (null for every other event): scans name no order, and the order
/// page finds them by the numbers the order used. A struct: ingestion makes one per accepted event, and as objects they
/// were a tenth of what it allocated.
/// </summary>
public readonly record struct IncomingEvent(
    string EventId, string? Order, int Partition, Instant At, Instant ReceivedAt, ReadOnlyMemory<byte> Json, string? Tracking = null);

/// <summary>A stored event with its store-assigned sequence number, increasing in commit order (the replay order after a restart).</summary>
public sealed record StoredEvent(long Sequence, string Tenant, string EventId, string? Order, int Partition, Instant At, Instant ReceivedAt, string Json);

public enum AppendOutcome : byte { Accepted, Duplicate }

/// <summary>
/// One tenant's events, one of the batches of <see cref="IStore.AppendEventBatchesAsync"/>. <see cref="Fingerprints"/>,
/// when given, holds <see cref="EventFingerprint.Of(string, string)"/> of <see cref="Tenant"/> and each event's id, in
/// order, computed by the caller ahead of its serial section; a store that needs them and is given none computes them.
/// </summary>
public sealed record EventBatch(string Tenant, IReadOnlyList<IncomingEvent> Events, IReadOnlyList<EventFingerprint>? Fingerprints = null);

/// <summary>
/// Batches committed by <see cref="IStore.CommitEventBatchesAsync"/>: their outcomes (one list per batch), and a task
/// that completes once they are durable, or fails if they could not be made so. Nothing may be acknowledged before it.
/// </summary>
public sealed record CommittedAppend(IReadOnlyList<IReadOnlyList<AppendOutcome>> Outcomes, Task Durable);

/// <summary>A request answered under an <c>Idempotency-Key</c>: the same key and body get the same answer.</summary>
public sealed record IdempotentResponse(string Tenant, string Key, string RequestHash, int Status, string Body, Instant At);

/// <summary>
/// A finding as stored. <see cref="FindingKey"/> identifies it deterministically (kind, rule, order, at, tracking …) so
/// that re-deriving findings after a restart never stores one twice.
/// </summary>
public sealed record StoredFinding(
    long Sequence, string Tenant, string FindingKey, string Kind, string Rule, string? Order, string? Shop, string? Platform,
    Instant At, decimal? Amount, string Json);

public sealed record NewFinding(
    string Tenant, string FindingKey, string Kind, string Rule, string? Order, string? Shop, string? Platform, Instant At, decimal? Amount, string Json);

/// <summary>
/// Filters for findings; every one optional, and those given must all match. <see cref="From"/> is inclusive and
/// <see cref="To"/> exclusive (<c>From &lt;= At &lt; To</c>), so adjacent ranges neither overlap nor leave a gap.
/// Results come in sequence order; <see cref="After"/> is the cursor: the <see cref="FindingPage.Next"/> of the previous page.
/// </summary>
public sealed record FindingQuery(string Tenant)
{
    public string? Order { get; init; }
    public string? Shop { get; init; }
    public string? Platform { get; init; }
    public string? Rule { get; init; }
    public string? Kind { get; init; }
    public Instant? From { get; init; }
    public Instant? To { get; init; }
    public long? After { get; init; }
    public int Limit { get; init; } = 100;
}

/// <summary>One page of findings. <see cref="Next"/> is the last item's sequence when more rows match, null on the last page.</summary>
public sealed record FindingPage(IReadOnlyList<StoredFinding> Items, long? Next);

public sealed record Webhook(string Id, string Tenant, string Url, string Secret, Instant CreatedAt);

public enum DeliveryState : byte { Pending, Delivered, Dead }

/// <summary>One webhook delivery of one finding, retried with backoff until delivered or dead (dead-letter list).</summary>
public sealed record Delivery(
    string Id, string Tenant, string Webhook, long FindingSequence, string Body, DeliveryState State, int Attempts,
    Instant NextAttemptAt, string? LastError, Instant CreatedAt);

/// <summary>
/// A rule pack a tenant uploaded (validated before it is stored), effective for orders paid on or after its date.
/// <see cref="Tenant"/> is null for a global pack, one that applies to every tenant.
/// </summary>
public sealed record StoredRulePack(string? Tenant, string Platform, string Version, LocalDate EffectiveFrom, string Json, Instant UploadedAt);

/// <summary>
/// The one storage interface (STYLE §6): SQLite embedded, PostgreSQL in production, both passing the same compliance
/// suite. A completed append is durable. "Now" is always a parameter: a store never reads a clock.
/// Instants are kept to the millisecond (finer parts are dropped, the same on every store).
/// Implementations are safe to call from several threads.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema; called once at start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends events atomically (the whole batch or none of it) and durably; one outcome per event, in order.
    /// Duplicates (tenant, event id) are not stored again, including a second occurrence within the same batch.
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendEventsAsync(string tenant, IReadOnlyList<IncomingEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Appends several batches, of one tenant or several, in one transaction: all of them or none, made durable together
    /// (one sync for the lot: the server commits the batches of concurrent requests this way). Stored in list order, so
    /// sequences follow it; duplicates are decided as by <see cref="AppendEventsAsync"/>, across the batches too (an
    /// event id an earlier batch of the same tenant holds is a duplicate). One list of outcomes per batch, in order.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<AppendOutcome>>> AppendEventBatchesAsync(IReadOnlyList<EventBatch> batches, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="AppendEventBatchesAsync"/> in two steps, for a caller that orders its appends itself (ingestion's group
    /// commit): completes once the batches are committed (sequences handed out, readers see them, a later append is
    /// stored after them) and hands back a task that completes once they are durable. The caller can start its next
    /// append while this one is being synced; a store whose commit is its sync hands back a completed task.
    /// </summary>
    Task<CommittedAppend> CommitEventBatchesAsync(IReadOnlyList<EventBatch> batches, CancellationToken cancellationToken);

    /// <summary>Stored events after <paramref name="afterSequence"/>, in sequence order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The tenant's stored events about one order (those whose <see cref="IncomingEvent.Order"/> is it: paid, shipped,
    /// tracking changes, refunds, complaints, filings), in sequence order, at most <paramref name="limit"/>: the raw
    /// texts behind the order page. Scans name a tracking number, not an order, and are not among them.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadOrderEventsAsync(string tenant, string order, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The tenant's stored scans of any of <paramref name="trackings"/> (those appended with that
    /// <see cref="IncomingEvent.Tracking"/>), in sequence order, at most <paramref name="limit"/>: the trace on the order page.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadTrackingEventsAsync(
        string tenant, IReadOnlyCollection<string> trackings, int limit, CancellationToken cancellationToken);

    /// <summary>Stored events of <paramref name="tenant"/>, or of every tenant for null.</summary>
    Task<long> CountEventsAsync(string? tenant, CancellationToken cancellationToken);

    Task<IdempotentResponse?> GetIdempotentResponseAsync(string tenant, string key, CancellationToken cancellationToken);

    /// <summary>Stores the answer for a key; false when the key already has one (the caller then answers with the stored one).</summary>
    Task<bool> PutIdempotentResponseAsync(IdempotentResponse response, CancellationToken cancellationToken);

    /// <summary>Adds findings; those whose (tenant, finding key) is already stored are skipped. Returns the stored rows of the new ones.</summary>
    Task<IReadOnlyList<StoredFinding>> AddFindingsAsync(IReadOnlyList<NewFinding> findings, CancellationToken cancellationToken);

    Task<FindingPage> QueryFindingsAsync(FindingQuery query, CancellationToken cancellationToken);

    /// <summary>Creates a tenant; when the id exists already, returns the stored tenant unchanged (compare its name to tell).</summary>
    Task<Tenant> CreateTenantAsync(string id, string name, Instant now, CancellationToken cancellationToken);

    Task<Tenant?> GetTenantAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores a key. Ids and hashes are unique: <see cref="InvalidOperationException"/> when either is stored already.</summary>
    Task AddApiKeyAsync(ApiKey key, CancellationToken cancellationToken);

    Task<ApiKey?> FindApiKeyByHashAsync(string hash, CancellationToken cancellationToken);

    Task<bool> AnyAdminKeyAsync(CancellationToken cancellationToken);

    /// <summary>Stores a webhook and returns it as stored; <see cref="InvalidOperationException"/> when its id is taken.</summary>
    Task<Webhook> AddWebhookAsync(Webhook webhook, CancellationToken cancellationToken);

    /// <summary>The tenant's webhooks, oldest first.</summary>
    Task<IReadOnlyList<Webhook>> ListWebhooksAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Deletes the tenant's webhook; false when the tenant has none with that id. Its queued deliveries stay.</summary>
    Task<bool> DeleteWebhookAsync(string tenant, string id, CancellationToken cancellationToken);

    /// <summary>Queues deliveries; one already queued (same id, or same webhook and finding sequence) is skipped.</summary>
    Task EnqueueDeliveriesAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Pending deliveries due at or before <paramref name="now"/>, oldest first (by due time, then id).</summary>
    Task<IReadOnlyList<Delivery>> DueDeliveriesAsync(Instant now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records an attempt: state, attempts, next attempt time and last error of the tenant's delivery with that id.
    /// <see cref="InvalidOperationException"/> when there is none.
    /// </summary>
    Task UpdateDeliveryAsync(Delivery delivery, CancellationToken cancellationToken);

    /// <summary>The tenant's deliveries, in one state or all, oldest first (by creation time, then id).</summary>
    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string tenant, DeliveryState? state, int limit, CancellationToken cancellationToken);

    Task<Delivery?> GetDeliveryAsync(string tenant, string id, CancellationToken cancellationToken);

    /// <summary>Stores a pack; one with the same (tenant, platform, version) is replaced.</summary>
    Task SaveRulePackAsync(StoredRulePack pack, CancellationToken cancellationToken);

    /// <summary>
    /// The packs stored for <paramref name="tenant"/> (not the global ones); for null, every stored pack, each tenant's
    /// and the global ones. Ordered by tenant (global first), platform, effective date, version.
    /// </summary>
    Task<IReadOnlyList<StoredRulePack>> ListRulePacksAsync(string? tenant, CancellationToken cancellationToken);
}
