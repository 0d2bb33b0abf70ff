using Luyue.Core.Events;

namespace Luyue.Core.Engine;

/// <summary>
/// Fetching ahead: an event's order and number live somewhere in tables far larger than the processor's caches, and
/// applying it used to wait on memory at each step of the way there (table slot, the state's entry in the table's
/// array of states, the state, then the state's scans), most of what a scan cost. Told of an event a few events before
/// applying it (<see cref="EngineFeed"/>), the engine asks for those lines one step at a time, each step once the one
/// before has arrived, so that by the time the event is applied they are in the caches. Every step only reads and
/// hints: none changes what the engine holds or decides.
/// </summary>
public sealed partial class ComplianceEngine
{
    /// <summary>Step one: the table slots of the event's order and number.</summary>
    internal Lookahead Foresee(FulfilmentEvent e)
    {
        var ahead = e switch
        {
            Scan s => Lookahead.OfNumber(NumberKey(s.Carrier, s.Tracking)),
            OrderPaid p => Lookahead.OfOrder(keys.Order(p.Order)),
            OrderShipped s => Lookahead.OfOrder(keys.Order(s.Order)) with { NumberKey = NumberKey(s.Carrier, s.Tracking), HasNumber = true },
            TrackingChanged c => Lookahead.OfOrder(keys.Order(c.Order)),
            _ => default,
        };

        if (ahead.HasOrder)
        {
            orders.Prefetch(ahead.OrderKey);
        }

        if (ahead.HasNumber)
        {
            numbers.Prefetch(ahead.NumberKey);
        }

        return ahead;
    }

    /// <summary><see cref="Foresee(FulfilmentEvent)"/> for a line parsed into a view.</summary>
    internal Lookahead Foresee(LineView line)
    {
        if (line is ScanLine s)
        {
            // A scan line: its number's slot.
            var key = NumberKey(s, Memo.Carrier(s.Carrier));
            numbers.Prefetch(key);
            PrefetchSite(s);
            return Lookahead.OfNumber(key);
        }

        var o = (OrderLine)line;
        var ahead = Lookahead.OfOrder(o.OrderKey ??= o.OrderKeyNow());
        orders.Prefetch(ahead.OrderKey);
        if (o.IsShipment)
        {
            ahead.NumberKey = NumberKey(o, Memo.Carrier(o.Carrier));
            ahead.HasNumber = true;
            numbers.Prefetch(ahead.NumberKey);
        }

        return ahead;
    }

    /// <summary>Step two: the slots have arrived; the entries of the states they name.</summary>
    internal void Locate(ref Lookahead ahead)
    {
        if (ahead.HasOrder)
        {
            // An order's record sits at its place in the book: there is no entry to fetch first. A new order's is the
            // place it will take.
            orders.PrefetchRecordOrNext(orders.Find(ahead.OrderKey));
        }

        if (ahead.HasNumber)
        {
            ahead.NumberPlace = numbers.Find(ahead.NumberKey);
            numbers.PrefetchRecordOrNext(ahead.NumberPlace);
        }
    }

    /// <summary>Step three: the number's record has arrived; its handle, for the step after.</summary>
    internal void Approach(ref Lookahead ahead)
    {
        if (ahead.HasNumber)
        {
            ahead.Number = numbers.At(ahead.NumberPlace);
        }
    }

    /// <summary>Step four: the states have arrived; what a scan reads next (the number's scans and its order).</summary>
    internal void Arrive(in Lookahead ahead)
    {
        // A sweep since step two may have given the place back (then to another number, or to none).
        if (ahead.Number is { IsNone: false, IsLive: true } number)
        {
            if (number.RoomFull)
            {
                // A new scan will copy every held one into a larger room: both are read whole, not only the tail.
                Prefetch.Span(number.ScanSpan);
                scanArena.PrefetchRoom(number.ScanCount);
            }
            else
            {
                Prefetch.Span(number.Tail);
            }

            if (!ahead.HasOrder && number.Order is { IsNone: false } order)
            {
                order.PrefetchForScan();
            }
        }
    }

    private UInt128 NumberKey(string carrier, string tracking) => keys.Number(Memo.Carrier(carrier), tracking);

    /// <summary>A scan or shipment line's number key, computed once (when foreseen) and kept on the line for when it is applied.</summary>
    private static UInt128 NumberKey(LineView s, string carrierCode)
    {
        if (!ReferenceEquals(s.NumberKey.CarrierCode, carrierCode))
        {
            s.NumberKey = (carrierCode, s.NumberKeyOf(carrierCode));
        }

        return s.NumberKey.Key;
    }
}

/// <summary>
/// The keys of the last few ids hashed, found again by the identity of the id strings: the feed hashes an event's ids
/// when it foresees the event, and the engine needs the same keys when it applies the event a few events later.
/// </summary>
internal sealed class RecentKeys
{
    private const int Size = 8; // more than the events a feed holds, each with at most two ids

    private readonly (string? Id, string? Tracking, UInt128 Key)[] entries = new (string?, string?, UInt128)[Size];
    private int next;

    public UInt128 Order(string id) => Find(id, null, out var key) ? key : Remember(id, null, StateKey.Order(id));

    /// <param name="carrier">The carrier's code (the same string for every spelling of one carrier).</param>
    public UInt128 Number(string carrier, string tracking) =>
        Find(carrier, tracking, out var key) ? key : Remember(carrier, tracking, StateKey.Number(carrier, tracking));

    private bool Find(string id, string? tracking, out UInt128 key)
    {
        foreach (ref readonly var entry in entries.AsSpan())
        {
            if (ReferenceEquals(entry.Id, id) && ReferenceEquals(entry.Tracking, tracking))
            {
                key = entry.Key;
                return true;
            }
        }

        key = default;
        return false;
    }

    private UInt128 Remember(string id, string? tracking, UInt128 key)
    {
        entries[next] = (id, tracking, key);
        next = (next + 1) % Size;
        return key;
    }
}

/// <summary>What one coming event will look up, found step by step (<see cref="ComplianceEngine.Foresee"/>).</summary>
internal struct Lookahead
{
    public bool HasOrder;
    public UInt128 OrderKey;
    public bool HasNumber;
    public UInt128 NumberKey;

    /// <summary>Where the number was found in its table (-1: not found, or not looked for).</summary>
    public int NumberPlace;
    public TrackingState Number;

    public Lookahead()
    {
        NumberPlace = -1;
    }

    public static Lookahead OfOrder(UInt128 key) => new() { HasOrder = true, OrderKey = key };

    public static Lookahead OfNumber(UInt128 key) => new() { HasNumber = true, NumberKey = key };
}
