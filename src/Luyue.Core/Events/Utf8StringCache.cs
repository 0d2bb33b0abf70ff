using System.Runtime.InteropServices;
using System.Text.Json;

namespace Luyue.Core.Events;

/// <summary>
/// Reuses the string for short JSON strings seen recently: property names, event types, carriers, platforms, shops,
/// provinces, cities and sites repeat on almost every line, and decoding each into a new string was most of what a
/// replay allocated. Direct-mapped and bounded (a slot holds the last value that hashed to it), so memory stays fixed
/// however many distinct values a stream has. Not thread-safe; one per <see cref="EventParser"/>.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int SlotBits = 14;

    /// <summary>Longer values (scan texts, addresses) rarely repeat closely enough to be worth keeping.</summary>
    private const int MaxBytes = 48;

    private readonly byte[]?[] keys = new byte[1 << SlotBits][];
    private readonly string[] values = new string[1 << SlotBits];

    /// <summary>The current string token's value, as <see cref="Utf8JsonReader.GetString"/> would return it.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        // Escaped text needs unescaping; the reader's own decoding also keeps its handling of invalid UTF-8.
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
        {
            return reader.GetString()!;
        }

        var utf8 = reader.ValueSpan;
        var slot = SlotOf(utf8);
        if (keys[slot] is { } key && utf8.SequenceEqual(key))
        {
            return values[slot];
        }

        var value = reader.GetString()!;
        keys[slot] = utf8.ToArray();
        values[slot] = value;
        return value;
    }

    /// <summary>
    /// A slot from the length and the first and last eight bytes: enough to tell apart the values that repeat (a
    /// collision only costs a miss), and a few instructions where hashing every byte cost more than the lookup saved.
    /// </summary>
    private static int SlotOf(ReadOnlySpan<byte> utf8)
    {
        ulong head = 0, tail = 0;
        if (utf8.Length >= sizeof(ulong))
        {
            head = MemoryMarshal.Read<ulong>(utf8);
            tail = MemoryMarshal.Read<ulong>(utf8[^sizeof(ulong)..]);
        }
        else
        {
            foreach (var b in utf8)
            {
                head = (head << 8) | b;
            }
        }

        var mixed = unchecked((head * 0x9E3779B97F4A7C15UL) ^ ((tail + (ulong)utf8.Length) * 0xC2B2AE3D27D4EB4FUL));
        return (int)(mixed >> (64 - SlotBits));
    }
}
