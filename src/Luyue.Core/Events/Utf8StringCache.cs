using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Luyue.Core.Events;

/// <summary>
/// Reuses the string for JSON strings seen recently: event types, carriers, platforms, shops, provinces, cities and
/// sites repeat on almost every line, a tracking number on every scan of its parcel, and hub scan texts thousands of
/// times; decoding each into a new string was most of what a replay allocated. A hit allocates nothing.
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

    // Per slot: the UTF-8 key (an array reused for the next key that fits, so that a warm cache stops allocating keys),
    // the key's length in it, and the string. Slot i is empty while values[i] is null.
    private byte[]?[] keys = new byte[1 << InitialSlotBits][];
    private int[] lengths = new int[1 << InitialSlotBits];
    private string?[] values = new string[1 << InitialSlotBits];

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
        var slot = SlotOf(utf8);
        if (values[slot] is { } cached && utf8.SequenceEqual(keys[slot].AsSpan(0, lengths[slot])))
        {
            return cached;
        }

        var value = reader.GetString()!;
        Store(slot, utf8, value);
        return value;
    }

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

        var slot = SlotOf(utf8);
        if (values[slot] is { } cached && utf8.SequenceEqual(keys[slot].AsSpan(0, lengths[slot])))
        {
            return cached;
        }

        var value = Encoding.UTF8.GetString(utf8);
        Store(slot, utf8, value);
        return value;
    }

    private void Store(int slot, ReadOnlySpan<byte> utf8, string value)
    {
        if (++missesSinceGrowth > 2 * values.Length && slotBits < maxSlotBits)
        {
            Grow();
            slot = SlotOf(utf8);
        }

        var key = keys[slot];
        if (key is null || key.Length < utf8.Length)
        {
            // Rounded up so that the next, slightly longer value in this slot still fits.
            key = keys[slot] = new byte[(utf8.Length + 15) & ~15];
        }

        utf8.CopyTo(key);
        lengths[slot] = utf8.Length;
        values[slot] = value;
    }

    /// <summary>Twice the slots, keeping what fits (entries whose new slots collide keep one of them).</summary>
    private void Grow()
    {
        var (oldKeys, oldLengths, oldValues) = (keys, lengths, values);
        slotBits++;
        missesSinceGrowth = 0;
        keys = new byte[1 << slotBits][];
        lengths = new int[1 << slotBits];
        values = new string[1 << slotBits];
        for (var i = 0; i < oldValues.Length; i++)
        {
            if (oldValues[i] is { } value)
            {
                var slot = SlotOf(oldKeys[i].AsSpan(0, oldLengths[i]));
                keys[slot] = oldKeys[i];
                lengths[slot] = oldLengths[i];
                values[slot] = value;
            }
        }
    }

    /// <summary>
    /// A multiplicative hash over the value eight bytes at a time, taking the slot from the top bits (the best mixed).
    /// Every byte counts: hub scan texts of one city differ only in the middle, and hashing just their ends made them
    /// evict one another.
    /// </summary>
    private int SlotOf(ReadOnlySpan<byte> utf8)
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

        return (int)(hash >> (64 - slotBits));
    }
}
