using System.Runtime.CompilerServices;

namespace Luyue.Core.Engine;

/// <summary>
/// Records of one kind that many of an engine's orders or numbers each hold a few of (scans, emitted findings, items),
/// in large shared chunks instead of an array each. Such records live as long as their order or number, days of
/// stream time: an array each was copied by the collector out of gen 0 and again out of gen 1, and every record that
/// pointed at a young array had its card marked, for each gen-0 collection to go through (twenty-sixth session: each
/// gen-0 collection of the 1,000,000-order replay promoted about 15 MB, all of it found through such cards; 5 MB since).
/// A chunk is one large array, allocated straight into gen 2 and never copied, which records point at without marking
/// a card. Slices come in the arena's sizes and go back to a free list per size when their owner outgrows or leaves
/// them. Not thread-safe, like the engine that owns it.
/// </summary>
internal class SliceArena<T>
    where T : struct
{
    private readonly int[] sizes;
    private readonly int firstChunk;
    private readonly int mostChunk;
    private readonly Stack<Slice<T>>[] free;
    private T[] chunk = [];
    private int used;

    /// <param name="sizes">The slice lengths, ascending; a slice longer than the last is an array of its own.</param>
    /// <param name="firstChunk">Records in the first chunk; each next one has twice as many, up to <paramref name="mostChunk"/>.</param>
    protected SliceArena(int[] sizes, int firstChunk, int mostChunk)
    {
        (this.sizes, this.firstChunk, this.mostChunk) = (sizes, firstChunk, mostChunk);
        free = sizes.Select(_ => new Stack<Slice<T>>()).ToArray();
    }

    /// <summary>A slice with room for more than <paramref name="held"/> records (the next size up).</summary>
    public Slice<T> Rent(int held)
    {
        var size = SizeFor(held);
        if (size == sizes.Length)
        {
            // Beyond any size the arena keeps: an array of its own, left to the collector when outgrown.
            return Slice<T>.Own(held * 2);
        }

        if (free[size].TryPop(out var reused))
        {
            return reused;
        }

        var length = sizes[size];
        if (used + length > chunk.Length)
        {
            // At least twice the slice, so that a slice of a chunk is always shorter than it (Return tells them so).
            chunk = new T[Math.Max(2 * length, chunk.Length == 0 ? firstChunk : Math.Min(2 * chunk.Length, mostChunk))];
            used = 0;
        }

        var slice = new Slice<T>(chunk, used, length);
        used += length;
        return slice;
    }

    /// <summary>
    /// Moves the first <paramref name="held"/> records of a full room into a larger one: from the arena, which takes the
    /// old room back, or, without one (an owner outside any engine), an array of its own at least
    /// <paramref name="least"/> long.
    /// </summary>
    public static void Grow(SliceArena<T>? arena, ref Slice<T> room, int held, int least)
    {
        var larger = arena?.Rent(held) ?? Slice<T>.Own(Math.Max(least, 2 * held));
        room.Span[..held].CopyTo(larger.Span);
        arena?.Return(room);
        room = larger;
    }

    /// <summary>
    /// Asks for the room <see cref="Rent"/> would give now for <paramref name="held"/> records, for an owner whose next
    /// record will move its slice there (a hint: should another take that room first, it is merely wasted). The room is
    /// memory last used by an owner long gone, or never, and the copy into it waited on it.
    /// </summary>
    public void PrefetchRoom(int held)
    {
        var size = SizeFor(held);
        if (size == sizes.Length)
        {
            return;
        }

        if (free[size].TryPeek(out var reused))
        {
            Prefetch.Span<T>(reused.Span);
        }
        else if (used + sizes[size] <= chunk.Length)
        {
            Prefetch.Span<T>(chunk.AsSpan(used, sizes[size]));
        }
    }

    /// <summary>The index in the sizes of the slice that holds more than <paramref name="held"/> records, or their count.</summary>
    private int SizeFor(int held)
    {
        var size = 0;
        while (size < sizes.Length && sizes[size] <= held)
        {
            size++;
        }

        return size;
    }

    /// <summary>Takes back a slice its owner no longer uses; its records are cleared (those with references let go).</summary>
    public void Return(Slice<T> slice)
    {
        // An array of its own (Slice.Own) is its slice whole; a slice of a chunk never is.
        var size = Array.IndexOf(sizes, slice.Length);
        if (size >= 0 && slice.Length < slice.Chunk.Length)
        {
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                slice.Span.Clear();
            }

            free[size].Push(slice);
        }
    }
}

/// <summary>An owner's room for records: <see cref="Length"/> records of a chunk from <see cref="Offset"/>.</summary>
internal readonly record struct Slice<T>(T[] Chunk, int Offset, int Length)
    where T : struct
{
    public static readonly Slice<T> None = new([], 0, 0);

    /// <summary>An array of its own, outside any arena (which <see cref="SliceArena{T}.Return"/> leaves alone).</summary>
    public static Slice<T> Own(int length) => new(new T[length], 0, length);

    public Span<T> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Chunk.AsSpan(Offset, Length);
    }
}

/// <summary>
/// The scan records of all of an engine's numbers (a third of what a long replay holds). Scan records hold no
/// references, so the collector never looks inside a chunk either.
/// </summary>
internal sealed class ScanArena : SliceArena<ScanRecord>
{
    // Chunks of 4,096 records at first (96 KiB, on the large-object heap), each next one twice the one before up to
    // 262,144 (6 MiB): an engine with a few numbers holds little, and a large one's chunks are large enough for the
    // kernel to back with huge pages as they are first written (see StateChunks).
    // Room for 4, then 8, then 12: a parcel's trace has 8–11 scans as a rule (pickup, hubs, delivery, signing), 8 the
    // most often, so most numbers end in a slice they fill or nearly; numbers with few scans stay small. With 4 then
    // 12, a trace of 8 held a third of its room empty for the retention: the 1,000,000-order replay's peak was 35 MB
    // higher (docs/performance.md), against one more copy, of 8 records, for a trace of 9 to 12.
    public ScanArena()
        : base([4, 8, 12, 24, 48, 96, 192, 384, 768, 1536, 3072, 6144, 12288, 24576, 49152], 1 << 12, 1 << 18)
    {
    }
}

/// <summary>
/// The findings each of an engine's orders has emitted (to tell a new finding from one already out, and to retract).
/// Orders with findings have one to three as a rule; a few collect dozens over re-judgings.
/// </summary>
internal sealed class FindingArena : SliceArena<EmittedFinding>
{
    // Chunks of 2,048 records at first (112 KiB, on the large-object heap) up to 131,072 (7 MiB).
    public FindingArena()
        : base([2, 4, 8, 16, 32, 64, 128, 256], 1 << 11, 1 << 17)
    {
    }
}

/// <summary>The item ids of an engine's orders of packs with store strikes: one as a rule, a handful at most.</summary>
internal sealed class ItemArena : SliceArena<CompactText>
{
    // Exact up to four items (they are kept once, at payment), then a little room to spare. Chunks of 4,096 records at
    // first (128 KiB) up to 262,144 (8 MiB).
    public ItemArena()
        : base([1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64, 128], 1 << 12, 1 << 18)
    {
    }
}
