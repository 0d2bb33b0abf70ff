using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Storage;

namespace Luyue.Server.Engine;

/// <summary>
/// One partition: the single thread that owns the engines (one per tenant) of the orders hashed to it. Work arrives on
/// a channel; between work it moves the engines' clocks to the wall clock, so deadlines fire on time with no event.
/// Findings are made durable, then handed to the observers (live stream, webhooks).
/// </summary>
internal sealed class Partition(int index, EngineHost host)
{
    private readonly Channel<Func<Task>> inbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, ComplianceEngine> engines = new(StringComparer.Ordinal);
    private readonly List<NewFinding> pending = [];
    // Stopwatch ticks spent on work, moving the clocks and the findings' flush (not waiting for work), and in the flush
    // alone (mostly waiting for the store's writer and sync), for /metrics.
    private long busyTicks, flushTicks;

    public int Index { get; } = index;

    private EngineHost Host => host;

    public IEnumerable<ComplianceEngine> Engines => engines.Values;

    public IEnumerable<KeyValuePair<string, ComplianceEngine>> EnginesByTenant => engines;

    /// <summary>
    /// Time this partition's loop spent busy since start (its share of the wall clock: how near it is to limiting
    /// ingestion), and the part of it spent storing findings (awaited in the loop, mostly waiting for the store).
    /// </summary>
    public (TimeSpan Total, TimeSpan Flush) Busy =>
        (System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref busyTicks)),
         System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref flushTicks)));

    /// <summary>
    /// Applies one event. The clock is not moved to the arrival time first: a batch is applied as a whole (its events
    /// move the clock by their own times) and the clock then moves on to the wall clock, so a batch of history is judged
    /// like a replay of it rather than as late evidence against itself.
    /// </summary>
    public void Apply(string tenant, FulfilmentEvent e) => EngineFor(tenant).Apply(e);

    /// <summary>Moves every engine of the partition to <paramref name="time"/> (a no-op for those already past it).</summary>
    public void AdvanceTo(NodaTime.Instant time)
    {
        foreach (var engine in engines.Values)
        {
            engine.AdvanceTo(time);
        }
    }

    public void Post(Func<Task> work) => inbox.Writer.TryWrite(work);

    /// <summary>Runs <paramref name="query"/> on the partition's thread, where the engines may be touched.</summary>
    public Task<T> AskAsync<T>(Func<Partition, T> query)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            answer.SetResult(query(this));
            return Task.CompletedTask;
        });
        return answer.Task;
    }

    public ComplianceEngine EngineFor(string tenant)
    {
        if (!engines.TryGetValue(tenant, out var engine))
        {
            engines[tenant] = engine = new ComplianceEngine(host.BookFor(tenant), new Sink(this, tenant));
        }

        return engine;
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var tick = TimeSpan.FromMilliseconds(host.Options.TickMilliseconds);
        while (!stopping.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                wait.CancelAfter(tick);
                try
                {
                    await inbox.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // the tick: no work arrived
                }
            }

            // At most a tick's worth of work per round: with a backlog (ingestion faster than the engines) an unbounded
            // drain would hold back the clock and the findings' flush for as long as the backlog lasts.
            var round = System.Diagnostics.Stopwatch.GetTimestamp();
            while (inbox.Reader.TryRead(out var work))
            {
                await work();
                if (System.Diagnostics.Stopwatch.GetElapsedTime(round) >= tick)
                {
                    break;
                }
            }

            var now = host.Clock.GetCurrentInstant();
            foreach (var engine in engines.Values)
            {
                engine.AdvanceTo(now);
            }

            var flush = System.Diagnostics.Stopwatch.GetTimestamp();
            await FlushAsync(stopping);
            var end = System.Diagnostics.Stopwatch.GetTimestamp();
            Interlocked.Add(ref flushTicks, end - flush);
            Interlocked.Add(ref busyTicks, end - round);
        }
    }

    /// <summary>Stores the findings produced since the last flush; the new ones go to the observers.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var batch = pending.ToList();
        pending.Clear();
        var stored = await host.Store.AddFindingsAsync(batch, cancellationToken);
        host.CountStored(stored);
        if (stored.Count > 0)
        {
            await host.NotifyAsync(stored, cancellationToken);
        }
    }

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class Sink(Partition partition, string tenant) : IFindingSink
    {
        public void Emit(Finding finding)
        {
            partition.Host.OnEmitted(tenant, finding);
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                FindingWriter.Write(json, finding);
            }

            partition.pending.Add(new NewFinding(tenant, FindingKeys.Of(finding), finding.Kind.ToText(), finding.Rule, finding.Order, finding.Shop,
                finding.Platform, finding.At, finding.Amount, Encoding.UTF8.GetString(buffer.ToArray())));
        }
    }
}
