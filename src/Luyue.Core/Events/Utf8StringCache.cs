using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Luyue.Core.Events;

/// <summary>
/// Reuses the string for JSON strings seen recently: event types, carriers, platforms, shops, provinces, cities and
/// sites repeat on almost every line, and item ids across a shop's orders; decoding each into a new string was much of
/// what a replay allocated. A hit allocates nothing.
/// Direct-mapped and bounded (a slot holds the last value that hashed to it; a collision only costs a miss), so memory
/// stays fixed however many distinct values a stream has. It starts small and doubles while it keeps missing, so that
/// a parser made for one short request (the server makes one per ingestion request) costs a few kilobytes, and a
/// replay of millions of lines gets the full size. Not thread-safe; one set per <see cref="EventParser"/>.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int InitialSlotBits = 8;

    private readonly int maxSlotBits;
    private readonly int maxBytes;
    private int slotBits = InitialSlotBits;
    private int missesSinceGrowth;

    // A slot's key, its length and its string side by side: one cache line to look at, where three parallel arrays
    // cost three memory waits per lookup. A key of up to InlineBytes bytes (carriers, provinces, cities, nine sites in
    // ten) is held in the entry itself; a longer one in an array of its own, one more wait. Slot i is empty while its
    // Value is null.
    private Entry[] entries = new Entry[1 << InitialSlotBits];

    private const int InlineBytes = 40;

    [InlineArray(InlineBytes)]
    private struct InlineKey
    {
        private byte first;
    }

    /// <summary>64 bytes: a slot is one cache line.</summary>
    private struct Entry
    {
        public string? Value;

        /// <summary>A key longer than <see cref="InlineBytes"/>, in an array reused for the next long key that fits.</summary>
        public byte[]? LongKey;

        public int Length;

        public InlineKey Key;
    }

    private static ReadOnlySpan<byte> KeyOf(in Entry entry) =>
        entry.Length <= InlineBytes ? ((ReadOnlySpan<byte>)entry.Key)[..entry.Length] : entry.LongKey.AsSpan(0, entry.Length);

    private static bool Holds(in Entry entry, ReadOnlySpan<byte> utf8) =>
        entry.Value is not null && utf8.Length == entry.Length && utf8.SequenceEqual(KeyOf(entry));

    /// <param name="maxSlotBits">At most 2^maxSlotBits slots.</param>
    /// <param name="maxBytes">Longer values are decoded every time (they rarely repeat closely enough to be kept).</param>
    public Utf8StringCache(int maxSlotBits, int maxBytes)
    {
        this.maxSlotBits = Math.Max(maxSlotBits, InitialSlotBits);
        this.maxBytes = maxBytes;
    }

    /// <summary>The current string token's value, as <see cref="Utf8JsonReader.GetString"/> would return it.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        // Escaped text needs unescaping; the reader's own decoding also keeps its handling of invalid UTF-8.
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > maxBytes)
        {
            return reader.GetString()!;
        }

        var utf8 = reader.ValueSpan;
        ref var entry = ref entries[SlotOf(utf8)];
        if (Holds(entry, utf8))
        {
            return entry.Value!;
        }

        var value = Utf8Text.GetString(ref reader);
        Store(ref entry, utf8, value);
        return value;
    }

    /// <summary>The string of an unescaped JSON string value already checked to be valid UTF-8.</summary>
    public string Get(ReadOnlySpan<byte> utf8) =>
        TryGet(utf8, out var value) ? value : throw new InvalidOperationException("a value was not checked to be valid UTF-8");

    /// <summary>
    /// The string of an unescaped JSON string value not yet checked: false when it is not valid UTF-8. Only a value the
    /// cache does not hold is decoded, and so checked; every value it holds was valid when stored (a plain scan line's
    /// province, city and site are found here nearly always).
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out string? value) => TryGet(utf8, Hash(utf8), out value);

    /// <summary><see cref="TryGet(ReadOnlySpan{byte}, out string?)"/> for a value whose <see cref="Hash"/> is known.</summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, ulong hash, [NotNullWhen(true)] out string? value)
    {
        if (utf8.Length > maxBytes)
        {
            return Utf8Text.TryGetString(utf8, out value);
        }

        ref var entry = ref entries[SlotOf(hash)];
        if (Holds(entry, utf8))
        {
            value = entry.Value!;
            return true;
        }

        if (!Utf8Text.TryGetString(utf8, out value))
        {
            return false;
        }

        Store(ref entry, utf8, value);
        return true;
    }

    /// <summary>
    /// Asks the processor to fetch the slot <see cref="TryGet"/> will read for this value (a hint, changing nothing): a
    /// value of many (a scan's site, one of thousands) is rarely in the nearest caches, and fetched ahead its slot
    /// arrives while the rest of the line is read.
    /// </summary>
    /// <param name="hash">The value's <see cref="Hash"/>.</param>
    public void Prefetch(ulong hash) => Luyue.Core.Prefetch.At(ref entries[SlotOf(hash)]);

    /// <summary>
    /// The string of a JSON number token's text (a numeric <c>code</c> or <c>item</c>): ASCII the reader has already
    /// validated, so it decodes without the reader.
    /// </summary>
    public string GetNumberText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > maxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var entry = ref entries[SlotOf(utf8)];
        if (Holds(entry, utf8))
        {
            return entry.Value!;
        }

        var value = Encoding.UTF8.GetString(utf8);
        Store(ref entry, utf8, value);
        return value;
    }

    private void Store(ref Entry entry, ReadOnlySpan<byte> utf8, string value)
    {
        if (++missesSinceGrowth > 2 * entries.Length && slotBits < maxSlotBits)
        {
            Grow();
            entry = ref entries[SlotOf(utf8)];
        }

        if (utf8.Length <= InlineBytes)
        {
            utf8.CopyTo(entry.Key);
        }
        else
        {
            if (entry.LongKey is null || entry.LongKey.Length < utf8.Length)
            {
                // Rounded up so that the next, slightly longer value in this slot still fits.
                entry.LongKey = new byte[(utf8.Length + 15) & ~15];
            }

            utf8.CopyTo(entry.LongKey);
        }

        entry.Length = utf8.Length;
        entry.Value = value;
    }

    /// <summary>Twice the slots, keeping what fits (entries whose new slots collide keep one of them).</summary>
    private void Grow()
    {
        var old = entries;
        slotBits++;
        missesSinceGrowth = 0;
        entries = new Entry[1 << slotBits];
        foreach (ref readonly var entry in old.AsSpan())
        {
            if (entry.Value is not null)
            {
                entries[SlotOf(KeyOf(entry))] = entry;
            }
        }
    }

    /// <summary>The value's slot, from the top bits of its <see cref="Hash"/> (the best mixed).</summary>
    internal int SlotOf(ReadOnlySpan<byte> utf8) => SlotOf(Hash(utf8));

    private int SlotOf(ulong hash) => (int)(hash >> (64 - slotBits));

    /// <summary>
    /// A multiplicative hash over the value eight bytes at a time. Every byte counts, so that values differing only in
    /// the middle (sites of one city) do not share a slot; the values kept are at most a few words long. The same for
    /// the same bytes whatever the cache's size, so a reader may key its own table by it too (the engine's site ids).
    /// </summary>
    public static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15UL;
        var hash = unchecked((ulong)utf8.Length * 0xC2B2AE3D27D4EB4FUL);
        var i = 0;
        for (; i + sizeof(ulong) <= utf8.Length; i += sizeof(ulong))
        {
            hash = unchecked((hash ^ MemoryMarshal.Read<ulong>(utf8[i..])) * Multiplier);
        }

        if (i < utf8.Length)
        {
            ulong last = 0;
            if (utf8.Length >= sizeof(ulong))
            {
                last = MemoryMarshal.Read<ulong>(utf8[^sizeof(ulong)..]); // overlaps bytes already hashed: harmless
            }
            else
            {
                foreach (var b in utf8)
                {
                    last = (last << 8) | b;
                }
            }

            hash = unchecked((hash ^ last) * Multiplier);
        }

        return hash;
    }
}
