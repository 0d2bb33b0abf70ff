namespace Luyue.Core.Engine;

/// <summary>
/// The engine's orders: their records by key (<see cref="RecordBook{T}"/>), answered as handles. A forgotten order's
/// place goes to a later order, so a handle kept past its order's forgetting is told stale
/// (<see cref="OrderState.IsLive"/>) instead of reading another order. Not thread-safe.
/// </summary>
internal sealed class OrderBook
{
    // How many cache lines of a record fetching ahead asks for: the fields a judgement reads first sit in them.
    private const int PrefetchLines = 4;

    private readonly RecordBook<OrderRecord> book = new();

    public int Count => book.Count;

    /// <summary>Places ever made: at most the most orders held at once.</summary>
    internal int PlacesMade => book.PlacesMade;

    public bool TryGet(UInt128 key, out OrderState order)
    {
        var place = book.Find(key);
        order = place < 0 ? default : Handle(place);
        return place >= 0;
    }

    /// <summary>Adds an order of a key not in the book (the caller looked it up first), its id packed.</summary>
    public OrderState Add(UInt128 key, ReadOnlySpan<char> id) => Handle(book.Add(key, new OrderRecord(id)));

    /// <summary>Forgets the order: its place is cleared, and taken again by a later order in the next generation.</summary>
    public void Remove(OrderState order) => book.Remove(order.Key());

    /// <summary>The place of the key's order, or -1 (for fetching ahead: <see cref="PrefetchRecord"/>).</summary>
    public int Find(UInt128 key) => book.Find(key);

    /// <inheritdoc cref="StateTable{T}.Prefetch"/>
    public void Prefetch(UInt128 key) => book.Prefetch(key);

    /// <summary>Asks the processor to fetch the record at a place <see cref="Find"/> gave (a hint; a stale place only wastes it).</summary>
    public void PrefetchRecord(int place) => book.PrefetchRecord(place, PrefetchLines);

    /// <summary>The orders, in the table's slot order: deterministic for the same keys added and removed in the same order.</summary>
    public IEnumerable<OrderState> Values
    {
        get
        {
            foreach (var place in book.Places)
            {
                yield return Handle(place);
            }
        }
    }

    private OrderState Handle(int place) => new(book.ChunkOf(place), StateChunks.IndexOf(place));
}
