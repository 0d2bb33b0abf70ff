using System.Collections.Concurrent;
using System.Security.Cryptography;
using Luyue.Core.Events;
using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Server.Engine;

public sealed record Rejection(long Line, string Field, string Reason);

public sealed record IngestResult(int Accepted, int Duplicate, int Rejected, IReadOnlyList<Rejection> Errors);

/// <summary>A filing as the API shows it: submitted by a merchant, decided by a reviewer.</summary>
public sealed record FilingStatus(string Filing, string Order, string Reason, string? Detail, Instant SubmittedAt, bool? Approved, Instant? DecidedAt);

/// <summary>
/// The one path by which events enter: parse (rejecting bad lines with line, field and reason), append durably to the
/// store, then hand what was accepted to the engines. Used by the events endpoint and by endpoints that create events
/// (filings, decisions).
/// </summary>
public sealed class Ingestion
{
    private readonly ConcurrentDictionary<(string Tenant, string Filing), FilingStatus> filings = new();
    // Parsers kept between requests, one per request at a time: a parser shares the strings of values that repeat
    // (carriers, shops, sites, provinces) only as far as its cache has seen them, and a new one per request started
    // cold, so every request made its own copies; the engine, which recognises a site by its string's identity before
    // hashing it, then missed on every request's first sight of each.
    private readonly ConcurrentBag<EventParser> parsers = [];
    private readonly IStore store;
    private readonly EngineHost host;
    private readonly IClock clock;
    private long acceptedTotal, duplicateTotal, rejectedTotal;
    // Batches of one group commit at most: bounds one transaction, and what one failure fails.
    private const int MaxGroup = 16;
    // The writer's turn (see CommitAsync) and the batches waiting for it.
    private readonly SemaphoreSlim appending = new(1, 1);
    private readonly Queue<Pending> queue = new();
    // Handing committed groups to the engines, in commit order (see CommitGroupAsync).
    private readonly Lock submitting = new();
    private Instant lastArrival = Instant.MinValue;
    // Stopwatch ticks spent holding the writer's turn, and in the store's append within it (for /metrics).
    private long writerTicks, appendTicks;

    public Ingestion(IStore store, EngineHost host, IClock clock)
    {
        this.store = store;
        this.host = host;
        this.clock = clock;
        host.Recovered += Track;
    }

    /// <summary>
    /// Ingests the lines of one request. <paramref name="lines"/> may be slices of a pooled buffer: they are not kept
    /// once this completes. The rows hand the store those slices as they are (UTF-8, no copy: the append has completed
    /// when this does), and what the engines get owns its text.
    /// </summary>
    public async Task<IngestResult> IngestAsync(string tenant, IReadOnlyList<(long Line, ReadOnlyMemory<byte> Json)> lines, CancellationToken ct)
    {
        await host.Ready.WaitAsync(ct);
        var (valid, fingerprints, errors) = Parse(tenant, lines);
        IReadOnlyList<AppendOutcome> outcomes = [];
        var accepted = 0;
        if (valid.Count > 0)
        {
            outcomes = await CommitAsync(new Pending(tenant, valid, fingerprints));
            accepted = outcomes.Count(outcome => outcome == AppendOutcome.Accepted);
        }

        Interlocked.Add(ref acceptedTotal, accepted);
        Interlocked.Add(ref duplicateTotal, outcomes.Count - accepted);
        Interlocked.Add(ref rejectedTotal, errors.Count);
        return new IngestResult(accepted, outcomes.Count - accepted, errors.Count, errors);
    }

    /// <summary>
    /// Parses a request's lines with a pooled parser (see <see cref="parsers"/>), rejecting bad lines with line, field
    /// and reason, and makes each valid event's row, all but its arrival time, with its fingerprint.
    /// </summary>
    private (List<Parsed> Valid, List<EventFingerprint> Fingerprints, List<Rejection> Errors) Parse(
        string tenant, IReadOnlyList<(long Line, ReadOnlyMemory<byte> Json)> lines)
    {
        var parser = parsers.TryTake(out var pooled) ? pooled : new EventParser();
        var errors = new List<Rejection>();
        var valid = new List<Parsed>(lines.Count);
        var fingerprints = new List<EventFingerprint>(lines.Count);
        try
        {
            foreach (var (line, json) in lines)
            {
                if (!parser.TryParse(json.Span, out var e, out var error))
                {
                    errors.Add(new Rejection(line, error!.Field, error.Reason));
                    continue;
                }

                // Everything of the row but its arrival time is made here, on the request's thread, so that requests
                // overlap in it; the group's writer only stamps and stores. The fingerprints (SHA-256, what the store
                // decides duplicates by) too: hashed in the store they were part of the writer's turn.
                var order = OrderOf(e!);
                var id = e!.Id ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json.Span));
                valid.Add(new Parsed(e!, id, order, order is null ? 0 : host.PartitionOf(tenant, order), json, (e as Scan)?.Tracking));
                fingerprints.Add(EventFingerprint.Of(tenant, id));
            }
        }
        finally
        {
            parsers.Add(parser);
        }

        return (valid, fingerprints, errors);
    }

    /// <summary>
    /// Group commit: the batch joins the queue, and whichever request holds the writer's turn stores every batch queued
    /// by then in one transaction (<see cref="IStore.CommitEventBatchesAsync"/>), gives the turn up, hands them to the
    /// engines in that order and waits for their sync. So a request's parse overlaps the commits before it, the next
    /// group is stored while this one is synced, and several clients share syncs. Completes when the batch is durable.
    /// </summary>
    /// <remarks>
    /// Not cancellable: a queued batch is committed by whichever request takes the next turn, whether or not its own
    /// caller still waits, and an append that commits must reach the engines.
    /// </remarks>
    private async Task<IReadOnlyList<AppendOutcome>> CommitAsync(Pending pending)
    {
        lock (queue)
        {
            queue.Enqueue(pending);
        }

        // A turn stores at most MaxGroup batches; the owner of a batch left queued keeps taking turns until another turn
        // or its own has taken it (that turn completes it, after giving the turn up).
        while (!IsTaken(pending))
        {
            await appending.WaitAsync(CancellationToken.None);
            if (IsTaken(pending))
            {
                appending.Release();
                break;
            }

            await CommitGroupAsync();
        }

        return await pending.Done.Task;
    }

    private bool IsTaken(Pending pending)
    {
        lock (queue)
        {
            return pending.Taken;
        }
    }

    /// <summary>
    /// Stores the queued batches, each stamped with its own arrival time, in queue order, so that the engines see
    /// batches in commit order (the order recovery replays them in) and each at its own arrival time, as recovery does.
    /// Called with the writer's turn held; gives it up once the group is committed, before handing the group to the
    /// engines and waiting for its sync; completes the group's requests once it is durable.
    /// </summary>
    /// <remarks>
    /// The turn is given up under <see cref="submitting"/>, taken before it is released: the next group can be stored
    /// while this one is routed to the partitions and synced, and still reaches the partitions after this one. (Routing
    /// a group of up to 16,000 events, then the sync, held the turn, and nothing could be stored meanwhile.) The engines
    /// may see a group before it is durable; what they derive becomes visible only as stored findings, committed and
    /// synced after it in the same log, so nothing outside the process learns of events that a power cut could undo.
    /// </remarks>
    private async Task CommitGroupAsync()
    {
        var turn = System.Diagnostics.Stopwatch.GetTimestamp();
        var group = new List<Pending>();
        lock (queue)
        {
            while (group.Count < MaxGroup && queue.TryDequeue(out var next))
            {
                next.Taken = true;
                group.Add(next);
            }
        }

        var stamped = group.ConvertAll(p => (Pending: p, ReceivedAt: NextArrival()));
        CommittedAppend committed;
        try
        {
            var append = System.Diagnostics.Stopwatch.GetTimestamp();
            committed = await store.CommitEventBatchesAsync(stamped.ConvertAll(b => new EventBatch(b.Pending.Tenant,
                new StampedEvents(b.Pending.Events, b.ReceivedAt), b.Pending.Fingerprints)),
                CancellationToken.None);
            Interlocked.Add(ref appendTicks, System.Diagnostics.Stopwatch.GetTimestamp() - append);
        }
        catch (Exception ex)
        {
            // None of the group is stored: every request in it fails as its own append would have.
            Fail(group, ex);
            EndTurn(turn);
            return;
        }

        var outcomes = committed.Outcomes;

        submitting.Enter();
        EndTurn(turn);
        try
        {
            for (var b = 0; b < stamped.Count; b++)
            {
                var (pending, receivedAt) = stamped[b];
                var accepted = new List<FulfilmentEvent>(outcomes[b].Count);
                for (var i = 0; i < outcomes[b].Count; i++)
                {
                    if (outcomes[b][i] == AppendOutcome.Accepted)
                    {
                        accepted.Add(pending.Events[i].Event);
                        Track(pending.Tenant, pending.Events[i].Event);
                    }
                }

                host.Submit(pending.Tenant, accepted, receivedAt);
            }
        }
        catch (Exception ex)
        {
            // Whatever failed, no request of the group may wait for ever.
            Fail(group, ex);
            throw;
        }
        finally
        {
            submitting.Exit();
        }

        try
        {
            await committed.Durable;
        }
        catch (Exception ex)
        {
            // Committed but not known to be on disk: not acknowledged. The client's retry is told which ids are stored.
            Fail(group, ex);
            return;
        }

        for (var b = 0; b < stamped.Count; b++)
        {
            stamped[b].Pending.Done.TrySetResult(outcomes[b]);
        }
    }

    private static void Fail(List<Pending> group, Exception ex)
    {
        foreach (var p in group)
        {
            p.Done.TrySetException(ex);
        }
    }

    private void EndTurn(long started)
    {
        Interlocked.Add(ref writerTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        appending.Release();
    }

    /// <summary>
    /// Time spent holding the writer's turn since start (stamping, the store's commit), and the store's commit alone
    /// (the sync comes after the turn): what every acknowledgement waits for in turn, so its share of the wall clock says
    /// how close the single writer is to being what limits ingestion (for /metrics).
    /// </summary>
    public (TimeSpan Turn, TimeSpan Append) WriterBusy =>
        (System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref writerTicks)),
         System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref appendTicks)));

    /// <summary>A parsed event with its row made, all but the arrival time (a struct: held in the batch's list only).</summary>
    private readonly record struct Parsed(FulfilmentEvent Event, string Id, string? Order, int Partition, ReadOnlyMemory<byte> Json, string? Tracking);

    /// <summary>
    /// A batch's parsed events as the store takes them, stamped with the batch's arrival as they are read, rather than
    /// copied into an array of rows (96 bytes an event for the collector, in the writer's turn).
    /// </summary>
    private sealed class StampedEvents(List<Parsed> parsed, Instant receivedAt) : IReadOnlyList<IncomingEvent>
    {
        public int Count => parsed.Count;

        public IncomingEvent this[int index]
        {
            get
            {
                var v = parsed[index];
                return new IncomingEvent(v.Id, v.Order, v.Partition, v.Event.At, receivedAt, v.Json, v.Tracking);
            }
        }

        public IEnumerator<IncomingEvent> GetEnumerator()
        {
            for (var i = 0; i < parsed.Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A request's batch waiting for the writer's turn, with its events' fingerprints; completed with its outcomes once durable.</summary>
    private sealed record Pending(string Tenant, List<Parsed> Events, List<EventFingerprint> Fingerprints)
    {
        public TaskCompletionSource<IReadOnlyList<AppendOutcome>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Taken off the queue by a turn (set under the queue's lock); that turn completes <see cref="Done"/>.</summary>
        public bool Taken { get; set; }
    }

    /// <summary>
    /// The arrival time of the next batch: the clock to the millisecond (what the store keeps), and always after the
    /// previous batch's, so that recovery tells batches apart by it and moves the clock between them as the live run did.
    /// </summary>
    private Instant NextArrival()
    {
        var now = Instant.FromUnixTimeMilliseconds(clock.GetCurrentInstant().ToUnixTimeMilliseconds());
        if (host.LastRecoveredArrival is { } recovered && recovered > lastArrival)
        {
            lastArrival = recovered;
        }

        lastArrival = now > lastArrival ? now : lastArrival + Duration.FromMilliseconds(1);
        return lastArrival;
    }

    /// <summary>Creates one event (a filing, a decision) and ingests it.</summary>
    public Task<IngestResult> IngestAsync(string tenant, FulfilmentEvent e, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var writer = new EventWriter(buffer))
        {
            writer.Write(e);
        }

        return IngestAsync(tenant, [(1, buffer.ToArray().AsSpan().TrimEnd((byte)'\n').ToArray())], ct);
    }

    /// <summary>Events this process has taken in since start (recovery not included), by outcome, for /metrics.</summary>
    public (long Accepted, long Duplicate, long Rejected) Totals =>
        (Interlocked.Read(ref acceptedTotal), Interlocked.Read(ref duplicateTotal), Interlocked.Read(ref rejectedTotal));

    public IReadOnlyList<FilingStatus> Filings(string tenant) =>
        filings.Where(f => f.Key.Tenant == tenant).Select(f => f.Value).OrderBy(f => f.SubmittedAt).ToList();

    public FilingStatus? Filing(string tenant, string id) => filings.GetValueOrDefault((tenant, id));

    /// <summary>Keeps the filing list (also fed by recovery, through <see cref="EngineHost"/>).</summary>
    /// <remarks>
    /// Called for every accepted event; the updates are methods of their own because a lambda capturing a pattern
    /// variable here made the compiler allocate its closure on every call, scans included (a thirtieth of what
    /// ingestion allocated).
    /// </remarks>
    internal void Track(string tenant, FulfilmentEvent e)
    {
        switch (e)
        {
            case FilingSubmitted f:
                Submitted(tenant, f);
                break;
            case FilingDecided d:
                Decided(tenant, d);
                break;
        }
    }

    private void Submitted(string tenant, FilingSubmitted f) =>
        filings.AddOrUpdate((tenant, f.Filing),
            _ => new FilingStatus(f.Filing, f.Order, f.Reason, f.Detail, f.At, null, null),
            (_, old) => old with { Order = f.Order, Reason = f.Reason, Detail = f.Detail, SubmittedAt = f.At });

    private void Decided(string tenant, FilingDecided d) =>
        filings.AddOrUpdate((tenant, d.Filing),
            _ => new FilingStatus(d.Filing, "", "", null, d.At, d.Approved, d.At),
            (_, old) => old with { Approved = d.Approved, DecidedAt = d.At });

    internal static string? OrderOf(FulfilmentEvent e) => e switch
    {
        OrderPaid p => p.Order,
        OrderShipped s => s.Order,
        TrackingChanged t => t.Order,
        OrderRefunded r => r.Order,
        OrderClosed c => c.Order,
        Complaint c => c.Order,
        FilingSubmitted f => f.Order,
        _ => null,
    };
}
