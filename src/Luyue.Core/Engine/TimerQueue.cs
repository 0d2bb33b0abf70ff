using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Luyue.Core.Engine;

/// <summary>
/// The orders with a timer, earliest first; ties break on the order id so that simultaneous deadlines fire in the
/// same order whatever the arrival order. One entry per order, moved in place when its wake time changes: a queue of
/// (order, time) entries keeps every superseded entry until its time comes (about three per open order in a long
/// replay), and pays for them in memory and in heap operations. Not thread-safe, like the engine that owns it.
/// <para>
/// Only the nearest wakes are kept in order: those before <see cref="limit"/>, the end of the bucket of time (about an
/// hour) last taken up, sit in a heap of four children a node; later ones wait unordered in a bucket per hour until
/// the heap runs out, when the earliest bucket is taken up into it. A wake moves later on almost every judgement (a
/// deadline met, the next one ahead), which in one heap of every order's entry sifted it down a dozen levels, each a
/// cache miss on the heap and one on the handle's slot (RemoveAt and the sifts were 2.3 % of the 1,000,000-order
/// replay's samples); into a bucket it is an append, out of one a swap with the bucket's last entry. The heap holds an
/// hour's wakes, small enough to stay in the caches. Orders come out in the same order either way: every entry in the
/// heap is earlier than every entry in a bucket.
/// </para>
/// <para>
/// Where each order's entry is, which a move must update, is kept by a handle the order holds
/// (<see cref="OrderState.TimerHandle"/>) in an array of the queue's own, not in the order: writing it into each moved
/// order was a cache miss per move, the orders being spread over the whole heap. Whether it is in the heap or in a
/// bucket (and which) follows from its wake (<see cref="OrderState.NextWake"/>) and <see cref="limit"/>.
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

    /// <summary>A bucket's wakes, in no order.</summary>
    private sealed class Bucket
    {
        public Entry[] Entries = [];
        public int Count;
    }

    /// <summary>A bucket spans 2^shift ticks of 100 ns: 2^35 by default, about 57 minutes.</summary>
    private readonly int shift;

    private Entry[] heap = new Entry[256];
    private int count;

    /// <summary>Every wake before this is in the heap, every other one in the bucket of its time (At &gt;&gt; shift).</summary>
    private long limit = long.MinValue;

    private readonly Dictionary<long, Bucket> buckets = [];

    /// <summary>Each bucket's key once, from when the bucket is made until it is taken up into the heap.</summary>
    private readonly PriorityQueue<long, long> bucketKeys = new();

    /// <summary>
    /// Bucket arrays no longer used, by size (64 entries, 128, …): a bucket outgrows several and is taken up in the end,
    /// and an hour's wakes are often many kilobytes, better used again than left to the collector.
    /// </summary>
    private readonly List<Stack<Entry[]>> spareArrays = [];
    private int waiting;

    /// <summary>Where each handle's entry is: its index in the heap or in its bucket.</summary>
    private int[] slots = new int[256];

    /// <summary>Each handle's order, written once when the order takes the handle.</summary>
    private OrderState[] orders = new OrderState[256];

    /// <summary>Handles given back, taken again before new ones (so the handles stay as few as the orders waiting).</summary>
    private readonly Stack<int> freeHandles = new();
    private int handles;

    public TimerQueue()
        : this(35)
    {
    }

    /// <param name="bucketShift">A bucket's span as a power of two of ticks (tests use small ones to span many).</param>
    internal TimerQueue(int bucketShift)
    {
        shift = bucketShift;
    }

    public int Count => count + waiting;

    /// <summary>Handles ever made: at most the most orders ever waiting at once (given-back ones are taken again).</summary>
    internal int HandlesMade => handles;

    public bool TryPeek(out OrderState order, out long at)
    {
        if (count == 0 && !TakeUpNextBucket())
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
        var old = order.NextWake;
        order.NextWake = wake;
        var handle = order.TimerHandle;
        if (handle < 0)
        {
            if (wake != RuleEvaluator.Never)
            {
                Insert(new Entry { At = wake, IdPrefix = order.IdPrefix, Handle = TakeHandle(order) });
            }

            return;
        }

        var slot = slots[handle];
        Entry entry;
        if (old < limit)
        {
            if (wake < limit)
            {
                // Staying in the heap. A wake moves later as a rule (a deadline met, the next one ahead): then only
                // down, without reading the parent.
                heap[slot].At = wake;
                if (wake < old)
                {
                    SiftUp(slot);
                }
                else
                {
                    SiftDown(slot);
                }

                return;
            }

            entry = heap[slot];
            TakeFromHeap(slot);
        }
        else
        {
            var key = old >> shift;
            var bucket = buckets[key];
            if (wake != RuleEvaluator.Never && wake >> shift == key)
            {
                // The same bucket (so still past the limit, which is at or before the bucket's start): in no order.
                bucket.Entries[slot].At = wake;
                return;
            }

            // Made again from what the order holds rather than read: the bucket's entry is one of thousands, seldom in the
            // caches, and reading it was most of what moving a wake cost (writing over it, below, does not wait).
            entry = new Entry { IdPrefix = order.IdPrefix, Handle = handle };
            TakeFromBucket(bucket, slot);
        }

        if (wake == RuleEvaluator.Never)
        {
            GiveBackHandle(handle);
            return;
        }

        entry.At = wake;
        Insert(entry);
    }

    private void Insert(in Entry entry)
    {
        if (entry.At < limit)
        {
            if (count == heap.Length)
            {
                Array.Resize(ref heap, heap.Length * 2);
            }

            Place(count, entry);
            count++;
            SiftUp(count - 1);
            return;
        }

        var key = entry.At >> shift;
        if (!buckets.TryGetValue(key, out var bucket))
        {
            buckets.Add(key, bucket = new Bucket());
            bucketKeys.Enqueue(key, key);
        }

        if (bucket.Count == bucket.Entries.Length)
        {
            Grow(bucket);
        }

        bucket.Entries[bucket.Count] = entry;
        slots[entry.Handle] = bucket.Count;
        bucket.Count++;
        waiting++;
    }

    private const int SmallestArray = 64;

    /// <summary>Room for twice as many entries, in an array given back before where there is one.</summary>
    private void Grow(Bucket bucket)
    {
        var length = Math.Max(SmallestArray, bucket.Entries.Length * 2);
        var sizeClass = BitOperations.Log2((uint)(length / SmallestArray));
        var larger = sizeClass < spareArrays.Count && spareArrays[sizeClass].TryPop(out var spare) ? spare : new Entry[length];
        bucket.Entries.AsSpan(0, bucket.Count).CopyTo(larger);
        GiveBack(bucket.Entries);
        bucket.Entries = larger;
    }

    private void GiveBack(Entry[] array)
    {
        if (array.Length < SmallestArray)
        {
            return; // the empty array of a new bucket
        }

        var sizeClass = BitOperations.Log2((uint)(array.Length / SmallestArray));
        while (spareArrays.Count <= sizeClass)
        {
            spareArrays.Add(new Stack<Entry[]>());
        }

        spareArrays[sizeClass].Push(array);
    }

    /// <summary>A bucket's entry out: the bucket's last takes its index.</summary>
    private void TakeFromBucket(Bucket bucket, int index)
    {
        bucket.Count--;
        waiting--;
        if (index != bucket.Count)
        {
            var last = bucket.Entries[bucket.Count];
            bucket.Entries[index] = last;
            slots[last.Handle] = index;
        }
    }

    /// <summary>
    /// The heap having run out, the earliest bucket's entries become the heap and the limit moves to that bucket's end;
    /// false when no bucket is left.
    /// </summary>
    private bool TakeUpNextBucket()
    {
        while (count == 0 && bucketKeys.TryDequeue(out var key, out _))
        {
            buckets.Remove(key, out var bucket);
            limit = key >= long.MaxValue >> shift ? long.MaxValue : (key + 1) << shift;
            if (bucket!.Count == 0)
            {
                GiveBack(bucket.Entries);
                continue;
            }

            if (heap.Length < bucket.Count)
            {
                heap = new Entry[Math.Max(heap.Length * 2, bucket.Count)];
            }

            for (var i = 0; i < bucket.Count; i++)
            {
                Place(i, bucket.Entries[i]);
            }

            count = bucket.Count;
            waiting -= bucket.Count;
            GiveBack(bucket.Entries);
            for (var i = (count - 2) / Arity; i >= 0; i--)
            {
                SiftDown(i);
            }
        }

        return count > 0;
    }

    private int TakeHandle(OrderState order)
    {
        if (!freeHandles.TryPop(out var handle))
        {
            if (handles == slots.Length)
            {
                Array.Resize(ref slots, slots.Length * 2);
                Array.Resize(ref orders, orders.Length * 2);
            }

            handle = handles++;
        }

        order.TimerHandle = handle;
        orders[handle] = order;
        return handle;
    }

    private void GiveBackHandle(int handle)
    {
        orders[handle].TimerHandle = -1;
        orders[handle] = default;
        freeHandles.Push(handle);
    }

    /// <summary>The heap's entry at <paramref name="slot"/> out: the heap's last takes its place.</summary>
    private void TakeFromHeap(int slot)
    {
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
