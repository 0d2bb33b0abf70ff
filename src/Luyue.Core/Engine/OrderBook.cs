namespace Luyue.Core.Engine;

/// <summary>
/// The engine's orders: their records by key, answered as handles (<see cref="RecordBook{TRecord, THandle}"/>). A
/// forgotten order's place goes to a later order, so a handle kept past its order's forgetting is told stale
/// (<see cref="OrderState.IsLive"/>) instead of reading another order. Not thread-safe.
/// </summary>
internal sealed class OrderBook : RecordBook<OrderRecord, OrderState>
{
    /// <summary>Adds an order of a key not in the book (the caller looked it up first), its id packed.</summary>
    public OrderState Add(UInt128 key, ReadOnlySpan<char> id) => Handle(Add(key, new OrderRecord(id)));

    /// <summary>Forgets the order: its place is cleared, and taken again by a later order in the next generation.</summary>
    public void Remove(OrderState order) => Remove(order.Key());

    /// <summary>The orders, in the table's slot order: deterministic for the same keys added and removed in the same order.</summary>
    public IEnumerable<OrderState> Values
    {
        get
        {
            foreach (var place in Places)
            {
                yield return Handle(place);
            }
        }
    }
}
