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
/// deadline met, the next one ahead), which in one heap of every order's entry sifted it down about ten levels, each a
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

    /// <summary>
    /// A bucket's wakes, in no order, in chunks of <see cref="ChunkEntries"/> from the queue's pool (<see cref="At"/>):
    /// a bucket's entries come and go as wakes move (most orders' wake moves a few times), and arrays grown by doubling
    /// kept their most (the 1,000,000-open-orders measure held 30 MB more in buckets than in one heap); a chunk emptied
    /// goes back.
    /// </summary>
    private sealed class Bucket
    {
        /// <summary>The numbers of the bucket's chunks, in order.</summary>
        public readonly List<int> Chunks = [];
        public int Count;
    }

    // 256 entries, 6 KB: small enough that a bucket's last, partly used chunk wastes little, large enough that a
    // bucket's list of chunks stays short. Chunks are cut from slabs of 64 (384 KB): an array per chunk had its length
    // checked, at its start, on every read, a cache line apart from the entry and as seldom in the caches, and fetching
    // ahead (PrefetchMove) waited on it: Reevaluate was 2.91 % of the 1,000,000-order replay's samples, 2.81 % fetching
    // ahead from arrays, 2.15 % from slabs, whose few starts stay in the caches.
    private const int ChunkShift = 8;
    private const int ChunkEntries = 1 << ChunkShift;
    private const int SlabShift = 6;
    private const int SlabChunks = 1 << SlabShift;

    /// <summary>A bucket spans 2^shift ticks of 100 ns: 2^35 by default, about 57 minutes.</summary>
    private readonly int shift;

    private Entry[] heap = new Entry[256];
    private int count;

    /// <summary>Every wake before this is in the heap, every other one in the bucket of its time (At &gt;&gt; shift).</summary>
    private long limit = long.MinValue;

    private readonly Dictionary<long, Bucket> buckets = [];

    /// <summary>Each bucket's key once, from when the bucket is made until it is taken up into the heap.</summary>
    private readonly PriorityQueue<long, long> bucketKeys = new();

    /// <summary>The chunks' entries, <see cref="SlabChunks"/> chunks a slab, chunk n at slab n / 64 (<see cref="At"/>).</summary>
    private readonly List<Entry[]> slabs = [];
    private int chunksMade;

    /// <summary>Chunks no bucket uses, for buckets that need one (as many as the most in use at once, at most).</summary>
    private readonly Stack<int> spareChunks = new();

    /// <summary>How many entries wait in buckets (the rest of <see cref="Count"/> is in the heap).</summary>
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

    /// <summary>
    /// Asks for what moving the order's wake will read, for a caller about to judge the order (a judgement takes long
    /// enough for it to arrive): where its entry is, and the last entry of its bucket, which takes its place. Those two
    /// loads were most of what moving a wake cost, each seldom in the caches. A hint: it changes nothing.
    /// </summary>
    public void PrefetchMove(OrderState order)
    {
        var handle = order.TimerHandle;
        if (handle < 0)
        {
            return;
        }

        Prefetch.At(ref slots[handle]);
        var old = order.NextWake;
        if (old >= limit && buckets.TryGetValue(old >> shift, out var bucket) && bucket.Count > 0)
        {
            Prefetch.At(ref At(bucket, bucket.Count - 1));
        }
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
                At(bucket, slot).At = wake;
                return;
            }

            // Made again from what the order holds rather than read: the bucket's entry is one of thousands, seldom in
            // the caches, and reading it was most of what moving a wake cost (writing over it, below, does not wait).
            entry = new Entry { IdPrefix = order.IdPrefix, Handle = handle };
            TakeFromBucket(bucket, slot);
        }

        if (wake == RuleEvaluator.Never)
        {
            GiveBackHandle(order, handle);
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

        if (bucket.Count == bucket.Chunks.Count * ChunkEntries)
        {
            bucket.Chunks.Add(spareChunks.TryPop(out var spare) ? spare : NewChunk());
        }

        At(bucket, bucket.Count) = entry;
        slots[entry.Handle] = bucket.Count;
        bucket.Count++;
        waiting++;
    }

    /// <summary>A bucket's entry at <paramref name="index"/>, in its chunk's slab.</summary>
    private ref Entry At(Bucket bucket, int index)
    {
        var chunk = bucket.Chunks[index >> ChunkShift];
        return ref slabs[chunk >> SlabShift][((chunk & (SlabChunks - 1)) << ChunkShift) | (index & (ChunkEntries - 1))];
    }

    private int NewChunk()
    {
        if ((chunksMade & (SlabChunks - 1)) == 0)
        {
            slabs.Add(new Entry[SlabChunks * ChunkEntries]);
        }

        return chunksMade++;
    }

    /// <summary>A bucket's entry out: the bucket's last takes its index, and a chunk left empty goes back to the pool.</summary>
    private void TakeFromBucket(Bucket bucket, int index)
    {
        bucket.Count--;
        waiting--;
        if (index != bucket.Count)
        {
            var last = At(bucket, bucket.Count);
            At(bucket, index) = last;
            slots[last.Handle] = index;
        }

        if ((bucket.Count & (ChunkEntries - 1)) == 0)
        {
            spareChunks.Push(bucket.Chunks[^1]);
            bucket.Chunks.RemoveAt(bucket.Chunks.Count - 1);
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
                continue; // every wake it had moved elsewhere (its chunks went back as they emptied)
            }

            if (heap.Length < bucket.Count)
            {
                heap = new Entry[Math.Max(heap.Length * 2, bucket.Count)];
            }

            for (var i = 0; i < bucket.Count; i++)
            {
                Place(i, At(bucket, i));
            }

            count = bucket.Count;
            waiting -= bucket.Count;
            foreach (var chunk in bucket.Chunks)
            {
                spareChunks.Push(chunk);
            }

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

    /// <summary>
    /// The order's handle back to the pool, through the order at hand: reaching it through the handle's entry in
    /// <see cref="orders"/> (one of a million, seldom in the caches) was a wait on memory for each order settled, 1 % of
    /// the 1,000,000-order replay's samples. The entry is left as it is, to be written over when the handle is taken again
    /// (<see cref="TakeHandle"/>): nothing reads the entry of a handle given back.
    /// </summary>
    private void GiveBackHandle(OrderState order, int handle)
    {
        order.TimerHandle = -1;
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
