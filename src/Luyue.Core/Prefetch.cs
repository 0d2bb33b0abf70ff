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

    /// <summary>
    /// Every cache line an element overlaps (a record in an array, say). A record's place in its chunk is seldom at the
    /// start of a line: asking for a record's size in lines from its first byte left its last line, where its small
    /// fields sit (the runtime lays out references first, then wider fields before narrower), to be missed when read.
    /// </summary>
    public static void Whole<T>(ref T element) => Bytes(ref Unsafe.As<T, byte>(ref element), Unsafe.SizeOf<T>());

    /// <summary>The cache lines holding an element's first <paramref name="bytes"/> bytes (the fields a reader needs first).</summary>
    public static void Part<T>(ref T element, int bytes) => Bytes(ref Unsafe.As<T, byte>(ref element), Math.Min(bytes, Unsafe.SizeOf<T>()));

    /// <summary>The cache lines holding a span's elements.</summary>
    public static void Span<T>(ReadOnlySpan<T> span)
        where T : struct
    {
        if (!span.IsEmpty)
        {
            Bytes(ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in span[0])), span.Length * Unsafe.SizeOf<T>());
        }
    }

    /// <summary>Every line from the one holding <paramref name="first"/> to the one holding the last of <paramref name="length"/> bytes.</summary>
    private static unsafe void Bytes(ref byte first, int length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var start = (byte*)Unsafe.AsPointer(ref first);
        var end = start + length;
        for (var at = (byte*)((nuint)start & ~(nuint)(Line - 1)); at < end; at += Line)
        {
            Sse.Prefetch0(at);
        }
    }
}
