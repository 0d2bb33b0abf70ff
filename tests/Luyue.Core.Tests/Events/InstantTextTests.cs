using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Core.Tests.Events;

public class InstantTextTests
{
    [Theory]
    [InlineData("2021-03-13T16:56:04+08:00", "2021-03-13T08:56:04Z")]
    [InlineData("2021-03-13T08:56:04Z", "2021-03-13T08:56:04Z")]
    [InlineData("2021-03-13T03:56:04-05:00", "2021-03-13T08:56:04Z")]
    [InlineData("2021-03-13T16:56:04.5+08:00", "2021-03-13T08:56:04.5Z")]
    [InlineData("2024-02-29T23:59:59+08:00", "2024-02-29T15:59:59Z")]
    [InlineData("2000-02-29T08:00:00+08:00", "2000-02-29T00:00:00Z")]
    [InlineData("2024-12-31T23:59:59+08:00", "2024-12-31T15:59:59Z")]
    [InlineData("2024-08-31 08:00:00+08:00", "2024-08-31T00:00:00Z")]
    [InlineData("2021-03-13T16:56:04.1234567+08:00", "2021-03-13T08:56:04.1234567Z")]
    public void Parses_instants_with_any_offset(string text, string utc)
    {
        Assert.True(InstantText.TryParse(text, out var instant));
        Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Parse(utc).Value, instant);
    }

    [Theory]
    [InlineData("2021-03-13T16:56:04")] // no offset: which day it is depends on it, so it is refused
    [InlineData("2021-02-29T10:00:00+08:00")]
    [InlineData("1900-02-29T10:00:00+08:00")] // a century, not a leap year
    [InlineData("2024-04-31T10:00:00+08:00")]
    [InlineData("2024-06-01T08:00:00+08:60")]
    [InlineData("2024-06-01T08:0a:00+08:00")]
    [InlineData("2024-06-01T08:00:/0+08:00")]
    [InlineData("2024-06-01T08:00:00.+08:00")]
    [InlineData("2021-13-01T10:00:00+08:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Refuses_times_without_offset_or_that_do_not_exist(string text)
    {
        Assert.False(InstantText.TryParse(text, out _));
    }

    [Fact]
    public void Fast_path_agrees_with_NodaTime_on_random_instants()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var instant = Instant.FromUnixTimeSeconds(random.NextInt64(-2_000_000_000L, 4_000_000_000L));
            var offset = Offset.FromSeconds(random.Next(-14, 15) * 1800);
            var text = InstantText.Format(instant, offset);
            Assert.True(InstantText.TryParse(text, out var parsed), text);
            Assert.Equal(instant, parsed);
        }
    }

    /// <summary>
    /// The parser's memo of the last time read answers exactly what parsing answers, whatever came before: the same
    /// text again, another, a refused one (which must not replace the memo), one too long to keep.
    /// </summary>
    [Fact]
    public void The_last_time_read_is_answered_again_exactly_as_parsing_answers()
    {
        var recent = new RecentTime();
        string[] texts =
        [
            "2024-06-01T08:36:09+08:00", "2024-06-01T08:36:09+08:00", "2024-06-01T08:36:10+08:00", "2024-06-01T08:36:09+08:00",
            "2024-06-01T08:36:09", "2024-06-01T08:36:09+08:00", "2024-02-30T08:00:00+08:00", "2024-02-30T08:00:00+08:00",
            "2024-06-01T00:36:09Z", "2024-06-01T08:36:09.1234567+08:00", "2024-06-01T08:36:09.1234567+08:00", "",
            "2024-06-01T08:36:09+08:00          ", "2024-06-01T08:36:09+08:00",
        ];
        foreach (var text in texts)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
            var expected = InstantText.TryParse(utf8, out var parsed);
            Assert.Equal(expected, recent.TryParse(utf8, out var remembered));
            Assert.Equal(expected ? parsed : default, expected ? remembered : default);
        }
    }
}
