using System.Text;
using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

/// <summary>
/// Lines come out whole and numbered whatever their length against the reader's buffer (which grows for a longer one)
/// and however the stream hands out its bytes (a byte at a time too, the byte order mark split across reads); a byte
/// order mark, carriage returns, empty lines and a last line without a newline are handled as a text file's.
/// </summary>
public class JsonLinesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Lines_come_out_whole_and_numbered_whatever_their_length(int chunk)
    {
        var random = new Random(3);
        var lengths = new[] { 0, 1, 290, 65_535, 65_536, 65_537, 200_000, 3, 131_072, 1_000_001, 17 };
        var lines = lengths.Select((length, i) =>
            new string(Enumerable.Range(0, length).Select(_ => "ab{}\"杭州"[random.Next(7)]).ToArray()) + (i % 3 == 0 ? "\r" : "")).ToList();
        var text = "\uFEFF" + string.Join("\n", lines); // no newline after the last line
        var read = new List<(long Number, string Line)>();

        JsonLines.Read(new Trickle(Encoding.UTF8.GetBytes(text), chunk), (number, line) => read.Add((number, Encoding.UTF8.GetString(line))));

        var expected = lines.Select((line, i) => ((long)i + 1, line.TrimEnd('\r'))).ToList();
        Assert.Equal(expected, read);
    }

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes a read, as a pipe or a socket may.</summary>
    private sealed class Trickle(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
