using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Luyue.Core;

/// <summary>
/// Hints to the processor to fetch memory into its caches; a hint never faults and changes no data. Shared by the
/// engine's fetching ahead (ComplianceEngine.Lookahead) and the parser's string cache.
/// </summary>
internal static class Prefetch
{
    private const int Line = 64;

    /// <summary>The cache line holding one element (of an array, say).</summary>
    public static unsafe void At<T>(ref T element)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref element));
        }
    }

    /// <summary>The first <paramref name="lines"/> cache lines from an element (a record in an array, say).</summary>
    public static unsafe void Lines<T>(ref T element, int lines)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var at = (byte*)Unsafe.AsPointer(ref element);
        for (var i = 0; i < lines; i++)
        {
            Sse.Prefetch0(at + (i * Line));
        }
    }

    /// <summary>The cache lines holding a span's elements.</summary>
    public static unsafe void Span<T>(ReadOnlySpan<T> span)
        where T : struct
    {
        if (!Sse.IsSupported || span.IsEmpty)
        {
            return;
        }

        var at = (byte*)Unsafe.AsPointer(ref Unsafe.AsRef(in span[0]));
        var end = at + (span.Length * Unsafe.SizeOf<T>());
        for (; at < end; at += Line)
        {
            Sse.Prefetch0(at);
        }
    }
}
