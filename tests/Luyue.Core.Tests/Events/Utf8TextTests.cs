using System.Text;
using System.Text.Json;
using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

public class Utf8TextTests
{
    /// <summary>What the reader's GetString and Utf8Text.GetString make of one JSON string token.</summary>
    private static (string Reader, string Ours) Both(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        Assert.True(reader.Read());
        var copy = reader;
        return (reader.GetString()!, Utf8Text.GetString(ref copy));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"2764570562762232915-02\"")]
    [InlineData("\"【石家庄市】 【石家庄桥西三部】（178****6723） 的 朱轩敏（189****6438） 已揽收\"")]
    [InlineData("\"快递😀员 𠀀\"")]
    [InlineData("\"\\u3010\\u676d\\u5dde\\u5e02\\u3011 \\\"quoted\\\" \\ud83d\\ude00\"")]
    [InlineData("\"café Ω\"")]
    public void Decodes_as_the_reader_does(string json)
    {
        var (reader, ours) = Both(Encoding.UTF8.GetBytes(json));
        Assert.Equal(reader, ours);
    }

    [Theory]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(4000)]
    public void Values_around_and_past_the_stack_buffer_decode_whole(int bytes)
    {
        // Three-byte characters and an ASCII tail, so that the length in bytes is exact.
        var text = new string('杭', bytes / 3) + new string('x', bytes % 3);
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(text));
        var (reader, ours) = Both(Encoding.UTF8.GetBytes($"\"{text}\""));
        Assert.Equal(text, reader);
        Assert.Equal(text, ours);
    }

    [Fact]
    public void Invalid_utf8_fails_as_the_reader_fails()
    {
        byte[] json = [(byte)'"', (byte)'a', 0xE6, 0x9D, (byte)'"']; // a three-byte sequence cut short
        var theirs = Assert.ThrowsAny<Exception>(() => Decode(json, ours: false));
        var ours = Assert.ThrowsAny<Exception>(() => Decode(json, ours: true));
        Assert.Equal(theirs.GetType(), ours.GetType());
        Assert.Equal(theirs.Message, ours.Message);
    }

    private static string Decode(byte[] json, bool ours)
    {
        var reader = new Utf8JsonReader(json);
        Assert.True(reader.Read());
        return ours ? Utf8Text.GetString(ref reader) : reader.GetString()!;
    }

    /// <summary>
    /// Whether a value is its own trimmed name, told from its UTF-8, agrees with the characters' own test for every
    /// character of the Basic Multilingual Plane at the start, at the end and alone, and for characters beyond it.
    /// </summary>
    [Fact]
    public void A_value_is_trimmed_exactly_when_no_whitespace_begins_or_ends_it()
    {
        static bool Expected(string s) => s.Length > 0 && !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1]);

        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            var ch = ((char)c).ToString();
            foreach (var value in new[] { ch, ch + "站", "站" + ch, ch + "济南" + ch })
            {
                Assert.True(Expected(value) == Utf8Chars.IsTrimmed(Encoding.UTF8.GetBytes(value)), $"U+{c:X4} in \"{value}\"");
            }
        }

        foreach (var value in new[] { "", "😀", " 😀", "😀\u3000", "𠀀站𠀀" })
        {
            Assert.Equal(Expected(value), Utf8Chars.IsTrimmed(Encoding.UTF8.GetBytes(value)));
        }

        Assert.False(Utf8Chars.IsTrimmed([0xE5, 0x8C])); // a character cut short is not told trimmed
    }
}
