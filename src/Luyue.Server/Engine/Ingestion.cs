using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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
    private readonly IStore store;
    private readonly EngineHost host;
    private readonly IClock clock;
    private long acceptedTotal, duplicateTotal, rejectedTotal;
    private readonly SemaphoreSlim appending = new(1, 1);
    private Instant lastArrival = Instant.MinValue;

    public Ingestion(IStore store, EngineHost host, IClock clock)
    {
        this.store = store;
        this.host = host;
        this.clock = clock;
        host.Recovered += Track;
    }

    /// <summary>
    /// Ingests the lines of one request. <paramref name="lines"/> may be slices of a pooled buffer: they are not kept
    /// once this completes (what is stored and what the engines get own their text).
    /// </summary>
    public async Task<IngestResult> IngestAsync(string tenant, IReadOnlyList<(long Line, ReadOnlyMemory<byte> Json)> lines, CancellationToken ct)
    {
        await host.Ready.WaitAsync(ct);
        var parser = new EventParser();
        var errors = new List<Rejection>();
        var valid = new List<(FulfilmentEvent Event, string Id, string? Order, ReadOnlyMemory<byte> Json)>(lines.Count);
        foreach (var (line, json) in lines)
        {
            if (!parser.TryParse(json.Span, out var e, out var error))
            {
                errors.Add(new Rejection(line, error!.Field, error.Reason));
                continue;
            }

            valid.Add((e!, e!.Id ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json.Span)), OrderOf(e), json));
        }

        IReadOnlyList<AppendOutcome> outcomes = [];
        var accepted = new List<(FulfilmentEvent, Instant)>();
        if (valid.Count > 0)
        {
            // One batch at a time from stamping to hand-over, so that the engines see batches in commit order (the order
            // recovery replays them in) and each at its own arrival time. The stores serialise appends anyway.
            await appending.WaitAsync(ct);
            try
            {
                var receivedAt = NextArrival();
                var incoming = valid.ConvertAll(v => new IncomingEvent(v.Id, v.Order, v.Order is null ? 0 : host.PartitionOf(tenant, v.Order),
                    v.Event.At, receivedAt, Encoding.UTF8.GetString(v.Json.Span), (v.Event as Scan)?.Tracking));
                // Not cancelled once started: an append that commits must reach the engines, whether or not the caller waits.
                outcomes = await store.AppendEventsAsync(tenant, incoming, CancellationToken.None);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    if (outcomes[i] == AppendOutcome.Accepted)
                    {
                        accepted.Add((valid[i].Event, receivedAt));
                        Track(tenant, valid[i].Event);
                    }
                }

                host.Submit(tenant, accepted);
            }
            finally
            {
                appending.Release();
            }
        }

        Interlocked.Add(ref acceptedTotal, accepted.Count);
        Interlocked.Add(ref duplicateTotal, outcomes.Count - accepted.Count);
        Interlocked.Add(ref rejectedTotal, errors.Count);
        return new IngestResult(accepted.Count, outcomes.Count - accepted.Count, errors.Count, errors);
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
    internal void Track(string tenant, FulfilmentEvent e)
    {
        switch (e)
        {
            case FilingSubmitted f:
                filings.AddOrUpdate((tenant, f.Filing),
                    _ => new FilingStatus(f.Filing, f.Order, f.Reason, f.Detail, f.At, null, null),
                    (_, old) => old with { Order = f.Order, Reason = f.Reason, Detail = f.Detail, SubmittedAt = f.At });
                break;
            case FilingDecided d:
                filings.AddOrUpdate((tenant, d.Filing),
                    _ => new FilingStatus(d.Filing, "", "", null, d.At, d.Approved, d.At),
                    (_, old) => old with { Approved = d.Approved, DecidedAt = d.At });
                break;
        }
    }

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
