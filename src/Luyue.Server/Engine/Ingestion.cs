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

    public Ingestion(IStore store, EngineHost host, IClock clock)
    {
        this.store = store;
        this.host = host;
        this.clock = clock;
        host.Recovered += Track;
    }

    public async Task<IngestResult> IngestAsync(string tenant, IReadOnlyList<(long Line, byte[] Json)> lines, CancellationToken ct)
    {
        await host.Ready.WaitAsync(ct);
        var parser = new EventParser();
        var errors = new List<Rejection>();
        var incoming = new List<IncomingEvent>();
        var parsed = new List<FulfilmentEvent>();
        var receivedAt = clock.GetCurrentInstant();
        foreach (var (line, json) in lines)
        {
            if (!parser.TryParse(json, out var e, out var error))
            {
                errors.Add(new Rejection(line, error!.Field, error.Reason));
                continue;
            }

            var order = OrderOf(e!);
            incoming.Add(new IncomingEvent(e!.Id ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json)), order,
                order is null ? 0 : host.PartitionOf(tenant, order), e.At, receivedAt, Encoding.UTF8.GetString(json)));
            parsed.Add(e);
        }

        var outcomes = incoming.Count == 0 ? [] : await store.AppendEventsAsync(tenant, incoming, ct);
        var accepted = new List<(FulfilmentEvent, Instant)>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i] == AppendOutcome.Accepted)
            {
                accepted.Add((parsed[i], receivedAt));
                Track(tenant, parsed[i]);
            }
        }

        host.Submit(tenant, accepted);
        return new IngestResult(accepted.Count, outcomes.Count - accepted.Count, errors.Count, errors);
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
