using System.Text;
using System.Text.Json;
using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

public class Utf8StringCacheTests
{
    /// <summary>The cache's answer for <paramref name="json"/>, a JSON string token (quotes and escapes included).</summary>
    private static string Get(Utf8StringCache cache, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        return cache.Get(ref reader);
    }

    private static string Quoted(string value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public void A_value_seen_again_is_the_same_string()
    {
        var cache = new Utf8StringCache(maxSlotBits: 8, maxBytes: 48);
        var first = Get(cache, "\"zto\"");
        var second = Get(cache, "\"zto\"");
        Assert.Equal("zto", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Values_in_one_slot_replace_each_other_and_never_answer_for_each_other()
    {
        var cache = new Utf8StringCache(maxSlotBits: 8, maxBytes: 48); // 256 slots, and never more
        var (a, b) = TwoValuesInOneSlot(cache);

        var a1 = Get(cache, Quoted(a));
        Assert.Same(a1, Get(cache, Quoted(a)));
        var b1 = Get(cache, Quoted(b));
        Assert.Equal(b, b1); // the slot held a's string: equal bytes only, so b is decoded, not given a's
        Assert.Same(b1, Get(cache, Quoted(b)));
        var a2 = Get(cache, Quoted(a));
        Assert.Equal(a, a2);
        Assert.NotSame(a1, a2); // b replaced a
    }

    [Fact]
    public void Values_of_equal_length_and_hash_slot_differ_by_their_bytes()
    {
        // Same length, same slot: only the byte comparison tells them apart.
        var cache = new Utf8StringCache(maxSlotBits: 8, maxBytes: 48);
        var (a, b) = TwoValuesInOneSlot(cache, sameLength: true);
        Assert.Equal(Encoding.UTF8.GetByteCount(a), Encoding.UTF8.GetByteCount(b));
        Assert.Equal(a, Get(cache, Quoted(a)));
        Assert.Equal(b, Get(cache, Quoted(b)));
        Assert.Equal(a, Get(cache, Quoted(a)));
    }

    [Fact]
    public void Escaped_spellings_decode_to_the_text_and_do_not_take_a_slot()
    {
        var cache = new Utf8StringCache(maxSlotBits: 8, maxBytes: 48);
        var plain = Get(cache, "\"杭州转运中心\"");
        var escaped = Get(cache, "\"\\u676d\\u5dde\\u8f6c\\u8fd0\\u4e2d\\u5fc3\"");
        Assert.Equal("杭州转运中心", escaped);
        Assert.Same(plain, Get(cache, "\"杭州转运中心\""));
        Assert.Equal("a\"b\\c\n", Get(cache, "\"a\\\"b\\\\c\\n\""));

        // The escaped bytes of one value equal the plain bytes of another: the escaped one must not hit it.
        var literal = Get(cache, "\"\\\\u0041\""); // the six characters \u0041
        Assert.Equal("\\u0041", literal);
        Assert.Equal("A", Get(cache, "\"\\u0041\""));
    }

    [Fact]
    public void Non_ascii_text_round_trips_whatever_its_width()
    {
        var cache = new Utf8StringCache(maxSlotBits: 8, maxBytes: 48);
        foreach (var text in new[] { "河北省", "é", "𠀀𠀁", "快递😀员", "", "a", "ｚｔｏ" })
        {
            Assert.Equal(text, Get(cache, Quoted(text)));
            Assert.Equal(text, Get(cache, Quoted(text)));
        }
    }

    [Fact]
    public void Values_longer_than_the_limit_are_decoded_every_time()
    {
        var cache = new Utf8StringCache(maxSlotBits: 8, maxBytes: 8);
        var first = Get(cache, "\"123456789\"");
        var second = Get(cache, "\"123456789\"");
        Assert.Equal("123456789", second);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Number_text_shares_the_slots_and_is_compared_by_bytes()
    {
        var cache = new Utf8StringCache(maxSlotBits: 8, maxBytes: 48);
        var code = cache.GetNumberText("300"u8);
        Assert.Equal("300", code);
        Assert.Same(code, cache.GetNumberText("300"u8));
        Assert.Equal("301", cache.GetNumberText("301"u8));
    }

    /// <summary>Two different values whose UTF-8 falls into one slot of <paramref name="cache"/>.</summary>
    [Theory]
    [InlineData(39, 41)] // one key held in the slot itself, the other in an array beside it
    [InlineData(40, 40)] // both at the longest held in the slot
    [InlineData(41, 48)] // both in arrays, the shorter one written into the longer one's
    [InlineData(48, 41)]
    public void Keys_on_either_side_of_the_slots_own_room_share_a_slot_and_survive_growth(int lengthA, int lengthB)
    {
        // 256 slots to begin with, growing (to 4,096 at most) as values keep missing.
        var cache = new Utf8StringCache(maxSlotBits: 12, maxBytes: 48);
        var (a, b) = TwoValuesInOneSlot(cache, i => Padded($"A{i}", lengthA), i => Padded($"B{i}", lengthB));
        Assert.Equal((lengthA, lengthB), (Encoding.UTF8.GetByteCount(a), Encoding.UTF8.GetByteCount(b)));
        var a1 = Get(cache, Quoted(a));
        Assert.Same(a1, Get(cache, Quoted(a)));
        Assert.Equal(b, Get(cache, Quoted(b))); // replaces a
        var b1 = Get(cache, Quoted(b));
        Assert.Equal(a, Get(cache, Quoted(a))); // replaces b
        Assert.NotSame(b1, Get(cache, Quoted(b)));

        // Fill the cache with misses until it has grown; what it keeps still answers with its own string.
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal($"filler-{i}", Get(cache, Quoted($"filler-{i}")));
        }

        var again = Get(cache, Quoted(a));
        Assert.Equal(a, again);
        Assert.Same(again, Get(cache, Quoted(a)));
    }

    /// <summary><paramref name="prefix"/> padded with 字 (3 bytes) and x to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    private static string Padded(string prefix, int bytes)
    {
        var value = prefix;
        while (Encoding.UTF8.GetByteCount(value) + 3 <= bytes)
        {
            value += "字";
        }

        return value.PadRight(value.Length + bytes - Encoding.UTF8.GetByteCount(value), 'x');
    }

    private static (string A, string B) TwoValuesInOneSlot(Utf8StringCache cache, Func<int, string> first, Func<int, string> second)
    {
        var seen = new Dictionary<int, string>();
        for (var i = 0; ; i++)
        {
            var candidate = first(i);
            seen.TryAdd(cache.SlotOf(Encoding.UTF8.GetBytes(candidate)), candidate);
            var other = second(i);
            if (seen.TryGetValue(cache.SlotOf(Encoding.UTF8.GetBytes(other)), out var a))
            {
                return (a, other);
            }
        }
    }

    private static (string A, string B) TwoValuesInOneSlot(Utf8StringCache cache, bool sameLength = false)
    {
        var seen = new Dictionary<int, string>();
        for (var i = 0; ; i++)
        {
            var value = sameLength ? $"站点{i:D4}" : i % 2 == 0 ? $"站点{i}" : $"site-{i}";
            var slot = cache.SlotOf(Encoding.UTF8.GetBytes(value));
            if (seen.TryGetValue(slot, out var other))
            {
                return (other, value);
            }

            seen[slot] = value;
        }
    }
}
