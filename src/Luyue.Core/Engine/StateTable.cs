using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Luyue.Core.Engine;

/// <summary>
/// The engine's table of orders or of numbers: open addressing by a 128-bit key, each slot holding the key beside its
/// state, so that a lookup reads one slot where <see cref="Dictionary{TKey,TValue}"/> read a bucket, then an entry
/// (and, for string keys, the key string): on tables larger than the processor's caches each of those reads was a
/// miss, and misses were most of what a scan cost the engine (docs/performance.md). A slot's place follows from the
/// key alone, so it can also be fetched ahead of use (<see cref="Prefetch"/>).
/// Linear probing, at most half full, removal by shifting back (no tombstones). Not thread-safe.
/// </summary>
internal sealed class StateTable<T>
    where T : class
{
    private const int MinCapacity = 16;

    private Slot[] slots = new Slot[MinCapacity];
    private int count;

    public int Count => count;

    public bool TryGetValue(UInt128 key, [MaybeNullWhen(false)] out T value)
    {
        var mask = slots.Length - 1;
        for (var i = Home(key, mask); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Value is null || slot.Key == key)
            {
                value = slot.Value;
                return value is not null;
            }
        }
    }

    /// <summary>Adds a key that is not in the table (the caller looked it up first).</summary>
    public void Add(UInt128 key, T value)
    {
        if (2 * (count + 1) > slots.Length)
        {
            Grow();
        }

        Place(slots, key, value);
        count++;
    }

    public bool Remove(UInt128 key)
    {
        var mask = slots.Length - 1;
        var i = Home(key, mask);
        for (; slots[i].Key != key || slots[i].Value is null; i = (i + 1) & mask)
        {
            if (slots[i].Value is null)
            {
                return false;
            }
        }

        // Shifts later slots of the run back into the hole when the hole lies between their home and them, so that
        // every key stays reachable from its home without passing an empty slot.
        var hole = i;
        for (var j = (i + 1) & mask; slots[j].Value is not null; j = (j + 1) & mask)
        {
            var home = Home(slots[j].Key, mask);
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                slots[hole] = slots[j];
                hole = j;
            }
        }

        slots[hole] = default;
        count--;
        return true;
    }

    /// <summary>
    /// Asks the processor to fetch the key's home slot into its caches: a hint, which changes nothing the table
    /// answers. A caller that knows which keys it will want soon hides the wait for memory behind other work.
    /// </summary>
    public unsafe void Prefetch(UInt128 key)
    {
        if (Sse.IsSupported)
        {
            // A prefetch never faults: should the collector move the array meanwhile, the hint is merely wasted.
            Sse.Prefetch0(Unsafe.AsPointer(ref slots[Home(key, slots.Length - 1)]));
        }
    }

    /// <summary>The states, in slot order: deterministic for the same keys added in the same order.</summary>
    public ValueEnumerator Values => new(slots);

    /// <summary>Walks the slots without allocating (the daily sweep walks every order).</summary>
    public struct ValueEnumerator(Slot[] slots)
    {
        private int index = -1;

        public readonly T Current => slots[index].Value!;

        public readonly ValueEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (++index < slots.Length)
            {
                if (slots[index].Value is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static int Home(UInt128 key, int mask) => unchecked((int)(ulong)key) & mask;

    private static void Place(Slot[] table, UInt128 key, T value)
    {
        var mask = table.Length - 1;
        var i = Home(key, mask);
        while (table[i].Value is not null)
        {
            i = (i + 1) & mask;
        }

        table[i] = new Slot { Key = key, Value = value };
    }

    private void Grow()
    {
        var larger = new Slot[slots.Length * 2];
        foreach (ref readonly var slot in slots.AsSpan())
        {
            if (slot.Value is not null)
            {
                Place(larger, slot.Key, slot.Value);
            }
        }

        slots = larger;
    }

    internal struct Slot
    {
        public UInt128 Key;
        public T? Value;
    }
}
