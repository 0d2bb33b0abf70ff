using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Luyue.Core.Engine;

/// <summary>
/// The engine's table of orders or of numbers: open addressing by a 128-bit key, each slot holding the key (96 of its
/// bits, <see cref="Slot"/>) beside its state's place, so that a lookup reads one slot where
/// <see cref="Dictionary{TKey,TValue}"/> read a bucket, then an entry (and, for string keys, the key string): on
/// tables larger than the processor's caches each of those reads was a miss, and misses were most of what a scan cost
/// the engine (docs/performance.md). A slot's place follows from the key alone, so it can also be fetched ahead of use
/// (<see cref="Prefetch"/>).
/// <para>
/// The states themselves sit in chunks of their own, each at the place it took when added (places given back by
/// removals are taken again), and slots hold no reference. A state is young for the collector until it has survived a
/// generation-1 collection, and every reference to a young object from an old one marks a card (a few hundred bytes of
/// the old object) that each collection scans until then. Slots are reached by the key's hash, so held in the slots
/// the new states marked cards all over two tables of tens of megabytes; by place they are added side by side. On the
/// 1,000,000-order replay the collections paused about a third less (docs/performance.md). A state may be a struct
/// (<see cref="OrderBook"/> keeps its orders' records so): chunks never move, so it is read and written in place
/// (<see cref="At"/>).
/// </para>
/// Linear probing, at most half full, removal by shifting back (no tombstones). Not thread-safe.
/// </summary>
internal sealed class StateTable<T>
{
    private const int MinCapacity = 16;

    private Slot[] slots = new Slot[MinCapacity];
    private int count;

    /// <summary>The states by place, in chunks; a slot holds its state's place plus one (0: an empty slot).</summary>
    private T[][] chunks = [];
    private int placesUsed;

    /// <summary>Places given back by removals, taken again before new ones, so that the chunks follow the states held.</summary>
    private readonly Stack<int> freePlaces = new();

    public int Count => count;

    /// <summary>Places ever made: at most the most states held at once (given-back places are taken again).</summary>
    internal int PlacesMade => placesUsed;

    public bool TryGetValue(UInt128 key, [MaybeNullWhen(false)] out T value)
    {
        var place = Find(key);
        value = place < 0 ? default : At(place);
        return place >= 0;
    }

    /// <summary>The place of the key's state (for <see cref="At"/>), or -1 when the key is not in the table.</summary>
    public int Find(UInt128 key)
    {
        var mask = slots.Length - 1;
        for (var i = Home(key, mask); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Place == 0 || slot.Holds(key))
            {
                return slot.Place - 1;
            }
        }
    }

    /// <summary>The state at a place the table gave (<see cref="Find"/>, <see cref="Add"/>), in place.</summary>
    public ref T At(int place) => ref chunks[StateChunks.ChunkOf(place)][StateChunks.IndexOf(place)];

    /// <summary>The chunk holding a place's state (at <see cref="StateChunks.IndexOf"/> in it).</summary>
    public T[] ChunkOf(int place) => chunks[StateChunks.ChunkOf(place)];

    /// <summary>Adds a key that is not in the table (the caller looked it up first).</summary>
    public void Add(UInt128 key, T value) => At(Add(key)) = value;

    /// <summary>Adds a key that is not in the table and answers its place, for the caller to set its state (<see cref="At"/>).</summary>
    public int Add(UInt128 key)
    {
        if (2 * (count + 1) > slots.Length)
        {
            Grow();
        }

        if (!freePlaces.TryPop(out var place))
        {
            if (StateChunks.IndexOf(placesUsed) == 0)
            {
                // A chunk when its first place is taken, not before: a table of few states holds a small one.
                var chunk = StateChunks.ChunkOf(placesUsed);
                if (chunk == chunks.Length)
                {
                    Array.Resize(ref chunks, Math.Max(4, chunks.Length * 2));
                }

                chunks[chunk] = new T[StateChunks.SizeOf(chunk)];
            }

            place = placesUsed++;
        }

        Place(slots, key, place + 1);
        count++;
        return place;
    }

    /// <summary>Takes the key out; its place's state is cleared (references to other objects are let go).</summary>
    public bool Remove(UInt128 key)
    {
        var place = Unlink(key);
        if (place >= 0)
        {
            Release(place);
        }

        return place >= 0;
    }

    /// <summary>
    /// Takes the key out but leaves its place and state as they are, for the caller to <see cref="Release"/> later:
    /// answers the place, or -1 when the key is not in the table.
    /// </summary>
    public int Unlink(UInt128 key)
    {
        var mask = slots.Length - 1;
        var i = Home(key, mask);
        for (; !slots[i].Holds(key) || slots[i].Place == 0; i = (i + 1) & mask)
        {
            if (slots[i].Place == 0)
            {
                return -1;
            }
        }

        var place = slots[i].Place - 1;

        // Shifts later slots of the run back into the hole when the hole lies between their home and them, so that
        // every key stays reachable from its home without passing an empty slot.
        var hole = i;
        for (var j = (i + 1) & mask; slots[j].Place != 0; j = (j + 1) & mask)
        {
            var home = Home(slots[j].Low, mask);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                slots[hole] = slots[j];
                hole = j;
            }
        }

        slots[hole] = default;
        count--;
        return place;
    }

    /// <summary>
    /// The place the next <see cref="Add"/> will take, or -1 when that place's chunk is yet to be made: for fetching
    /// ahead the state a new key will be written into.
    /// </summary>
    public int NextPlace =>
        freePlaces.TryPeek(out var place) ? place
        : StateChunks.IndexOf(placesUsed) != 0 ? placesUsed
        : -1;

    /// <summary>Gives back the place of a key taken out (<see cref="Unlink"/>): its state is cleared, the place taken again.</summary>
    public void Release(int place)
    {
        At(place) = default!;
        freePlaces.Push(place);
    }

    /// <summary>
    /// Asks the processor to fetch the key's home slot into its caches, and the slots a probe from it reads next: a
    /// hint, which changes nothing the table answers. A caller that knows which keys it will want soon hides the wait
    /// for memory behind other work. Half full, a probe often reads past its home slot, and four slots share a line:
    /// from the last slots of a line it went on into the next one, unfetched, where the feed's look-ups then waited
    /// (a fifth of <c>EngineFeed.Advance</c>'s samples, twenty-fifth session).
    /// </summary>
    public void Prefetch(UInt128 key)
    {
        // Should the collector move the array meanwhile, the hints are merely wasted.
        var mask = slots.Length - 1;
        var home = Home(key, mask);
        Luyue.Core.Prefetch.At(ref slots[home]);
        Luyue.Core.Prefetch.At(ref slots[(home + 3) & mask]);
    }

    /// <summary>The states, in slot order: deterministic for the same keys added and removed in the same order.</summary>
    public IEnumerable<T> Values
    {
        get
        {
            foreach (var place in Places)
            {
                yield return At(place);
            }
        }
    }

    /// <summary>The places of the states, in slot order: deterministic for the same keys added and removed in the same order.</summary>
    public PlaceEnumerator Places => new(slots);

    /// <summary>Walks the slots without allocating.</summary>
    public struct PlaceEnumerator(Slot[] slots)
    {
        private int index = -1;

        public readonly int Current => slots[index].Place - 1;

        public readonly PlaceEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (++index < slots.Length)
            {
                if (slots[index].Place != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static int Home(UInt128 key, int mask) => Home(unchecked((ulong)key), mask);

    private static int Home(ulong low, int mask) => unchecked((int)low) & mask;

    private static void Place(Slot[] table, UInt128 key, int place) => Place(table, new Slot(key, place));

    private static void Place(Slot[] table, in Slot slot)
    {
        var mask = table.Length - 1;
        var i = Home(slot.Low, mask);
        while (table[i].Place != 0)
        {
            i = (i + 1) & mask;
        }

        table[i] = slot;
    }

    private void Grow()
    {
        var larger = new Slot[slots.Length * 2];
        foreach (ref readonly var slot in slots.AsSpan())
        {
            if (slot.Place != 0)
            {
                Place(larger, slot);
            }
        }

        slots = larger;
    }

    /// <summary>
    /// A key and its state's place: 16 bytes, four to a cache line. The key is held as 96 of its 128 bits (the low half,
    /// which also gives the slot's home, and 32 bits of the high half), not as a <see cref="UInt128"/>, which the
    /// runtime aligns to 16 bytes (32-byte slots), nor whole (24): the two tables of the 1,000,000-order replay hold
    /// two million slots each, 50 MB apiece at 24 bytes, all written for the first time as they grow. Two of a
    /// table's keys would need to agree in 96 bits of a 128-bit hash to be taken for one another: for a million keys,
    /// a chance of about 10^-17.
    /// </summary>
    internal readonly struct Slot(UInt128 key, int place)
    {
        private readonly ulong low = unchecked((ulong)key);
        private readonly uint high = unchecked((uint)(key >> 64));

        /// <summary>The state's place in the array of states, plus one; 0 for an empty slot.</summary>
        public readonly int Place = place;

        /// <summary>The key's low half, from which its home slot follows.</summary>
        public ulong Low => low;

        public bool Holds(UInt128 key) => low == unchecked((ulong)key) && high == unchecked((uint)(key >> 64));
    }
}

/// <summary>
/// How a <see cref="StateTable{T}"/> lays out its states: in chunks that never move, so that a state found stays where
/// it is and a handle to a record (<see cref="OrderState"/>) holds its chunk. The first chunk has 256 places and each
/// next one twice as many as the one before, up to 65,536, then all alike: a table of a few states (a test's, a quiet
/// partition's) holds a few kilobytes, a large one's chunks are megabytes, which the kernel backs with huge pages as
/// they are first written (chunks of 4,096 orders, about a megabyte, mostly were not: then the 1,000,000-order replay
/// took a page fault for every 4 KiB of its records, and the processor an address-translation miss on most reads of
/// one), and the room made but not yet used is at most one chunk (18 MB of orders), not as much as is used.
/// </summary>
internal static class StateChunks
{
    private const int FirstShift = 8;
    private const int First = 1 << FirstShift;
    private const int MostShift = 16;
    private const int Most = 1 << MostShift;

    /// <summary>How many chunks double (256 … 65,536 places).</summary>
    private const int Doubling = MostShift - FirstShift + 1;

    /// <summary>The places of the doubling chunks: 256·(2^9 − 1).</summary>
    private const int DoublingPlaces = First * ((1 << Doubling) - 1);

    /// <summary>The chunk of a place: doubling chunk k holds places from 256·(2^k − 1) on, then 65,536 a chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ChunkOf(int place) =>
        place < DoublingPlaces ? BitOperations.Log2((uint)place + First) - FirstShift : Doubling + ((place - DoublingPlaces) >> MostShift);

    /// <summary>A place's index in its chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(int place)
    {
        if (place >= DoublingPlaces)
        {
            return (place - DoublingPlaces) & (Most - 1);
        }

        var shifted = (uint)place + First;
        return (int)(shifted - (1u << BitOperations.Log2(shifted)));
    }

    public static int SizeOf(int chunk) => chunk < Doubling ? First << chunk : Most;
}
