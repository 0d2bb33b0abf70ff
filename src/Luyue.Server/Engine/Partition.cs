using System.Buffers;
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
/// <remarks>
/// Findings are stored beside the loop: at the end of a round the findings produced so far start to be stored if no
/// flush is in flight; otherwise they wait, and the loop goes on, until the end of a round that finds the flush done.
/// At most one flush in flight and each taking everything produced before it, per tenant they are stored, and reach the
/// observers, in the order they arose. (Awaiting the flush in the loop kept the engines idle about half the time under
/// full ingestion, waiting for the store's writer and its sync; waiting at a round's end for the previous round's flush
/// still a quarter of it.) Recovery does not depend on it: it re-derives the same findings from the events, whatever
/// was stored when the process stopped.
/// </remarks>
internal sealed class Partition(int index, EngineHost host)
{
    private readonly Channel<Func<Task>> inbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    // One engine per tenant, each with the feed that batches go through (Apply); a single event goes to the engine itself.
    private readonly Dictionary<string, EngineFeed> feeds = new(StringComparer.Ordinal);
    private readonly List<NewFinding> pending = [];
    // Questions that wait for everything derived before them to be stored (see SettledAsync); completed by the flush of
    // the round that took them.
    private readonly List<TaskCompletionSource> settling = [];
    // The flush in flight (or the last one, completed). Touched only by the partition's loop and by recovery, never both.
    private Task flushing = Task.CompletedTask;
    // Stopwatch ticks spent on work and moving the clocks (not waiting for work), and in the flushes beside the loop
    // (mostly waiting for the store's writer and sync), for /metrics.
    private long busyTicks, flushTicks;

    public int Index { get; } = index;

    private EngineHost Host => host;

    public IEnumerable<ComplianceEngine> Engines => feeds.Values.Select(feed => feed.Engine);

    public IEnumerable<KeyValuePair<string, ComplianceEngine>> EnginesByTenant =>
        feeds.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Engine));

    /// <summary>
    /// Time this partition's loop spent busy since start (its share of the wall clock: how near it is to limiting
    /// ingestion), and time its flushes took beside it (mostly waiting for the store).
    /// </summary>
    public PartitionBusy Busy => new(
        System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref busyTicks)),
        System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref flushTicks)));

    /// <summary>
    /// Applies one event. The clock is not moved to the arrival time first: a batch is applied as a whole (its events
    /// move the clock by their own times) and the clock then moves on to the wall clock, so a batch of history is judged
    /// like a replay of it rather than as late evidence against itself.
    /// </summary>
    public void Apply(string tenant, FulfilmentEvent e) => EngineFor(tenant).Apply(e);

    /// <summary>
    /// Applies a batch as <see cref="Apply(string, FulfilmentEvent)"/> would one by one, through the tenant's
    /// <see cref="EngineFeed"/>: each event's state is fetched into the caches while the events before it are applied
    /// (in replay, 9 % less CPU than applying directly). Nothing stays held in the feed afterwards.
    /// </summary>
    public void Apply(string tenant, List<FulfilmentEvent> batch)
    {
        var feed = FeedFor(tenant);
        foreach (var e in batch)
        {
            feed.Apply(e);
        }

        feed.Drain();
    }

    /// <summary>Moves every engine of the partition to <paramref name="time"/> (a no-op for those already past it).</summary>
    public void AdvanceTo(NodaTime.Instant time)
    {
        foreach (var feed in feeds.Values)
        {
            feed.Engine.AdvanceTo(time);
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

    /// <summary>
    /// Completes once the partition has applied everything posted before this call and stored the findings it derived
    /// (those of the clock's move at the end of that round included): what "settled" means for the tests and benchmarks.
    /// It takes as long as the flush in flight, then at most a round and the flush that follows.
    /// </summary>
    public Task SettledAsync()
    {
        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            settling.Add(settled);
            return Task.CompletedTask;
        });
        return settled.Task;
    }

    public ComplianceEngine EngineFor(string tenant) => FeedFor(tenant).Engine;

    private EngineFeed FeedFor(string tenant)
    {
        if (!feeds.TryGetValue(tenant, out var feed))
        {
            // The store indicators (IndicatorBoard) read the same scans: what one classifies, the other takes.
            feeds[tenant] = feed = new EngineFeed(new ComplianceEngine(host.BookFor(tenant), new Sink(this, tenant), SharingEngines));
        }

        return feed;
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

            AdvanceTo(host.Clock.GetCurrentInstant());

            if (flushing.IsCompleted)
            {
                StartFlush(stopping);
            }

            Interlocked.Add(ref busyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - round);
        }

        // What was derived before the stop is stored if the store lets it; recovery re-derives whatever is not.
        await flushing;
    }

    /// <summary>Stores the findings produced since the last flush, after it; completes once they are stored (recovery).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await flushing;
        StartFlush(cancellationToken);
        await flushing;
    }

    /// <summary>
    /// Starts storing the findings produced since the last flush, which has completed, and completes the questions
    /// waiting for them once they are stored.
    /// </summary>
    private void StartFlush(CancellationToken cancellationToken)
    {
        // A failed flush fails here, in the loop, as it did when the loop awaited it: the partition stops rather than
        // go on with findings it could not store.
        flushing.GetAwaiter().GetResult();
        if (pending.Count == 0 && settling.Count == 0)
        {
            return;
        }

        var batch = pending.ToList();
        var settled = settling.ToList();
        pending.Clear();
        settling.Clear();
        // On the thread pool: the store's write runs synchronously up to its sync when its lock is free, which would
        // keep it on the loop's thread.
        flushing = Task.Run(() => StoreAsync(batch, settled, cancellationToken), CancellationToken.None);
    }

    private async Task StoreAsync(List<NewFinding> batch, List<TaskCompletionSource> settled, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            if (batch.Count > 0)
            {
                var stored = await host.Store.AddFindingsAsync(batch, cancellationToken);
                host.CountStored(stored);
                if (stored.Count > 0)
                {
                    await host.NotifyAsync(stored, cancellationToken);
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var question in settled)
            {
                question.TrySetException(ex);
            }

            throw;
        }
        finally
        {
            Interlocked.Add(ref flushTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        }

        foreach (var question in settled)
        {
            question.TrySetResult();
        }
    }

    private static readonly EngineOptions SharingEngines = new() { ShareScanClassifications = true };

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One buffer and writer for the findings' JSON, reused: engines emit only on the partition's loop or in recovery,
    // never both at once. A stream, a writer and two copies per finding were an eighth of what ingestion allocated
    // (`ingest --orders 100000`: 1.7 GB, 1.5 GB with the buffer reused).
    private readonly ArrayBufferWriter<byte> findingJson = new(1024);
    private Utf8JsonWriter? findingWriter;

    private string Json(Finding finding)
    {
        findingJson.ResetWrittenCount();
        var json = findingWriter ??= new Utf8JsonWriter(findingJson, JsonOptions);
        json.Reset();
        FindingWriter.Write(json, finding);
        json.Flush();
        return Encoding.UTF8.GetString(findingJson.WrittenSpan);
    }

    private sealed class Sink(Partition partition, string tenant) : IFindingSink
    {
        public void Emit(Finding finding)
        {
            partition.Host.OnEmitted(tenant, finding);
            partition.pending.Add(new NewFinding(tenant, FindingKeys.Of(finding), finding.Kind.ToText(), finding.Rule, finding.Order, finding.Shop,
                finding.Platform, finding.At, finding.Amount, partition.Json(finding)));
        }
    }
}

/// <summary>A partition's busy times since start (see <see cref="Partition.Busy"/>).</summary>
public readonly record struct PartitionBusy(TimeSpan Total, TimeSpan Flush);
