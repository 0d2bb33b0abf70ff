using System.Runtime.CompilerServices;

namespace Luyue.Core.Engine;

/// <summary>
/// The scan records of all of an engine's numbers, in large shared chunks instead of an array per number. A trace
/// lives as long as its parcel travels, days of stream time: an array per number was copied by the collector out of
/// gen 0 and again out of gen 1, about a third of everything a long replay's collections copied. A chunk is one
/// large array (allocated straight into gen 2, never copied), and records hold no references, so the collector never
/// looks inside it either. Slices come in a few sizes and go back to a free list per size when a number outgrows or
/// leaves them. Not thread-safe, like the engine that owns it.
/// </summary>
internal sealed class ScanArena
{
    // Chunks of 4,096 records at first (96 KiB, on the large-object heap), each next one twice the one before up to
    // 262,144 (6 MiB): an engine with a few numbers holds little, and a large one's chunks are large enough for the
    // kernel to back with huge pages as they are first written (see StateChunks).
    private const int FirstChunkRecords = 1 << 12;
    private const int MostChunkRecords = 1 << 18;

    // Room for 4, then 8, then 12: a parcel's trace has 8–11 scans as a rule (pickup, hubs, delivery, signing), 8 the
    // most often, so most numbers end in a slice they fill or nearly; numbers with few scans stay small. With 4 then
    // 12, a trace of 8 held a third of its room empty for the retention: the 1,000,000-order replay's peak was 35 MB
    // higher (docs/performance.md), against one more copy, of 8 records, for a trace of 9 to 12.
    private static readonly int[] Sizes = [4, 8, 12, 24, 48, 96, 192, 384, 768, 1536, 3072, 6144, 12288, 24576, 49152];

    private readonly Stack<ScanSlice>[] free = Sizes.Select(_ => new Stack<ScanSlice>()).ToArray();
    private ScanRecord[] chunk = [];
    private int used;

    /// <summary>A slice with room for more than <paramref name="held"/> records (the next size up).</summary>
    public ScanSlice Rent(int held)
    {
        var size = SizeFor(held);
        if (size == Sizes.Length)
        {
            // Beyond any trace a carrier writes: an array of its own, left to the collector when outgrown.
            return ScanSlice.Own(held * 2);
        }

        if (free[size].TryPop(out var reused))
        {
            return reused;
        }

        var length = Sizes[size];
        if (used + length > chunk.Length)
        {
            // At least twice the slice, so that a slice of a chunk is always shorter than it (Return tells them so).
            chunk = new ScanRecord[Math.Max(2 * length, chunk.Length == 0 ? FirstChunkRecords : Math.Min(2 * chunk.Length, MostChunkRecords))];
            used = 0;
        }

        var slice = new ScanSlice(chunk, used, length);
        used += length;
        return slice;
    }

    /// <summary>
    /// Asks for the room <see cref="Rent"/> would give now for <paramref name="held"/> records, for a number whose next
    /// scan will move its trace there (a hint: should another number take that room first, it is merely wasted). The
    /// room is memory last used by a number long gone, or never, and the copy into it waited on it.
    /// </summary>
    public void PrefetchRoom(int held)
    {
        var size = SizeFor(held);
        if (size == Sizes.Length)
        {
            return;
        }

        if (free[size].TryPeek(out var reused))
        {
            Prefetch.Span<ScanRecord>(reused.Span);
        }
        else if (used + Sizes[size] <= chunk.Length)
        {
            Prefetch.Span<ScanRecord>(chunk.AsSpan(used, Sizes[size]));
        }
    }

    /// <summary>The index in <see cref="Sizes"/> of the slice that holds more than <paramref name="held"/> records, or its length.</summary>
    private static int SizeFor(int held)
    {
        var size = 0;
        while (size < Sizes.Length && Sizes[size] <= held)
        {
            size++;
        }

        return size;
    }

    /// <summary>Takes back a slice no number uses any more.</summary>
    public void Return(ScanSlice slice)
    {
        // An array of a number's own (ScanSlice.Own) is its slice whole; a slice of a chunk never is.
        var size = Array.IndexOf(Sizes, slice.Length);
        if (size >= 0 && slice.Length < slice.Chunk.Length)
        {
            free[size].Push(slice);
        }
    }
}

/// <summary>A number's room for scan records: <see cref="Length"/> records of a chunk from <see cref="Offset"/>.</summary>
internal readonly record struct ScanSlice(ScanRecord[] Chunk, int Offset, int Length)
{
    public static readonly ScanSlice None = new([], 0, 0);

    /// <summary>An array of its own, outside any arena (which <see cref="ScanArena.Return"/> leaves alone).</summary>
    public static ScanSlice Own(int length) => new(new ScanRecord[length], 0, length);

    public Span<ScanRecord> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Chunk.AsSpan(Offset, Length);
    }
}
