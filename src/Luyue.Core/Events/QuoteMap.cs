using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Luyue.Core.Events;

/// <summary>
/// Where a short line's double quotes are, a bit per byte, found in one vector pass over the line; and whether the line
/// holds a backslash or a control byte anywhere. A plain line (no escapes, no whitespace) is then read by hopping from
/// quote to quote, two bit scans a member, where each string's end was a search of its own (twenty-odd a scan line,
/// each set up anew). Its gain could not be told apart from the other changes it came with (docs/performance.md,
/// twelfth session).
/// </summary>
internal ref struct QuoteMap
{
    /// <summary>The longest line mapped: longer ones take the caller's other path.</summary>
    public const int MaxLength = Words * 64;

    private const int Words = 16;

    private Bits quotes;

    [InlineArray(Words)]
    private struct Bits
    {
        private ulong first;
    }

    /// <summary>
    /// Maps <paramref name="line"/>; false when it is longer than <see cref="MaxLength"/> or holds a backslash or a byte
    /// below 0x20 (what a JSON string cannot hold unescaped, and what a plain line has no other place for).
    /// </summary>
    public bool TryMap(ReadOnlySpan<byte> line)
    {
        if (line.Length > MaxLength)
        {
            return false;
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var quote = Vector256.Create((byte)'"');
            var backslash = Vector256.Create((byte)'\\');
            var space = Vector256.Create((byte)0x20);
            for (; i + Vector256<byte>.Count <= line.Length; i += Vector256<byte>.Count)
            {
                var v = Vector256.Create(line.Slice(i, Vector256<byte>.Count));
                if ((Vector256.Equals(v, backslash) | Vector256.LessThan(v, space)) != Vector256<byte>.Zero)
                {
                    return false;
                }

                quotes[i >> 6] |= (ulong)Vector256.Equals(v, quote).ExtractMostSignificantBits() << (i & 63);
            }

            if (i < line.Length && line.Length >= Vector256<byte>.Count)
            {
                // The rest as the line's last 32 bytes, some of them read again: a quote's bit set twice is the same
                // bit, and a byte checked twice the same byte. Read one at a time below, the rest of a scan line was
                // about a tenth of reading it.
                var last = line.Length - Vector256<byte>.Count;
                var v = Vector256.Create(line[last..]);
                if ((Vector256.Equals(v, backslash) | Vector256.LessThan(v, space)) != Vector256<byte>.Zero)
                {
                    return false;
                }

                var bits = (ulong)Vector256.Equals(v, quote).ExtractMostSignificantBits();
                var shift = last & 63;
                quotes[last >> 6] |= bits << shift;
                if (shift > 64 - Vector256<byte>.Count)
                {
                    quotes[(last >> 6) + 1] |= bits >> (64 - shift);
                }

                i = line.Length;
            }
        }

        for (; i < line.Length; i++)
        {
            var b = line[i];
            if (b == '\\' || b < 0x20)
            {
                return false;
            }

            if (b == '"')
            {
                quotes[i >> 6] |= 1UL << (i & 63);
            }
        }

        return true;
    }

    /// <summary>The place of the first quote at or after <paramref name="from"/>, or -1 for none.</summary>
    public readonly int Next(int from)
    {
        var word = from >> 6;
        if (word >= Words)
        {
            return -1;
        }

        var bits = quotes[word] & (ulong.MaxValue << (from & 63));
        while (bits == 0)
        {
            if (++word == Words)
            {
                return -1;
            }

            bits = quotes[word];
        }

        return (word << 6) + BitOperations.TrailingZeroCount(bits);
    }
}
