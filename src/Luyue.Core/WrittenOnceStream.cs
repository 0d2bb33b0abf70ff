using Microsoft.Win32.SafeHandles;

namespace Luyue.Core;

/// <summary>
/// A file written once and not read back soon (a replay's findings), its pages dropped from the kernel's cache behind
/// the writing, as a replay reads its input once (<see cref="Events.JsonLines.Read"/>). On this project's VM a page
/// never used before costs 5–7 CPU-s a GiB the first time it is written, and the 1,000,000-order replay's 110 MB of
/// findings went into new pages of the cache: most of the kernel's time in writing findings was the copy into them
/// (docs/performance.md, twenty-fourth session). Every 8 MiB, the range just written is handed to the disk without
/// waiting, and the one before it, written by then, is waited for and dropped, so that the kernel hands the same pages
/// to what comes next. The file's bytes are the same; they reach the disk sooner. Anything but a file with a position
/// (a pipe, a terminal) is written to as it is.
/// </summary>
public sealed class WrittenOnceStream : Stream
{
    /// <summary>How much is written between two hand-overs to the disk.</summary>
    private const long Window = 8 << 20;

    private readonly Stream inner;
    private readonly SafeFileHandle file;
    private readonly long window;
    private long start, written, handedOver, dropped;

    private WrittenOnceStream(Stream inner, SafeFileHandle file, long start, long window) =>
        (this.inner, this.file, this.start, this.window) = (inner, file, start, window);

    /// <summary>
    /// <paramref name="inner"/>, which writes to <paramref name="file"/> unbuffered, written once where that can be done
    /// (a file with a position, on Linux); otherwise <paramref name="inner"/> itself.
    /// </summary>
    public static Stream Over(Stream inner, SafeFileHandle file) => Over(inner, file, Window);

    /// <summary>The process's standard output, written once where <see cref="Over(Stream, SafeFileHandle)"/> can (redirected to a file).</summary>
    public static Stream OverStandardOutput() => Over(Console.OpenStandardOutput(), new SafeFileHandle(1, ownsHandle: false));

    /// <summary><see cref="Over(Stream, SafeFileHandle)"/> with another window (tests: a small one).</summary>
    internal static Stream Over(Stream inner, SafeFileHandle file, long window) =>
        OperatingSystem.IsLinux() && LinuxMemory.Position(file) is >= 0 and var start ? new WrittenOnceStream(inner, file, start, window) : inner;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        written += buffer.Length;
        if (written - handedOver >= window)
        {
            HandOver();
        }
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void HandOver()
    {
        inner.Flush();

        // Where this stream's bytes begin in the file: where it was positioned when opened, unless the writing moved
        // the position further, as it does for a file opened to append (a shell's >>), whose writes go to its end. (A
        // FileStream writes at its own offsets and leaves the file's position alone.)
        start = Math.Max(start, LinuxMemory.Position(file) - written);

        if (handedOver > dropped)
        {
            // From the start of the page the last drop ended in: only whole pages are dropped, and that one is whole now.
            var from = (start + dropped) & ~(long)(Environment.SystemPageSize - 1);
            LinuxMemory.DropWritten(file, from, start + handedOver - from);
            dropped = handedOver;
        }

        LinuxMemory.StartWriting(file, start + handedOver, written - handedOver);
        handedOver = written;
    }
}
