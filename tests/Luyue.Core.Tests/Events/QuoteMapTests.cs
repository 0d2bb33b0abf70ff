using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

public class QuoteMapTests
{
    /// <summary>The place of the first quote at or after <paramref name="from"/>, found one byte at a time.</summary>
    private static int NaiveNext(byte[] line, int from)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Lines of every length up to the longest mapped, quotes anywhere (in the vector part, the tail, across words).</summary>
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_quote_is_found_from_every_place(int seed)
    {
        var random = new Random(seed);
        for (var length = 0; length <= QuoteMap.MaxLength; length += 1 + random.Next(7))
        {
            var line = new byte[length];
            for (var i = 0; i < length; i++)
            {
                // Quotes dense or sparse by line, the rest printable ASCII or UTF-8 lead and continuation bytes.
                line[i] = random.Next(seed % 3 == 0 ? 3 : 40) == 0 ? (byte)'"' : (byte)(random.Next(2) == 0 ? random.Next(0x20, 0x7F) : random.Next(0x80, 0x100));
                if (line[i] == '\\')
                {
                    line[i] = (byte)'a';
                }
            }

            var map = default(QuoteMap);
            Assert.True(map.TryMap(line));
            for (var from = 0; from <= length + 1; from++)
            {
                Assert.Equal(NaiveNext(line, from), map.Next(from));
            }
        }
    }

    [Theory]
    [InlineData((byte)'\\')]
    [InlineData((byte)0x00)]
    [InlineData((byte)'\n')]
    [InlineData((byte)0x1F)]
    public void A_backslash_or_control_byte_anywhere_declines_the_line(byte bad)
    {
        foreach (var length in new[] { 1, 31, 32, 33, 100, QuoteMap.MaxLength })
        {
            for (var at = 0; at < length; at += Math.Max(1, length / 9))
            {
                var line = Enumerable.Repeat((byte)'x', length).ToArray();
                line[at] = bad;
                Assert.False(default(QuoteMap).TryMap(line), $"{bad:X2} at {at} of {length}");
            }
        }
    }

    [Fact]
    public void A_line_longer_than_the_map_is_declined()
    {
        Assert.True(default(QuoteMap).TryMap(Enumerable.Repeat((byte)'x', QuoteMap.MaxLength).ToArray()));
        Assert.False(default(QuoteMap).TryMap(Enumerable.Repeat((byte)'x', QuoteMap.MaxLength + 1).ToArray()));
    }
}
