namespace Luyue.Core.Engine;

/// <summary>An item <see cref="IdleBuckets{T}"/> files: where it is filed, kept on the item itself.</summary>
internal interface IIdleFiled
{
    /// <summary>The bucket the item is filed in (<see cref="IdleBuckets{T}.NotFiled"/> when none).</summary>
    long Bucket { get; set; }
}

/// <summary>
/// Items filed by the time they were last active, in buckets of about a day, so that a sweep for what has been idle
/// since a horizon looks at the few buckets before that horizon instead of at every item held. A daily sweep that
/// walked every order and number read each one's state from memory, a cache miss apiece: on hundreds of thousands
/// held, that was 5 % of the server's CPU (docs/performance.md).
/// <para>
/// An item is in the bucket of its latest filing only; filing it again in the same bucket adds nothing, and an entry
/// left behind in an earlier bucket is skipped (its item's <see cref="IIdleFiled.Bucket"/> no longer names it). So an
/// item costs one entry per bucket it was active in. Filing times must not go back by more than a bucket: the engine
/// and the accumulator file at their clock, which only moves forward. Not thread-safe.
/// </para>
/// </summary>
internal sealed class IdleBuckets<T>
    where T : IIdleFiled
{
    public const long NotFiled = long.MinValue;

    // 2^40 ticks of 100 ns: about 30.5 hours. Any width gives the same answers; this one keeps the buckets before a
    // horizon few and each sweep's look past the horizon short.
    private const int Shift = 40;

    // A bucket's entries sit in chunks of 16,384, taken from and given back to one pool: a bucket holds every item
    // active in its day, hundreds of thousands on a long replay, and as a List each bucket grew an array by doubling
    // on the large-object heap, about 7 bytes an event of garbage there, which set off full collections. A chunk is
    // on the large-object heap itself (128 KiB of references, 256 KiB of order handles): a bucket lives for the
    // retention, and chunks of 4,096 under its threshold were copied by the collector out of generations 0 and 1: on
    // the 1,000,000-order replay the collections copied 177 + 146 MB with those, 113 + 86 MB with these.
    internal const int ChunkSize = 16384;

    private readonly Dictionary<long, Bucket> buckets = [];
    private readonly Stack<T?[]> spareChunks = new();
    private readonly List<long> due = [];

    /// <summary>Files the item as active at <paramref name="at"/> (ticks).</summary>
    public void File(T item, long at)
    {
        var bucket = at >> Shift;
        if (item.Bucket == bucket)
        {
            return;
        }

        item.Bucket = bucket;
        if (!buckets.TryGetValue(bucket, out var items))
        {
            buckets.Add(bucket, items = new Bucket());
        }

        items.Add(item, this);
    }

    /// <summary>Takes the item out: its entries are skipped from now on.</summary>
    public static void Forget(T item) => item.Bucket = NotFiled;

    /// <summary>
    /// Adds to <paramref name="into"/>, oldest bucket first and in filing order within one, every item filed in a
    /// bucket that begins at or before <paramref name="horizon"/>: those of the earlier buckets were last active before
    /// it, those of its own bucket may have been since (the caller tells by time). The earlier buckets are emptied,
    /// so an item of theirs that the caller keeps must be filed again (<see cref="File"/>) or it will not come back;
    /// the horizon's own bucket keeps its items.
    /// </summary>
    public void Due(long horizon, List<T> into)
    {
        var last = horizon >> Shift;
        due.Clear();
        foreach (var bucket in buckets.Keys)
        {
            if (bucket <= last)
            {
                due.Add(bucket);
            }
        }

        due.Sort();
        foreach (var bucket in due)
        {
            var items = buckets[bucket];
            items.Collect(bucket, into);
            if (bucket < last)
            {
                items.Release(this);
                buckets.Remove(bucket);
            }
            else
            {
                // Kept for the items that stay filed here; the entries of those filed elsewhere since go now.
                items.Keep(bucket, this);
            }
        }
    }

    private T?[] TakeChunk() => spareChunks.TryPop(out var chunk) ? chunk : new T?[ChunkSize];

    private void GiveBack(T?[] chunk)
    {
        Array.Clear(chunk); // an entry must not keep a forgotten item alive
        spareChunks.Push(chunk);
    }

    /// <summary>One bucket's entries, in filing order, over chunks from the pool.</summary>
    private sealed class Bucket
    {
        private readonly List<T?[]> chunks = [];
        private int count;

        public void Add(T item, IdleBuckets<T> owner)
        {
            if (count == chunks.Count * ChunkSize)
            {
                chunks.Add(owner.TakeChunk());
            }

            chunks[count / ChunkSize][count % ChunkSize] = item;
            count++;
        }

        /// <summary>Adds to <paramref name="into"/>, in filing order, the items still filed in <paramref name="bucket"/>.</summary>
        public void Collect(long bucket, List<T> into)
        {
            for (var i = 0; i < count; i++)
            {
                var item = chunks[i / ChunkSize][i % ChunkSize]!;
                if (item.Bucket == bucket)
                {
                    into.Add(item);
                }
            }
        }

        /// <summary>Keeps only the entries of items still filed in <paramref name="bucket"/>, in order; chunks left empty go back.</summary>
        public void Keep(long bucket, IdleBuckets<T> owner)
        {
            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                var item = chunks[i / ChunkSize][i % ChunkSize]!;
                if (item.Bucket == bucket)
                {
                    chunks[kept / ChunkSize][kept % ChunkSize] = item;
                    kept++;
                }
            }

            var used = (kept + ChunkSize - 1) / ChunkSize;
            for (var c = chunks.Count - 1; c >= used; c--)
            {
                owner.GiveBack(chunks[c]);
                chunks.RemoveAt(c);
            }

            if (kept % ChunkSize != 0)
            {
                Array.Clear(chunks[^1], kept % ChunkSize, ChunkSize - (kept % ChunkSize));
            }

            count = kept;
        }

        /// <summary>Gives every chunk back to the pool.</summary>
        public void Release(IdleBuckets<T> owner)
        {
            foreach (var chunk in chunks)
            {
                owner.GiveBack(chunk);
            }

            chunks.Clear();
            count = 0;
        }
    }
}
