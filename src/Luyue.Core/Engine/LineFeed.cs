using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Core.Engine;

/// <summary>What <see cref="LineFeed.Apply"/> did with one line.</summary>
public enum LineOutcome : byte
{
    /// <summary>Parsed and queued for the engine.</summary>
    Queued,

    /// <summary>Refused: the error says which field and why.</summary>
    Rejected,

    /// <summary>Valid, but later than the time the caller stops at; not applied.</summary>
    AfterUntil,
}

/// <summary>
/// Parses JSON lines straight into an engine through an <see cref="EngineFeed"/>: a replay's loop. Scan, payment and
/// shipment lines of the plain shape, nearly all of a stream, are parsed into reused views (<see cref="ScanLine"/>,
/// <see cref="OrderLine"/>) instead of events, so that their ids, numbers, texts and the buyer's personal details never
/// become strings; every other line becomes its event. The engine judges the same inputs either way, so the findings
/// are those of parsing each line with <see cref="EventParser"/> and applying the event. Not thread-safe;
/// <see cref="Flush"/> after the last line, as for the feed.
/// </summary>
public sealed class LineFeed(ComplianceEngine engine)
{
    private readonly EventParser parser = new();
    private readonly EngineFeed feed = new(engine);

    // Lines are parsed a batch at a time, and the batch then fed to the engine: the engine's tables stay in the nearest
    // caches for a run of events instead of sharing them with the parser's every line. On the 1,000,000-order stream,
    // less CPU in 4 of 5 alternated pairs, about 4 % (docs/performance.md); the engine's share of the samples fell.
    private const int Batch = 32;

    // More of each than a batch and the feed hold together (Batch + EngineFeed.Held), used in turn: the view handed to
    // the parser is never one still queued. A power of two, so that the next is a mask, not a division.
    private const int Views = 64;
    private const int Mask = Views - 1;
    private readonly (FulfilmentEvent? Event, LineView? View)[] batch = new (FulfilmentEvent?, LineView?)[Batch];
    private int batched;
    private readonly ScanLine[] scans = Enumerable.Range(0, Views).Select(_ => new ScanLine()).ToArray();
    private readonly OrderLine[] orders = Enumerable.Range(0, Views).Select(_ => new OrderLine()).ToArray();
    private int nextScan;
    private int nextOrder;

    public ComplianceEngine Engine => engine;

    /// <summary>Parses one line and, unless it is refused or later than <paramref name="until"/>, queues it for the engine.</summary>
    public LineOutcome Apply(ReadOnlySpan<byte> line, Instant? until, out EventError? error)
    {
        if (!parser.TryParse(line, scans[nextScan], orders[nextOrder], out var e, out var view, out error))
        {
            return LineOutcome.Rejected;
        }

        if (until is { } end && (e?.At ?? view!.At) > end)
        {
            return LineOutcome.AfterUntil;
        }

        switch (view)
        {
            case null:
                break;
            case ScanLine:
                nextScan = (nextScan + 1) & Mask;
                break;
            default:
                nextOrder = (nextOrder + 1) & Mask;
                break;
        }

        batch[batched++] = (e, view);
        if (batched == Batch)
        {
            FeedBatch();
        }

        return LineOutcome.Queued;
    }

    /// <summary>Applies every queued line, then judges the last instant (<see cref="EngineFeed.Flush"/>).</summary>
    public void Flush()
    {
        FeedBatch();
        feed.Flush();
    }

    private void FeedBatch()
    {
        for (var i = 0; i < batched; i++)
        {
            var (e, view) = batch[i];
            if (view is null)
            {
                feed.Apply(e!);
            }
            else
            {
                feed.Apply(view);
            }

            batch[i] = default;
        }

        batched = 0;
    }
}
