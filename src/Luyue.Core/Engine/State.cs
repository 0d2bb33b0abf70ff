using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using Luyue.Core.Scans;

namespace Luyue.Core.Engine;

// Per-order and per-number state. Kept small and explicit because the engine holds one of each for every open
// order (the target is under 1 KB per open order). Times are Unix ticks (100 ns) to stay 8 bytes wide.

/// <summary>One scan, reduced to what the rules judge: when, which milestone, where; and its event id's hash.</summary>
internal struct ScanRecord
{
    public long At;

    /// <summary>
    /// The <see cref="StableHash"/> of the scan event's id (0 without one): duplicate scans are told by it, so a number
    /// needs no id set of its own beside its scans (one array a number instead of two, growing in step).
    /// </summary>
    public ulong Id;
    public int Site;

    // The city (20 bits), the province (7) and the milestone (5) in one word: 24 bytes a record instead of 32. Records
    // are a third of what a long replay holds (every scan of every number kept), and traces are read whole on every
    // judgement. Division codes are at most six digits (GB/T 2260: two for a province, four for a prefecture, six for
    // a county-level city), which the regions check of every code as they load (RegionTablesBuilder).
    private uint place;

    internal const int MaxCity = (1 << CityBits) - 1;
    internal const int MaxProvince = (1 << ProvinceBits) - 1;
    private const int CityBits = 20, ProvinceBits = 7, MilestoneBits = 5;
    private const int ProvinceShift = CityBits, MilestoneShift = CityBits + ProvinceBits;

    public Milestone Milestone
    {
        readonly get => (Milestone)(place >> MilestoneShift);
        set => place = With(place, (int)value, MilestoneShift, MilestoneBits);
    }

    /// <summary>The province's division code (two digits), or 0.</summary>
    public int Province
    {
        readonly get => (int)((place >> ProvinceShift) & MaxProvince);
        set => place = With(place, value, ProvinceShift, ProvinceBits);
    }

    /// <summary>The city's division code (four or six digits), or 0.</summary>
    public int City
    {
        readonly get => (int)(place & MaxCity);
        set => place = With(place, value, 0, CityBits);
    }

    private static uint With(uint word, int value, int shift, int bits)
    {
        var mask = (1u << bits) - 1;
        if (value < 0 || (uint)value > mask)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"a scan record holds at most {bits} bits here");
        }

        return (word & ~(mask << shift)) | ((uint)value << shift);
    }
}

/// <summary>Where <see cref="TrackingState.Take"/> put a scan among those already held.</summary>
internal enum ScanPlacement : byte
{
    /// <summary>The same time, milestone and site as a held scan: nothing was added.</summary>
    Repeat,

    /// <summary>After every held scan.</summary>
    Last,

    /// <summary>Before at least one held scan: it arrived out of order.</summary>
    Among,
}

/// <summary>A hand-over to another carrier found on a trace (transshipment, 转运).</summary>
internal readonly record struct TransferLink(long At, TrackingState Target, int Province);

/// <summary>Everything known about one carrier + tracking number, whether or not its order is known yet.</summary>
internal struct TrackingRecord : IBookRecord
{
    public readonly string Carrier;

    private readonly CompactText tracking;

    public TrackingRecord(string carrier, string tracking) => (Carrier, this.tracking) = (carrier, new CompactText(tracking));

    public TrackingRecord(string carrier, ReadOnlySpan<char> tracking) => (Carrier, this.tracking) = (carrier, new CompactText(tracking));

    private TrackingRecord(string carrier, CompactText tracking) => (Carrier, this.tracking) = (carrier, tracking);

    /// <inheritdoc/>
    public int Generation { get; set; }

    /// <summary>The record's place in its book, which gives it back by place (<see cref="NumberBook"/>).</summary>
    public int Place;

    /// <summary>
    /// Forgotten by the engine (out of its table) but kept in place for the numbers handed over to it (its
    /// <see cref="Parents"/>), whose orders may still read its trace: its place is given back once they are forgotten.
    /// </summary>
    public bool Detached;

    /// <summary>A number of the same carrier and tracking number, with no scans of its own yet (outside any book).</summary>
    public readonly TrackingState Namesake() => new(new TrackingRecord(Carrier, tracking));

    /// <summary>The tracking number, made anew each time when held packed: for findings and views.</summary>
    public string Tracking => tracking.ToString();

    /// <summary>The number's key in the engine's table, without making the tracking string.</summary>
    public UInt128 Key() => StateKey.Number(Carrier, tracking.Chars(stackalloc char[PackedText.MaxLength]));

    /// <summary>Ordinal order of two tracking numbers, as of their strings.</summary>
    public static int CompareTracking(in TrackingRecord a, in TrackingRecord b) => CompactText.Compare(a.tracking, b.tracking);

    /// <summary>Room for the scans, from the engine's <see cref="ScanArena"/>; the first <see cref="ScanCount"/> are held.</summary>
    public Slice<ScanRecord> Scans = Slice<ScanRecord>.None;
    public int ScanCount;

    /// <summary>The number's (first) order; none (<see cref="OrderState.IsNone"/>) until one ships with it.</summary>
    public OrderState Order;
    public long LastActivity;

    /// <summary>
    /// What few numbers have (more orders, transfers either way, repeated scan ids), apart, so that every other number
    /// is smaller for the collector to copy: it copies each number twice, as it does orders.
    /// </summary>
    private Links? links;

    private sealed class Links
    {
        public List<OrderState>? MoreOrders;
        public List<TransferLink>? Transfers;
        public List<TrackingState>? Parents;

        /// <summary>Ids of scans that repeated a scan already held under another id (same time, milestone and site).</summary>
        public HashSet<ulong>? RepeatedIds;
    }

    private Links Linked => links ??= new Links();

    /// <summary>Whether the number has more than one order, a transfer, or a parent (any of the rare links).</summary>
    public bool HasLinks => links is { MoreOrders: not null } or { Transfers: not null } or { Parents: not null };

    public List<OrderState>? MoreOrders { get => links?.MoreOrders; set => Linked.MoreOrders = value; }

    public List<TransferLink>? Transfers { get => links?.Transfers; set => Linked.Transfers = value; }

    public List<TrackingState>? Parents { get => links?.Parents; set => Linked.Parents = value; }

    /// <summary>Filed among the engine's numbers without an order, which the daily sweep looks at.</summary>
    public bool AwaitsSweep;

    public long Bucket = IdleBuckets<TrackingState>.NotFiled;

    public ReadOnlySpan<ScanRecord> ScanSpan => Scans.Chunk.AsSpan(Scans.Offset, ScanCount);

    /// <summary>Whether the room is full: the next new scan moves every held one into a larger slice (<see cref="ScanArena.Rent"/>).</summary>
    public readonly bool RoomFull => ScanCount == Scans.Length;

    /// <summary>
    /// The held scans' last record and the room after it: what a new scan arriving in time order reads and writes
    /// (for fetching ahead; empty when nothing is held and there is no room).
    /// </summary>
    public readonly ReadOnlySpan<ScanRecord> Tail
    {
        get
        {
            var from = Math.Max(0, ScanCount - 1);
            return Scans.Chunk.AsSpan(Scans.Offset + from, Math.Min(2, Scans.Length - from));
        }
    }

    /// <summary>
    /// The ids of the scan events taken (held or repeats), two bits of 64 each (a Bloom filter). An id whose two bits are
    /// not both set was never taken: most scans are told new without reading the held ones, so that fetching ahead asks
    /// only for the last (<see cref="Tail"/>).
    /// </summary>
    private ulong takenIds;

    private static ulong IdBits(ulong id) => (1UL << (int)(id & 63)) | (1UL << (int)((id >> 6) & 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RememberId(ulong id)
    {
        if (id != 0)
        {
            takenIds |= IdBits(id);
        }
    }

    /// <summary>Whether a scan event with this id hash was taken already (0, no id, never was).</summary>
    public bool HasScan(ulong id)
    {
        if (id == 0 || (takenIds & IdBits(id)) != IdBits(id))
        {
            return false;
        }

        foreach (ref readonly var scan in ScanSpan)
        {
            if (scan.Id == id)
            {
                return true;
            }
        }

        return links?.RepeatedIds?.Contains(id) == true;
    }

    /// <summary>Takes a scan event's record; one that repeats a held scan under another id only has its id kept.</summary>
    /// <returns>Where the record went: after every held scan, among them, or nowhere (a repeat).</returns>
    public ScanPlacement Take(in ScanRecord scan, ScanArena arena)
    {
        var at = InsertAt(scan, arena);
        if (at < 0)
        {
            if (scan.Id != 0)
            {
                (Linked.RepeatedIds ??= []).Add(scan.Id);
                RememberId(scan.Id);
            }

            return ScanPlacement.Repeat;
        }

        return at == ScanCount - 1 ? ScanPlacement.Last : ScanPlacement.Among;
    }

    /// <summary>
    /// The engine forgets this number: its room goes back to the arena. Scans are read only from an order's own numbers
    /// and, through <see cref="Transfers"/>, from the numbers they were handed over to; a forgotten number has no order,
    /// so only one handed over to (with <see cref="Parents"/>) may still be read, by a parent's order: that one keeps
    /// its trace in an array of its own, which goes with the object when nothing leads here any more.
    /// </summary>
    public void Detach(ScanArena arena)
    {
        var kept = Parents is null ? Slice<ScanRecord>.None : Slice<ScanRecord>.Own(ScanCount);
        ScanSpan[..kept.Length].CopyTo(kept.Span);
        arena.Return(Scans);
        Scans = kept;
        ScanCount = kept.Length;
    }

    /// <summary>Inserts in event-time order; an identical scan (same time, milestone and place) is the same scan.</summary>
    /// <param name="arena">Where the room comes from; none for a passing number (an array of its own).</param>
    public bool Insert(in ScanRecord scan, ScanArena? arena = null) => InsertAt(scan, arena) >= 0;

    /// <summary><see cref="Insert"/>, answering where the scan went, or -1 for the same scan.</summary>
    private int InsertAt(in ScanRecord scan, ScanArena? arena)
    {
        // Ordered by (time, milestone, site) so that simultaneous scans sit in the same order whatever their arrival.
        var held = ScanSpan;
        var i = held.Length;
        while (i > 0 && Compare(held[i - 1], scan) > 0)
        {
            i--;
        }

        if (i > 0 && Compare(held[i - 1], scan) == 0)
        {
            return -1;
        }

        if (ScanCount == Scans.Length)
        {
            SliceArena<ScanRecord>.Grow(arena, ref Scans, ScanCount, least: 4);
        }

        var room = Scans.Span;
        if (i < ScanCount)
        {
            // A scan that arrived late; most come last, where moving nothing still cost two calls and a copy's (the
            // JIT no longer inlines the slicing in the engine's largest method).
            room[i..ScanCount].CopyTo(room[(i + 1)..]);
        }

        room[i] = scan;
        ScanCount++;
        RememberId(scan.Id);
        return i;
    }

    // The milestones compared as numbers: an enum's CompareTo takes an object, boxing both.
    private static int Compare(in ScanRecord a, in ScanRecord b) =>
        a.At != b.At ? a.At.CompareTo(b.At) : a.Milestone != b.Milestone ? ((int)a.Milestone).CompareTo((int)b.Milestone) : a.Site.CompareTo(b.Site);

    public void AddOrder(OrderState order)
    {
        if (Order.IsNone || Order == order)
        {
            Order = order;
            return;
        }

        MoreOrders ??= [];
        if (!MoreOrders.Contains(order))
        {
            MoreOrders.Add(order);
        }
    }

    public void RemoveOrder(OrderState order)
    {
        if (Order == order)
        {
            Order = default;
            if (MoreOrders is { Count: > 0 })
            {
                Order = MoreOrders[^1];
                MoreOrders.RemoveAt(MoreOrders.Count - 1);
            }
        }
        else
        {
            MoreOrders?.Remove(order);
        }
    }

    public bool HasOrders => !Order.IsNone;
}

/// <summary>
/// A carrier + tracking number: a handle to its <see cref="TrackingRecord"/> in a chunk of the engine's
/// <see cref="NumberBook"/> (or, made alone, in a chunk of its own), as <see cref="OrderState"/> is to an order's
/// record. Orders, transfers and findings hold handles; the members read and write the record in place.
/// </summary>
internal readonly struct TrackingState : IIdleFiled, IEquatable<TrackingState>, IRecordHandle<TrackingRecord, TrackingState>
{
    private readonly TrackingRecord[] chunk;
    private readonly int index;
    private readonly int generation;

    /// <summary>A handle to the record at an index of a chunk (of a book: <see cref="StateChunks"/>; or of its own).</summary>
    internal TrackingState(TrackingRecord[] chunk, int index) => (this.chunk, this.index, generation) = (chunk, index, chunk[index].Generation);

    /// <inheritdoc/>
    public static TrackingState Of(TrackingRecord[] chunk, int index) => new(chunk, index);

    /// <summary>A number outside any book, in a chunk of its own.</summary>
    public TrackingState(in TrackingRecord record)
        : this([record], 0)
    {
    }

    /// <summary>A number outside any book, with no scans yet: for pieces that take a number, tested alone.</summary>
    public TrackingState(string carrier, string tracking)
        : this(new TrackingRecord(carrier, tracking))
    {
    }

    /// <inheritdoc cref="TrackingState(string, string)"/>
    public TrackingState(string carrier, ReadOnlySpan<char> tracking)
        : this(new TrackingRecord(carrier, tracking))
    {
    }

    /// <summary>The record, read and written in place (without a bounds check, as <see cref="OrderState.Record"/>).</summary>
    public ref TrackingRecord Record
    {
        // Inlined even where a large method's inlining budget is spent (ComplianceEngine.ScanArrived called it five
        // times per scan), as are the other one-line helpers of the scan path marked so.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            Debug.Assert(IsLive, "a number given back by its engine is not read");
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), index);
        }
    }

    /// <summary>
    /// Whether this is the default handle, which names no number: fields that may hold none use it rather than a nullable
    /// handle, which takes 8 bytes more and a test of its flag on every read.
    /// </summary>
    public bool IsNone => chunk is null;

    /// <summary>Whether the record is still this number's: false once its place was given back and taken by another.</summary>
    public bool IsLive => chunk[index].Generation == generation;

    public string Carrier => Record.Carrier;

    public TrackingState Namesake() => Record.Namesake();

    public string Tracking => Record.Tracking;

    public UInt128 Key() => Record.Key();

    public static int CompareTracking(TrackingState a, TrackingState b) => TrackingRecord.CompareTracking(a.Record, b.Record);

    public ref Slice<ScanRecord> Scans => ref Record.Scans;

    public ref int ScanCount => ref Record.ScanCount;

    public ref OrderState Order => ref Record.Order;

    public ref long LastActivity => ref Record.LastActivity;

    public bool HasLinks => Record.HasLinks;

    public List<OrderState>? MoreOrders { get => Record.MoreOrders; set => Record.MoreOrders = value; }

    public List<TransferLink>? Transfers { get => Record.Transfers; set => Record.Transfers = value; }

    public List<TrackingState>? Parents { get => Record.Parents; set => Record.Parents = value; }

    public ref bool AwaitsSweep => ref Record.AwaitsSweep;

    public ref bool Detached => ref Record.Detached;

    /// <summary>The record's place in its book (for a number held by one).</summary>
    public int Place => Record.Place;

    /// <summary>The number's bucket among the idle ones; none for one given back, whose entries are left behind.</summary>
    public long Bucket
    {
        get => IsLive ? chunk[index].Bucket : IdleBuckets<TrackingState>.NotFiled;
        set => Record.Bucket = value;
    }

    public ReadOnlySpan<ScanRecord> ScanSpan => Record.ScanSpan;

    public bool HasScan(ulong id) => Record.HasScan(id);

    public ReadOnlySpan<ScanRecord> Tail => Record.Tail;

    public bool RoomFull => Record.RoomFull;

    public ScanPlacement Take(in ScanRecord scan, ScanArena arena) => Record.Take(scan, arena);

    public void Detach(ScanArena arena) => Record.Detach(arena);

    public bool Insert(in ScanRecord scan, ScanArena? arena = null) => Record.Insert(scan, arena);

    public void AddOrder(OrderState order) => Record.AddOrder(order);

    public void RemoveOrder(OrderState order) => Record.RemoveOrder(order);

    public bool HasOrders => Record.HasOrders;

    public bool Equals(TrackingState other) => ReferenceEquals(chunk, other.chunk) && index == other.index && generation == other.generation;

    public override bool Equals(object? obj) => obj is TrackingState other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(chunk), index, generation);

    public static bool operator ==(TrackingState a, TrackingState b) => a.Equals(b);

    public static bool operator !=(TrackingState a, TrackingState b) => !a.Equals(b);
}

/// <summary>A tracking number uploaded for an order: by <c>order.shipped</c> or <c>order.tracking-changed</c>.</summary>
internal readonly record struct Shipment(TrackingState Trace, long UploadedAt, OrderMode Mode);

/// <summary>
/// An order's shipments in upload order. Almost every order ships once, so the first is held inline and only a
/// replaced number needs an array: a <c>List</c> cost every open order two more objects (80 bytes) for the garbage
/// collector to trace and copy.
/// </summary>
internal struct ShipmentList
{
    private Shipment first;
    private Shipment[]? rest;
    private int count;

    public readonly int Count => count;

    public readonly Shipment this[int index] =>
        (uint)index < (uint)count ? index == 0 ? first : rest![index - 1] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Insert(int index, Shipment shipment)
    {
        if ((uint)index > (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        if (count > 0)
        {
            rest ??= new Shipment[2];
            if (count - 1 == rest.Length)
            {
                Array.Resize(ref rest, rest.Length * 2);
            }

            // Shift [index, count) one place up, across the inline slot and the array.
            for (var i = count; i > index; i--)
            {
                rest[i - 1] = i - 1 == 0 ? first : rest[i - 2];
            }
        }

        if (index == 0)
        {
            first = shipment;
        }
        else
        {
            rest![index - 1] = shipment;
        }

        count++;
    }

    public readonly Enumerator GetEnumerator() => new(this);

    public readonly Shipment[] ToArray()
    {
        var all = new Shipment[count];
        for (var i = 0; i < count; i++)
        {
            all[i] = this[i];
        }

        return all;
    }

    public struct Enumerator(ShipmentList list)
    {
        private int index = -1;

        public readonly Shipment Current => list[index];

        public bool MoveNext() => ++index < list.count;
    }
}

/// <summary>A filing or appeal (报备 / 申诉) and, once known, its decision.</summary>
internal sealed class FilingRecord(string id, long submittedAt, string reason, string? evidence)
{
    public readonly string Id = id;
    public readonly long SubmittedAt = submittedAt;
    public readonly string Reason = reason;
    public readonly string? Evidence = evidence;
    public long DecidedAt = long.MaxValue;
    public bool Approved;
}

/// <summary>A platform announcement (RULES §7): deadlines inside [From, To] move by Extend for matching provinces.</summary>
internal sealed record AnnouncementWindow(string Id, long From, long To, IReadOnlySet<int> Provinces, long Extend);

/// <summary>A finding already emitted for an order; kept so that re-evaluation emits only what is new, and retracts.</summary>
internal struct EmittedFinding
{
    public short Rule;
    public FindingKind Kind;
    public short Segment;
    public bool Active;
    public long At;
    public decimal? Amount;

    // The number the finding judged (after transshipment, the newest one), so that its retraction or revocation names
    // the same number and can be told from that of an earlier activation judged on another.
    public TrackingState Number;
}

internal struct OrderRecord : IBookRecord
{
    private readonly CompactText id;

    public OrderRecord(string id) => this.id = new CompactText(id);

    public OrderRecord(ReadOnlySpan<char> id) => this.id = new CompactText(id);

    /// <inheritdoc/>
    public int Generation { get; set; }

    /// <summary>
    /// The id's first four UTF-16 units, one per 16 bits: ordered as the ids are ordinally, up to a tie (then the ids
    /// themselves decide). The timer queue keeps it beside each order, to compare without visiting the orders.
    /// </summary>
    public readonly ulong IdPrefix => id.Prefix;

    /// <summary>The order id, made anew each time when held packed: for findings and views, not for hot paths.</summary>
    public readonly string Id => id.ToString();

    /// <summary>The order's key in the engine's table, without making the id string.</summary>
    public readonly UInt128 Key() => StateKey.Order(id.Chars(stackalloc char[PackedText.MaxLength]));

    public bool Paid;
    public RulePack? Pack;
    public string Platform = "";
    public string Shop = "";
    public decimal Amount;

    /// <summary>What the items add up to; kept apart only where that is not the amount paid.</summary>
    public decimal ItemsAmount
    {
        readonly get => extras?.ItemsAmount ?? Amount;
        set
        {
            if (value != Amount || extras?.ItemsAmount is not null)
            {
                Extra.ItemsAmount = value;
            }
        }
    }

    /// <summary>
    /// Item ids, kept only for packs with store strikes (counted per item and day); none otherwise. In the engine's
    /// arena, as the emitted findings are (<see cref="SliceArena{T}"/>): an array each, with the rare fields' object it
    /// made needed, was two objects for most orders of such packs.
    /// </summary>
    public readonly ReadOnlySpan<CompactText> Items => items.Chunk.AsSpan(items.Offset, itemCount);

    private Slice<CompactText> items = Slice<CompactText>.None;
    private int itemCount;

    /// <summary>Keeps these item ids instead of any kept before, in room from the arena (or of their own without one).</summary>
    public void KeepItems(ReadOnlySpan<CompactText> ids, SliceArena<CompactText>? arena)
    {
        ReleaseItems(arena);
        if (ids.IsEmpty)
        {
            return;
        }

        items = arena?.Rent(ids.Length - 1) ?? Slice<CompactText>.Own(ids.Length);
        ids.CopyTo(items.Span);
        itemCount = ids.Length;
    }

    private void ReleaseItems(SliceArena<CompactText>? arena)
    {
        arena?.Return(items);
        items = Slice<CompactText>.None;
        itemCount = 0;
    }

    /// <summary>Gives the room of the item ids and emitted findings back to the arenas, as the order is forgotten.</summary>
    public void Release(SliceArena<CompactText> itemArena, SliceArena<EmittedFinding> findingArena)
    {
        ReleaseItems(itemArena);
        findingArena.Return(emitted);
        emitted = Slice<EmittedFinding>.None;
        EmittedCount = 0;
    }
    public long PaidAt;
    public long ShipBy;
    public long DeliverBy
    {
        readonly get => extras?.DeliverBy ?? 0;
        set
        {
            if (value != 0 || extras is not null)
            {
                Extra.DeliverBy = value;
            }
        }
    }
    public OrderMode Mode;
    public bool SelfHandled;
    public string? Promise;
    public int BuyerProvince;
    public int SellerProvince;
    public int BuyerCity;
    public bool Abroad;

    /// <summary>Changed by an event of the engine's current instant and waiting to be judged with the rest of it.</summary>
    public bool Pending;

    /// <summary>
    /// How many of a record's first bytes hold what a scan reads of its order when the scan leaves it unjudged
    /// (ComplianceEngine.Awaited, Inert, Touch): the pack, the wake and activity times, the seller's province, the flags.
    /// The runtime lays a record out references first, then wider fields before narrower, so these come before the
    /// amount, the shipments and the ids, which only a judgement reads: fetching ahead for a scan asks for 3 or 4
    /// lines instead of 5 or 6. Worked out from the layout itself, so that a new field cannot leave one out unseen.
    /// </summary>
    internal static readonly int ScanBytes = ScanFieldsEnd();

    private static int ScanFieldsEnd()
    {
        var probe = default(OrderRecord);
        ref var start = ref Unsafe.As<OrderRecord, byte>(ref probe);
        int End<T>(ref T field, ref byte from) => (int)Unsafe.ByteOffset(ref from, ref Unsafe.As<T, byte>(ref field)) + Unsafe.SizeOf<T>();
        return new[]
        {
            End(ref probe.Pack, ref start), End(ref probe.LastActivity, ref start), End(ref probe.Bucket, ref start),
            End(ref probe.SellerProvince, ref start), End(ref probe.WakeMovedBy, ref start), End(ref probe.Paid, ref start),
            End(ref probe.Pending, ref start),
        }.Max();
    }

    public ulong NameHash;
    public ulong PhoneHash;
    public ulong AddressHash;

    public ShipmentList Shipments;

    public List<(long At, decimal Amount)>? Refunds { readonly get => extras?.Refunds; set => Extra.Refunds = value; }

    public long ClosedAt { readonly get => extras?.ClosedAt ?? long.MaxValue; set => Extra.ClosedAt = value; }

    public List<(long At, string Kind)>? Complaints { readonly get => extras?.Complaints; set => Extra.Complaints = value; }

    public List<FilingRecord>? Filings { readonly get => extras?.Filings; set => Extra.Filings = value; }

    /// <summary>
    /// What few orders have (items amounting to other than the amount paid, an agreed delivery date, refunds, closing,
    /// complaints, filings), apart, so that every other order is smaller for the collector to copy: it copies each open
    /// order twice (docs/performance.md).
    /// </summary>
    private Extras? extras;

    private sealed class Extras
    {
        public decimal? ItemsAmount;
        public long DeliverBy;
        public List<(long At, decimal Amount)>? Refunds;
        public long ClosedAt = long.MaxValue;
        public List<(long At, string Kind)>? Complaints;
        public List<FilingRecord>? Filings;
    }

    private Extras Extra => extras ??= new Extras();

    public IReadOnlyList<AnnouncementWindow> Announcements = [];

    /// <summary>The findings emitted so far, the first <see cref="EmittedCount"/> of their room in the engine's arena.</summary>
    public readonly Span<EmittedFinding> Emitted => emitted.Chunk.AsSpan(emitted.Offset, EmittedCount);

    private Slice<EmittedFinding> emitted = Slice<EmittedFinding>.None;
    public int EmittedCount;
    public long NextWake = long.MaxValue;

    /// <summary>The milestones whose scan may put <see cref="NextWake"/> later (<see cref="Wake.MovedBy"/> of the last judgement).</summary>
    public ushort WakeMovedBy;

    /// <summary>The order's handle in the engine's <see cref="TimerQueue"/> (which knows where its entry is), or -1 without a timer.</summary>
    public int TimerHandle = -1;
    public long LastActivity;
    public long Bucket = IdleBuckets<OrderState>.NotFiled;
    public IdSet Ids;

    /// <summary>When open timers stop: the earlier of a full refund and closing (RULES §1 "Refund").</summary>
    public readonly long StopAt => Math.Min(ClosedAt, FullRefundAt);

    /// <summary>When refunds first add up to the paid amount, or never.</summary>
    public readonly long FullRefundAt
    {
        get
        {
            if (Refunds is null || !Paid)
            {
                return long.MaxValue;
            }

            decimal total = 0;
            foreach (var (at, amount) in Refunds)
            {
                total += amount;
                if (total >= Amount)
                {
                    return at;
                }
            }

            return long.MaxValue;
        }
    }

    /// <summary>Keeps refunds in time order (after those of the same time), as <see cref="FullRefundAt"/> reads them.</summary>
    public void AddRefund(long at, decimal amount)
    {
        Refunds ??= [];
        var i = Refunds.Count;
        while (i > 0 && Refunds[i - 1].At > at)
        {
            i--;
        }

        Refunds.Insert(i, (at, amount));
    }

    public void AddShipment(Shipment shipment)
    {
        foreach (var s in Shipments)
        {
            if (s.Trace == shipment.Trace)
            {
                return;
            }
        }

        var i = Shipments.Count;
        while (i > 0 && (Shipments[i - 1].UploadedAt > shipment.UploadedAt
                         || (Shipments[i - 1].UploadedAt == shipment.UploadedAt
                             && TrackingState.CompareTracking(Shipments[i - 1].Trace, shipment.Trace) > 0)))
        {
            i--;
        }

        Shipments.Insert(i, shipment);
    }

    /// <summary>Ordinal order of the ids (held in the order: comparing them reads no string).</summary>
    public static int CompareIds(in OrderRecord a, in OrderRecord b) => CompactText.Compare(a.id, b.id);

    /// <summary>Adds an emitted finding, moving those before into larger room from the arena when full (or of their own without one).</summary>
    public void Remember(in EmittedFinding finding, SliceArena<EmittedFinding>? arena)
    {
        if (EmittedCount == emitted.Length)
        {
            SliceArena<EmittedFinding>.Grow(arena, ref emitted, EmittedCount, least: 2);
        }

        emitted.Span[EmittedCount++] = finding;
    }
}

/// <summary>
/// An order: a handle to its <see cref="OrderRecord"/>, which sits in a chunk of an engine's <see cref="OrderBook"/>
/// (or, made with an id alone, in a chunk of its own). Lists, timers and numbers hold handles; the members read and
/// write the record in place. Held as records in large arrays, an engine's orders are not objects the collector copies
/// out of generation 0 and again out of generation 1 as each order lives on for days of stream time: on the
/// 1,000,000-order replay that copying was most of what the collections paused (docs/performance.md).
/// </summary>
internal readonly struct OrderState : IIdleFiled, IEquatable<OrderState>, IRecordHandle<OrderRecord, OrderState>
{
    // The same three fields as TrackingState's, written out in each: a shared generic struct for them (a RecordRef<T>
    // field) failed to load, the runtime refusing OrderState as a type whose layout goes through its own record's
    // (OrderRecord → Shipment → TrackingState → TrackingRecord → OrderState).
    private readonly OrderRecord[] chunk;
    private readonly int index;
    private readonly int generation;

    /// <summary>A handle to the record at an index of a chunk (of a book: <see cref="StateChunks"/>; or of its own).</summary>
    internal OrderState(OrderRecord[] chunk, int index) => (this.chunk, this.index, generation) = (chunk, index, chunk[index].Generation);

    /// <inheritdoc/>
    public static OrderState Of(OrderRecord[] chunk, int index) => new(chunk, index);

    /// <summary>An order outside any book, in a chunk of its own: for pieces that take an order, tested alone.</summary>
    public OrderState(string id)
        : this([new OrderRecord(id)], 0)
    {
    }

    /// <summary>The record, read and written in place.</summary>
    public ref OrderRecord Record
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            Debug.Assert(IsLive, "an order forgotten by its engine is not read");

            // Without a bounds check: the index was checked against the chunk when the handle was made (the constructor
            // reads the record there), and a chunk never changes length. Orders are read through handles everywhere.
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), index);
        }
    }

    /// <summary>
    /// Asks the processor to fetch the part of the record a scan reads when it leaves the order unjudged
    /// (<see cref="OrderRecord.ScanBytes"/>; a hint: a stale handle only wastes it).
    /// </summary>
    public void PrefetchForScan() => Luyue.Core.Prefetch.Part(ref chunk[index], OrderRecord.ScanBytes);

    /// <summary>Asks for the whole record, for a judgement soon (a hint: it changes nothing).</summary>
    public void PrefetchWhole() => Luyue.Core.Prefetch.Whole(ref chunk[index]);

    /// <summary>Whether this is the default handle, which names no order (as <see cref="TrackingState.IsNone"/>).</summary>
    public bool IsNone => chunk is null;

    /// <summary>Whether the record is still this order's: false once the engine forgot it and gave its place to another.</summary>
    public bool IsLive => chunk[index].Generation == generation;

    public ulong IdPrefix => Record.IdPrefix;

    public string Id => Record.Id;

    public UInt128 Key() => Record.Key();

    public ref bool Paid => ref Record.Paid;

    public ref RulePack? Pack => ref Record.Pack;

    public ref string Platform => ref Record.Platform;

    public ref string Shop => ref Record.Shop;

    public ref decimal Amount => ref Record.Amount;

    public decimal ItemsAmount { get => Record.ItemsAmount; set => Record.ItemsAmount = value; }

    public ReadOnlySpan<CompactText> Items => Record.Items;

    public void KeepItems(ReadOnlySpan<CompactText> ids, SliceArena<CompactText>? arena) => Record.KeepItems(ids, arena);

    /// <inheritdoc cref="OrderRecord.Release"/>
    public void Release(SliceArena<CompactText> itemArena, SliceArena<EmittedFinding> findingArena) => Record.Release(itemArena, findingArena);

    public ref long PaidAt => ref Record.PaidAt;

    public ref long ShipBy => ref Record.ShipBy;

    public long DeliverBy { get => Record.DeliverBy; set => Record.DeliverBy = value; }

    public ref OrderMode Mode => ref Record.Mode;

    public ref bool SelfHandled => ref Record.SelfHandled;

    public ref string? Promise => ref Record.Promise;

    public ref int BuyerProvince => ref Record.BuyerProvince;

    public ref int SellerProvince => ref Record.SellerProvince;

    public ref int BuyerCity => ref Record.BuyerCity;

    public ref bool Abroad => ref Record.Abroad;

    public ref bool Pending => ref Record.Pending;

    public ref ulong NameHash => ref Record.NameHash;

    public ref ulong PhoneHash => ref Record.PhoneHash;

    public ref ulong AddressHash => ref Record.AddressHash;

    public ref ShipmentList Shipments => ref Record.Shipments;

    public List<(long At, decimal Amount)>? Refunds { get => Record.Refunds; set => Record.Refunds = value; }

    public long ClosedAt { get => Record.ClosedAt; set => Record.ClosedAt = value; }

    public List<(long At, string Kind)>? Complaints { get => Record.Complaints; set => Record.Complaints = value; }

    public List<FilingRecord>? Filings { get => Record.Filings; set => Record.Filings = value; }

    public ref IReadOnlyList<AnnouncementWindow> Announcements => ref Record.Announcements;

    public Span<EmittedFinding> Emitted => Record.Emitted;

    public ref int EmittedCount => ref Record.EmittedCount;

    public ref long NextWake => ref Record.NextWake;

    public ref ushort WakeMovedBy => ref Record.WakeMovedBy;

    public ref int TimerHandle => ref Record.TimerHandle;

    public ref long LastActivity => ref Record.LastActivity;

    /// <summary>The order's bucket among the idle ones; none for a forgotten order, whose entries are left behind.</summary>
    public long Bucket
    {
        get => IsLive ? chunk[index].Bucket : IdleBuckets<OrderState>.NotFiled;
        set => Record.Bucket = value;
    }

    public ref IdSet Ids => ref Record.Ids;

    public long StopAt => Record.StopAt;

    public long FullRefundAt => Record.FullRefundAt;

    public void AddRefund(long at, decimal amount) => Record.AddRefund(at, amount);

    public void AddShipment(Shipment shipment) => Record.AddShipment(shipment);

    public void Remember(in EmittedFinding finding, SliceArena<EmittedFinding>? arena) => Record.Remember(finding, arena);

    public static int CompareIds(OrderState a, OrderState b) => OrderRecord.CompareIds(a.Record, b.Record);

    public bool Equals(OrderState other) => ReferenceEquals(chunk, other.chunk) && index == other.index && generation == other.generation;

    public override bool Equals(object? obj) => obj is OrderState other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(chunk), index, generation);

    public static bool operator ==(OrderState a, OrderState b) => a.Equals(b);

    public static bool operator !=(OrderState a, OrderState b) => !a.Equals(b);
}

/// <summary>
/// A small set of 64-bit event-id hashes, kept per order or number so that duplicate detection costs memory in
/// proportion to open orders, not to the length of the stream. An order's first two (paid, shipped) are held inline:
/// most orders never need the array, one object fewer per order for the garbage collector.
/// </summary>
internal struct IdSet
{
    private ulong first, second;
    private ulong[]? more;
    private int count;

    /// <summary>Adds the id; false when it was already there (a duplicate).</summary>
    public bool Add(string id) => Add(StableHash.OfId(id));

    /// <inheritdoc cref="Add(string)"/>
    public bool Add(ulong hash)
    {
        if (Contains(hash))
        {
            return false;
        }

        switch (count)
        {
            case 0:
                first = hash;
                break;
            case 1:
                second = hash;
                break;
            default:
                more ??= new ulong[2];
                if (count - 2 == more.Length)
                {
                    Array.Resize(ref more, more.Length * 2);
                }

                more[count - 2] = hash;
                break;
        }

        count++;
        return true;
    }

    public readonly bool Contains(ulong hash)
    {
        if ((count > 0 && first == hash) || (count > 1 && second == hash))
        {
            return true;
        }

        for (var i = 2; i < count; i++)
        {
            if (more![i - 2] == hash)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The keys of the engine's tables (<see cref="StateTable{T}"/>): the 128-bit XXH3 hash of an order id, or of a carrier
/// and tracking number, as UTF-8. Looking a state up by its strings cost about twice as much (randomised string hashing,
/// and reading the stored strings back from memory on every probe, a cache miss each on a large table); 128 bits make
/// two different ids sharing a key as unlikely as not to matter (about 10^-27 for a million of them). UTF-8 because a
/// line holds its ids so: hashed as read, not decoded first, and ids are ASCII, half as many bytes as in UTF-16. Kept in
/// memory only, never stored.
/// </summary>
internal static class StateKey
{
    public static UInt128 Order(string id) => Order(id.AsSpan());

    [SkipLocalsInit]
    public static UInt128 Order(ReadOnlySpan<char> id)
    {
        Span<byte> utf8 = id.Length <= MaxStackChars ? stackalloc byte[MaxStackChars * 3] : new byte[id.Length * 3];
        return Utf8Chars.TryEncode(id, utf8, out var length) ? OrderUtf8(utf8[..length]) : NotUtf16(id);
    }

    /// <summary><see cref="Order(ReadOnlySpan{char})"/> of an id held as UTF-8 (checked).</summary>
    public static UInt128 OrderUtf8(ReadOnlySpan<byte> id) => XxHash128.HashToUInt128(id);

    public static UInt128 Number(string carrier, string tracking) => Number(carrier, tracking.AsSpan());

    [SkipLocalsInit]
    public static UInt128 Number(string carrier, ReadOnlySpan<char> tracking)
    {
        Span<byte> utf8 = tracking.Length <= MaxStackChars ? stackalloc byte[MaxStackChars * 3] : new byte[tracking.Length * 3];
        return Utf8Chars.TryEncode(tracking, utf8, out var length) ? NumberUtf8(carrier, utf8[..length]) : NotUtf16($"{carrier}|{tracking}");
    }

    /// <summary>
    /// <see cref="Number(string, ReadOnlySpan{char})"/> of a number held as UTF-8 (checked): "carrier|tracking" hashed in
    /// one call. Carrier codes are ASCII; numbers are short, a long one goes to the heap.
    /// </summary>
    [SkipLocalsInit]
    public static UInt128 NumberUtf8(string carrier, ReadOnlySpan<byte> tracking)
    {
        var length = carrier.Length * 3 + 1 + tracking.Length;
        Span<byte> joined = length <= 256 ? stackalloc byte[256] : new byte[length];
        var at = AsciiInto(carrier, joined);
        joined[at++] = (byte)'|';
        tracking.CopyTo(joined[at..]);
        return XxHash128.HashToUInt128(joined[..(at + tracking.Length)]);
    }

    private const int MaxStackChars = 64;

    /// <summary>A carrier code's UTF-8: its characters one by one, as codes are a few ASCII letters (a library call cost more than the copy).</summary>
    private static int AsciiInto(string text, Span<byte> utf8)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                return Encoding.UTF8.GetBytes(text, utf8);
            }

            utf8[i] = (byte)text[i];
        }

        return text.Length;
    }

    /// <summary>Characters that are not UTF-16 (a lone surrogate, from an escape): hashed apart, as no line's bytes can be.</summary>
    private static UInt128 NotUtf16(ReadOnlySpan<char> chars) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(chars), seed: 1);
}

/// <summary>
/// XXH3 (64-bit) over UTF-16: stable across processes (string.GetHashCode is randomised per process), and a few times
/// faster than hashing a character at a time on the ids every event carries.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string? text) => text is null ? 0 : Of(text.AsSpan());

    /// <summary>The hash of characters not (yet) held as a string: the same as of the string they would make.</summary>
    public static ulong Of(ReadOnlySpan<char> text) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text));

    /// <summary>The hash of <c>$"{a}|{b}|{c}"</c> (a null part reads as empty).</summary>
    public static ulong OfJoined(string? a, string? b, string? c) => OfJoined(a, b, c.AsSpan());

    /// <inheritdoc cref="OfJoined(string?, string?, string?)"/>
    public static ulong OfJoined(string? a, string? b, ReadOnlySpan<char> c)
    {
        var length = (a?.Length ?? 0) + (b?.Length ?? 0) + c.Length + 2;
        Span<char> joined = length <= 256 ? stackalloc char[length] : new char[length];
        var at = 0;
        foreach (var part in (ReadOnlySpan<string?>)[a, "|", b, "|"])
        {
            part.AsSpan().CopyTo(joined[at..]);
            at += part?.Length ?? 0;
        }

        c.CopyTo(joined[at..]);
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes((ReadOnlySpan<char>)joined));
    }

    /// <summary>
    /// The hash of an event's id: of its UTF-8, which a line holds, so that a line's id is hashed as read, not decoded
    /// first; ids are ASCII, half as many bytes as in UTF-16 (the 1,000,000-order replay hashes ten million of them).
    /// </summary>
    public static ulong OfId(string? id)
    {
        if (id is null)
        {
            return 0;
        }

        // At most three bytes a UTF-16 unit; a long id goes to the heap.
        var room = id.Length * 3;
        Span<byte> utf8 = room <= 256 ? stackalloc byte[room] : new byte[room];
        return Utf8Chars.TryEncode(id, utf8, out var written)
            ? OfIdUtf8(utf8[..written])
            // Not UTF-16 (a lone surrogate, from an escape): hashed apart, as no line's bytes can be.
            : XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()), seed: 1);
    }

    /// <summary><see cref="OfId"/> of an id held as UTF-8 (checked to be UTF-8 by the caller).</summary>
    public static ulong OfIdUtf8(ReadOnlySpan<byte> utf8) => XxHash3.HashToUInt64(utf8);
}
