using System.Text;
using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

/// <summary>
/// Lines come out whole and numbered whatever their length against the reader's buffer (which grows for a longer one)
/// and however the stream hands out its bytes (a byte at a time too, the byte order mark split across reads); a byte
/// order mark, carriage returns, empty lines and a last line without a newline are handled as a text file's. A file is
/// read through a mapping, and the same lines come out, from where the file was positioned, with what it gains while
/// being read.
/// </summary>
public sealed class JsonLinesTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"luyue-jsonlines-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(path);

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Lines_come_out_whole_and_numbered_whatever_their_length(int chunk)
    {
        var (text, expected) = Sample();

        Assert.Equal(expected, ReadAll(new Trickle(Encoding.UTF8.GetBytes(text), chunk)));
    }

    [Fact]
    public void A_file_gives_the_same_lines_and_its_progress_adds_up_to_its_length()
    {
        var (text, expected) = Sample();
        File.WriteAllText(path, text, new UTF8Encoding(false));
        using var file = File.OpenRead(path);
        long bytes = 0;

        var read = ReadAll(file, count => bytes += count);

        Assert.Equal(expected, read);
        Assert.Equal(file.Length, bytes);
        Assert.Equal(file.Length, file.Position);
    }

    [Fact]
    public void A_file_is_read_from_where_it_is_positioned()
    {
        File.WriteAllText(path, "skipped\nfirst\r\n\nsecond\n");
        using var file = File.OpenRead(path);
        file.Position = "skipped\n".Length;

        Assert.Equal([(1L, "first"), (2L, ""), (3L, "second")], ReadAll(file));
    }

    [Fact]
    public void An_empty_file_has_no_lines()
    {
        File.WriteAllBytes(path, []);
        using var file = File.OpenRead(path);

        Assert.Empty(ReadAll(file));
    }

    [Fact]
    public void What_a_file_gains_while_it_is_read_is_read_too_its_unfinished_line_included()
    {
        File.WriteAllText(path, "a\nb");
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var read = new List<(long, string)>();

        JsonLines.Read(file, (number, line) =>
        {
            read.Add((number, Encoding.UTF8.GetString(line)));
            if (number == 1)
            {
                File.AppendAllText(path, "c\nd\n"); // after the mapping was made: its unfinished "b" goes on as "bc"
            }
        });

        Assert.Equal([(1L, "a"), (2L, "bc"), (3L, "d")], read);
    }

    [Fact]
    public void A_file_read_is_not_kept_resident_as_it_goes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the pages are let go only where madvise is (Linux)
        }

        // 192 MiB of lines: read whole into the process, it would all count as resident by the last line.
        var line = Encoding.UTF8.GetBytes(new string('x', 1023) + "\n");
        using (var write = File.Create(path))
        {
            for (var i = 0; i < 192 * 1024; i++)
            {
                write.Write(line);
            }
        }

        using var file = File.OpenRead(path);
        var before = ResidentFileBytes();
        long most = 0, lines = 0;
        JsonLines.Read(file, (number, text) =>
        {
            lines++;
            if (number % 4096 == 0)
            {
                most = Math.Max(most, ResidentFileBytes() - before);
            }
        });

        Assert.Equal(192 * 1024, lines);
        Assert.InRange(most, 0, 100L << 20);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_read_once_leaves_the_kernels_cache_and_otherwise_stays_in_it(bool readOnce)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the kernel is told only where posix_fadvise is (Linux)
        }

        // 1 MiB of lines, on the disk (so the cache's pages are clean, which is all the kernel drops), and in its cache.
        var expected = Enumerable.Range(1, 16_384).Select(i => ((long)i, $"{{\"n\":{i,11}}}{new string(' ', 46)}")).ToList();
        using (var write = File.Create(path))
        {
            write.Write(Encoding.UTF8.GetBytes(string.Concat(expected.Select(l => l.Item2 + "\n"))));
            write.Flush(flushToDisk: true);
        }

        var pages = CachedPages();
        Assert.True(pages.Cached == pages.Total && pages.Total >= 256, $"{pages.Cached} of {pages.Total} pages cached after writing");

        using (var file = File.OpenRead(path))
        {
            var read = new List<(long, string)>();
            JsonLines.Read(file, (number, line) => read.Add((number, Encoding.UTF8.GetString(line))), readOnce: readOnce);
            Assert.Equal(expected, read);
        }

        Assert.Equal(readOnce ? 0 : pages.Total, CachedPages().Cached);
    }

    [Fact]
    public void A_file_read_once_leaves_the_kernels_cache_as_it_is_read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // 160 MiB of lines on the disk: past 128 MiB, the first 64 MiB were let go (JsonLines lets go 64 MiB at a time).
        var line = Encoding.UTF8.GetBytes(new string('x', 1023) + "\n");
        using (var write = File.Create(path))
        {
            for (var i = 0; i < 160 * 1024; i++)
            {
                write.Write(line);
            }

            write.Flush(flushToDisk: true);
        }

        var firstPart = 64L << 20;
        Assert.True(CachedPages(0, firstPart).Cached > 0, "the file is in the cache after writing");
        int? cachedMidway = null;
        using (var file = File.OpenRead(path))
        {
            JsonLines.Read(file, (number, text) => cachedMidway ??= number == 128 * 1024 + 1 ? CachedPages(0, firstPart).Cached : null, readOnce: true);
        }

        Assert.Equal(0, cachedMidway);
    }

    private (int Cached, int Total) CachedPages(long from = 0, long length = -1) => LinuxMemory.CachedPages(path, from, length);

    /// <summary>The process's resident pages of files (mapped ones: its own code and libraries, and the file read).</summary>
    private static long ResidentFileBytes() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssFile:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

    /// <summary>Lines of every length against the buffer, a byte order mark first, carriage returns, no final newline.</summary>
    private static (string Text, List<(long, string)> Lines) Sample()
    {
        var random = new Random(3);
        var lengths = new[] { 0, 1, 290, 65_535, 65_536, 65_537, 200_000, 3, 131_072, 1_000_001, 17 };
        var lines = lengths.Select((length, i) =>
            new string(Enumerable.Range(0, length).Select(_ => "ab{}\"杭州"[random.Next(7)]).ToArray()) + (i % 3 == 0 ? "\r" : "")).ToList();
        var text = "\uFEFF" + string.Join("\n", lines);
        return (text, lines.Select((line, i) => ((long)i + 1, line.TrimEnd('\r'))).ToList());
    }

    private static List<(long, string)> ReadAll(Stream stream, Action<long>? onBytes = null)
    {
        var read = new List<(long, string)>();
        JsonLines.Read(stream, (number, line) => read.Add((number, Encoding.UTF8.GetString(line))), onBytes);
        return read;
    }

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes a read, as a pipe or a socket may.</summary>
    private sealed class Trickle(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
