using System.Diagnostics.CodeAnalysis;

namespace Luyue.Core.Engine;

/// <summary>
/// The orders with a timer, earliest first; ties break on the order id so that simultaneous deadlines fire in the
/// same order whatever the arrival order. One entry per order, moved in place when its wake time changes: a queue of
/// (order, time) entries keeps every superseded entry until its time comes (about three per open order in a long
/// replay), and pays for them in memory and in heap operations. Not thread-safe, like the engine that owns it.
/// <para>
/// A heap of four children a node, not two: half the levels, so half the moves (sifting was 4.0 % of the
/// 1,000,000-order replay's samples with two, 3.2 % with four). Where each order's entry is, which a move must update,
/// is kept by a handle the order holds (<see cref="OrderState.TimerHandle"/>) in an array of the queue's own, not in the
/// order: writing it into each moved order was a cache miss per move, the orders being spread over the whole heap.
/// </para>
/// </summary>
internal sealed class TimerQueue
{
    private const int Arity = 4;

    // The wake time and the id's prefix sit beside the order's handle so that sifting compares entries without visiting
    // the orders (many deadlines share a time: calendar ones fall at the end of a day), except on a tie of both. An
    // entry holds no reference, the order being found by its handle: entries move on every sift, and a reference to a
    // young order moved into an entry marked a card of the heap for every collection to scan, cards all over it (as in
    // StateTable; docs/performance.md).
    private struct Entry
    {
        public long At;
        public ulong IdPrefix;
        public int Handle;
    }

    private Entry[] heap = new Entry[256];
    private int count;

    /// <summary>Where each handle's entry is in <see cref="heap"/>.</summary>
    private int[] slots = new int[256];

    /// <summary>Each handle's order, written once when the order takes the handle.</summary>
    private OrderState[] orders = new OrderState[256];

    /// <summary>Handles given back, taken again before new ones (so the handles stay as few as the orders waiting).</summary>
    private readonly Stack<int> freeHandles = new();
    private int handles;

    public int Count => count;

    /// <summary>Handles ever made: at most the most orders ever waiting at once (given-back ones are taken again).</summary>
    internal int HandlesMade => handles;

    public bool TryPeek(out OrderState order, out long at)
    {
        if (count == 0)
        {
            order = default;
            at = RuleEvaluator.Never;
            return false;
        }

        order = orders[heap[0].Handle];
        at = heap[0].At;
        return true;
    }

    /// <summary>Sets <see cref="OrderState.NextWake"/> and the order's place in the queue; <see cref="RuleEvaluator.Never"/> takes it out.</summary>
    public void Set(OrderState order, long wake)
    {
        order.NextWake = wake;
        if (order.TimerHandle < 0)
        {
            if (wake != RuleEvaluator.Never)
            {
                Add(order, wake);
            }

            return;
        }

        var slot = slots[order.TimerHandle];

        if (wake == RuleEvaluator.Never)
        {
            RemoveAt(slot);
            return;
        }

        // A wake moves later as a rule (a deadline met, the next one ahead): then only down, without reading the parent.
        var earlier = wake < heap[slot].At;
        heap[slot].At = wake;
        if (earlier)
        {
            SiftUp(slot);
        }
        else
        {
            SiftDown(slot);
        }
    }

    private void Add(OrderState order, long wake)
    {
        if (count == heap.Length)
        {
            Array.Resize(ref heap, heap.Length * 2);
        }

        var handle = TakeHandle();
        order.TimerHandle = handle;
        orders[handle] = order;
        heap[count] = new Entry { At = wake, IdPrefix = order.IdPrefix, Handle = handle };
        slots[handle] = count;
        count++;
        SiftUp(count - 1);
    }

    private int TakeHandle()
    {
        if (freeHandles.TryPop(out var handle))
        {
            return handle;
        }

        if (handles == slots.Length)
        {
            Array.Resize(ref slots, slots.Length * 2);
            Array.Resize(ref orders, orders.Length * 2);
        }

        return handles++;
    }

    private void RemoveAt(int slot)
    {
        var handle = heap[slot].Handle;
        orders[handle].TimerHandle = -1;
        orders[handle] = default;
        freeHandles.Push(handle);
        count--;
        if (slot == count)
        {
            heap[count] = default;
            return;
        }

        Place(slot, heap[count]);
        heap[count] = default;
        if (!SiftUp(slot))
        {
            SiftDown(slot);
        }
    }

    /// <returns>Whether the entry moved.</returns>
    private bool SiftUp(int slot)
    {
        var start = slot;
        var entry = heap[slot];
        while (slot > 0)
        {
            var parent = (slot - 1) / Arity;
            if (!Earlier(entry, heap[parent]))
            {
                break;
            }

            Place(slot, heap[parent]);
            slot = parent;
        }

        Place(slot, entry);
        return slot != start;
    }

    private void SiftDown(int slot)
    {
        var entry = heap[slot];
        while (true)
        {
            var first = Arity * slot + 1;
            if (first >= count)
            {
                break;
            }

            var child = first;
            var last = Math.Min(first + Arity, count);
            for (var other = first + 1; other < last; other++)
            {
                if (Earlier(heap[other], heap[child]))
                {
                    child = other;
                }
            }

            if (!Earlier(heap[child], entry))
            {
                break;
            }

            Place(slot, heap[child]);
            slot = child;
        }

        Place(slot, entry);
    }

    private void Place(int slot, in Entry entry)
    {
        heap[slot] = entry;
        slots[entry.Handle] = slot;
    }

    private bool Earlier(in Entry a, in Entry b) =>
        a.At != b.At ? a.At < b.At
        : a.IdPrefix != b.IdPrefix ? a.IdPrefix < b.IdPrefix
        : OrderState.CompareIds(orders[a.Handle], orders[b.Handle]) < 0;
}
