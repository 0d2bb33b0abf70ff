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

    // More of each than the feed holds (at least one more), used in turn: the view handed to the parser is never one
    // still queued. As many as the feed's ring, a power of two, so that the next is a mask, not a division.
    private const int Views = EngineFeed.RingSize;
    private const int Mask = Views - 1;
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
                feed.Apply(e!);
                break;
            case ScanLine:
                feed.Apply(view);
                nextScan = (nextScan + 1) & Mask;
                break;
            default:
                feed.Apply(view);
                nextOrder = (nextOrder + 1) & Mask;
                break;
        }

        return LineOutcome.Queued;
    }

    /// <summary>Applies every queued line, then judges the last instant (<see cref="EngineFeed.Flush"/>).</summary>
    public void Flush() => feed.Flush();
}
