using System.Buffers;

namespace Luyue.Core.Events;

/// <summary>
/// Splits a UTF-8 stream into lines without decoding it, so that a multi-gigabyte replay costs one pooled
/// buffer rather than a string per line. The span handed to <paramref name="onLine"/> is valid only during the call.
/// </summary>
public static class JsonLines
{
    public delegate void LineHandler(long lineNumber, ReadOnlySpan<byte> line);

    public static void Read(Stream stream, LineHandler onLine, Action<long>? onBytes = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var filled = 0;
            long lineNumber = 0;
            var first = true;
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
                if (first && end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    start = 3; // UTF-8 byte order mark
                }

                first = false;
                while (true)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                    if (newline < 0)
                    {
                        break;
                    }

                    lineNumber++;
                    Emit(onLine, lineNumber, buffer.AsSpan(start, newline - start));
                    start = newline + 1;
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

                filled = end - start;
                Buffer.BlockCopy(buffer, start, buffer, 0, filled);
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
