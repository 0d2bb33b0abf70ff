using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace Luyue.Core.Tests;

/// <summary>
/// A file written once gets every byte, in order, and its pages leave the kernel's cache behind the writing, all but
/// the last window or two; anything without a position (a pipe) is written to as it is.
/// </summary>
public sealed class WrittenOnceStreamTests : IDisposable
{
    private const int Window = 64 * 1024;
    private readonly string path = Path.Combine(Path.GetTempPath(), $"luyue-written-once-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(path);

    /// <param name="before">Bytes the file holds already: the stream then appends to it (as a shell's <c>&gt;&gt;</c>).</param>
    [Theory]
    [InlineData(0)]
    [InlineData(3 * Window + 100)]
    public void The_file_gets_every_byte_and_its_pages_leave_the_cache_behind_the_writing(int before)
    {
        var existing = new byte[before];
        var bytes = new byte[5 * Window + 12345];
        new Random(7).NextBytes(existing);
        new Random(8).NextBytes(bytes);
        File.WriteAllBytes(path, existing);
        (int Cached, int Total) early = default, last = default;
        using (var file = new FileStream(path, before == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read, 1))
        using (var stream = WrittenOnceStream.Over(file, file.SafeFileHandle, Window))
        {
            Assert.Equal(OperatingSystem.IsLinux(), stream is WrittenOnceStream);

            // Writes of an uneven size, so that windows end inside writes and inside pages.
            for (var at = 0; at < bytes.Length; at += 7000)
            {
                stream.Write(bytes.AsSpan(at, Math.Min(7000, bytes.Length - at)));
            }

            if (OperatingSystem.IsLinux())
            {
                // The first two windows written are dropped (whole pages); the last is still the kernel's to write.
                var page = Environment.SystemPageSize;
                var from = (before + page - 1) / page * page; // mincore takes whole pages
                early = LinuxMemory.CachedPages(path, from, 2 * Window);
                last = LinuxMemory.CachedPages(path, from + 4 * Window, Window);
            }
        }

        Assert.Equal([.. existing, .. bytes], File.ReadAllBytes(path));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal((0, 2 * Window / Environment.SystemPageSize), early);
            Assert.True(last.Cached > 0, "the last window is still the kernel's to write");
        }
    }

    [Fact]
    public void A_pipe_is_written_to_as_it_is()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var handle = new SafeFileHandle(pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);

        Assert.Same(pipe, WrittenOnceStream.Over(pipe, handle, Window));
    }
}
