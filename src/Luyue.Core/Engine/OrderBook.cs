namespace Luyue.Core.Engine;

/// <summary>
/// The engine's orders: a <see cref="StateTable{T}"/> of <see cref="OrderRecord"/>s by the order's key, answering
/// handles (<see cref="OrderState"/>) to records that sit in the table's chunks. A record is written in place, never
/// copied: not by the collector (a chunk is one large array, which it does not move), nor by the table (chunks never
/// move). A forgotten order's place is taken again by a later order in the next generation, so a handle kept past its
/// order's forgetting is told stale (<see cref="OrderState.IsLive"/>) instead of reading another order. Not
/// thread-safe.
/// </summary>
internal sealed class OrderBook
{
    // How many cache lines of a record fetching ahead asks for: the fields a judgement reads first sit in them.
    private const int PrefetchLines = 4;

    private readonly StateTable<OrderRecord> table = new();

    public int Count => table.Count;

    /// <summary>Places ever made: at most the most orders held at once.</summary>
    internal int PlacesMade => table.PlacesMade;

    public bool TryGet(UInt128 key, out OrderState order)
    {
        var place = table.Find(key);
        order = place < 0 ? default : Handle(place);
        return place >= 0;
    }

    /// <summary>Adds an order of a key not in the book (the caller looked it up first), its id packed.</summary>
    public OrderState Add(UInt128 key, ReadOnlySpan<char> id)
    {
        var place = table.Add(key);
        ref var record = ref table.At(place);
        record = new OrderRecord(id) { Generation = record.Generation };
        return Handle(place);
    }

    /// <summary>Forgets the order: its place is cleared, and taken again by a later order in the next generation.</summary>
    public void Remove(OrderState order)
    {
        var key = order.Key();
        var place = table.Find(key);
        var generation = table.At(place).Generation;
        table.Remove(key);
        table.At(place).Generation = unchecked(generation + 1);
    }

    /// <summary>The place of the key's order, or -1 (for fetching ahead: <see cref="PrefetchRecord"/>).</summary>
    public int Find(UInt128 key) => table.Find(key);

    /// <inheritdoc cref="StateTable{T}.Prefetch"/>
    public void Prefetch(UInt128 key) => table.Prefetch(key);

    /// <summary>Asks the processor to fetch the record at a place <see cref="Find"/> gave (a hint; a stale place only wastes it).</summary>
    public void PrefetchRecord(int place)
    {
        if (place >= 0 && place < table.PlacesMade)
        {
            Luyue.Core.Prefetch.Lines(ref table.At(place), PrefetchLines);
        }
    }

    /// <summary>The orders, in the table's slot order: deterministic for the same keys added and removed in the same order.</summary>
    public IEnumerable<OrderState> Values
    {
        get
        {
            foreach (var place in table.Places)
            {
                yield return Handle(place);
            }
        }
    }

    private OrderState Handle(int place) => new(table.ChunkOf(place, out var index), index);
}
