using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Luyue.Core.Events;

/// <summary>
/// Splits a UTF-8 stream into lines without decoding it, so that a multi-gigabyte replay costs one pooled
/// buffer rather than a string per line. The span handed to <paramref name="onLine"/> is valid only during the call.
/// </summary>
public static class JsonLines
{
    /// <summary>
    /// The first buffer's size (it grows for a longer line). Small enough that a line is still in the processor's caches
    /// from being read into it when it is searched and parsed: with 1 MiB, the replay's traffic pushed most of each
    /// read out first, and finding the line ends took 1.5–1.9 % of the 1,000,000-order replay's samples, against 0.7 %
    /// with this; reading in 16 times as many calls cost no more in the kernel (2.1 % of samples either way).
    /// </summary>
    private const int FirstBufferBytes = 1 << 16;

    /// <summary>How often a mapped read reports its progress.</summary>
    private const long ProgressBytes = 1 << 20;

    /// <summary>How much of a mapped file is read before the pages read are let go (<see cref="Release"/>).</summary>
    private const long ReleaseBytes = 64 << 20;

    public delegate void LineHandler(long lineNumber, ReadOnlySpan<byte> line);

    /// <summary>
    /// Hands each line of <paramref name="stream"/> to <paramref name="onLine"/>. A regular file is read where the kernel
    /// keeps it (mapped into memory) rather than copied into a buffer first; the rest (pipes, and whatever a file gained
    /// after it was mapped) is read into a buffer.
    /// </summary>
    /// <param name="readOnce">
    /// The file is read this once: the kernel's cached pages of what was read are dropped as the reading goes, as
    /// streaming tools do (<c>dd iflag=nocache</c>, HDFS's drop-behind reads), so that a replay of gigabytes neither
    /// pushes the machine's other files out of the cache nor waits for the memory its own state takes. On this
    /// project's VM the second matters most: the pages dropped are memory the host already backs, which the kernel hands
    /// straight to the replay's growing state, where memory never used before cost 5–7 CPU-s a GiB to write first
    /// (docs/performance.md). A later read of the file fetches it from the disk again.
    /// </param>
    public static void Read(Stream stream, LineHandler onLine, Action<long>? onBytes = null, bool readOnce = false)
    {
        long lineNumber = 0;
        if (stream is FileStream file && MappedLength(file) is > 0 and var length)
        {
            var from = file.Position;
            lineNumber = ReadMapped(file, length, onLine, onBytes, readOnce);
            if (readOnce && OperatingSystem.IsLinux() && file.Position > from)
            {
                // All of it, now that it is no longer mapped (the kernel keeps a mapped page).
                LinuxMemory.DropCached(file.SafeFileHandle, from, file.Position - from);
            }
        }

        ReadBuffered(stream, lineNumber, onLine, onBytes);
    }

    /// <summary>The bytes from the file's position to its end when it is a regular file worth mapping, otherwise 0.</summary>
    private static long MappedLength(FileStream file)
    {
        if (!file.CanSeek || !file.CanRead)
        {
            return 0;
        }

        try
        {
            return file.Length - file.Position;
        }
        catch (IOException)
        {
            return 0; // a device or other file that has no length: read it as a stream
        }
    }

    /// <summary>
    /// Every complete line between the file's position and its current length, read through a read-only mapping: in a
    /// profile of the 1,000,000-order replay, the kernel copying the 3 GB file into the buffer was 7 % of the samples,
    /// which mapping leaves out (against the same build without it: 4 of 4 concurrent pairs less CPU, 3.8 % in sum;
    /// docs/performance.md). Leaves the file positioned after the last complete line, and returns the lines' count. A
    /// file cut short while it is read ends the process (the mapping no longer has the bytes), where reading would stop
    /// early: inputs are written whole or appended to, not truncated.
    /// </summary>
    private static unsafe long ReadMapped(FileStream file, long length, LineHandler onLine, Action<long>? onBytes, bool readOnce)
    {
        var offset = file.Position;
        using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
        var handle = view.SafeMemoryMappedViewHandle;
        byte* start = null;
        handle.AcquirePointer(ref start);
        try
        {
            // The view begins at a page boundary at or before the file's position.
            var bytes = start + view.PointerOffset;
            long position = 0, lineNumber = 0, reported = 0, released = 0;
            if (offset == 0 && length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                position = 3; // UTF-8 byte order mark
            }

            // The pages read, out of the process's memory and, read once, out of the kernel's cache (which keeps a page
            // while it is mapped: hence the mapping's pages first).
            void LetGo(long from, long to)
            {
                Release(start, view.PointerOffset + from, view.PointerOffset + to);
                if (readOnce && OperatingSystem.IsLinux())
                {
                    LinuxMemory.DropCached(file.SafeFileHandle, offset + from, to - from);
                }
            }

            while (position < length)
            {
                var rest = new ReadOnlySpan<byte>(bytes + position, (int)Math.Min(length - position, int.MaxValue));
                var newline = rest.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break; // the last line has no end yet: the buffered reader takes it (and what follows, if the file grows)
                }

                lineNumber++;
                Emit(onLine, lineNumber, rest[..newline]);
                position += newline + 1;
                if (onBytes is not null && position - reported >= ProgressBytes)
                {
                    onBytes(position - reported);
                    reported = position;
                }

                if (position - released >= ReleaseBytes)
                {
                    LetGo(released, position);
                    released = position;
                }
            }

            onBytes?.Invoke(position - reported);
            file.Position = offset + position;
            return lineNumber;
        }
        finally
        {
            handle.ReleasePointer();
        }
    }

    /// <summary>
    /// Lets go of the whole pages of a mapping between two offsets from its start (read, and handed out): the kernel
    /// keeps them in its cache, but the process no longer counts them as resident. Without it, a replay's resident
    /// memory grew with the file, 3 of the 1,000,000-order replay's 4.1 GB at its end, where it should grow with the
    /// open orders only.
    /// </summary>
    private static unsafe void Release(byte* mapping, long from, long to)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var page = Environment.SystemPageSize;
        var first = (from + page - 1) / page * page;
        var last = to / page * page;
        if (last > first)
        {
            LinuxMemory.Advise((nint)(mapping + first), (nuint)(last - first), LinuxMemory.DontNeed);
        }
    }

    private static void ReadBuffered(Stream stream, long lineNumber, LineHandler onLine, Action<long>? onBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        try
        {
            var filled = 0;
            var searched = 0; // of the filled bytes, those already searched for a newline (none there)
            var first = lineNumber == 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A single line longer than the buffer: grow rather than split it.
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = stream.Read(buffer, filled, buffer.Length - filled);
                onBytes?.Invoke(read);
                var end = filled + read;
                var start = 0;
                if (first)
                {
                    if (end < 3 && read > 0)
                    {
                        // A pipe may hand out fewer bytes than a byte order mark's three: wait for them, or the end.
                        filled = end;
                        continue;
                    }

                    if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                    {
                        start = 3; // UTF-8 byte order mark
                    }

                    first = false;
                }

                // Each byte is searched once: a long line handed out a little at a time is not searched again from its start.
                var from = Math.Max(start, searched);
                while (true)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', from, end - from);
                    if (newline < 0)
                    {
                        break;
                    }

                    lineNumber++;
                    Emit(onLine, lineNumber, buffer.AsSpan(start, newline - start));
                    start = from = newline + 1;
                }

                if (read == 0)
                {
                    if (end > start)
                    {
                        lineNumber++;
                        Emit(onLine, lineNumber, buffer.AsSpan(start, end - start));
                    }

                    return;
                }

                filled = searched = end - start;
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, filled);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Emit(LineHandler onLine, long lineNumber, ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        onLine(lineNumber, line);
    }
}
