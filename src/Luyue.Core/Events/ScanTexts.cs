using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace Luyue.Core.Events;

/// <summary>
/// The scan texts a parser has found to be UTF-8, by a 64-bit hash of their bytes, each with a note its reader keeps
/// about it: the engine notes what the text says (<see cref="Engine.VocabularyMemo"/>). Most texts come again (in the
/// generated 1,000,000-order stream, 87 % of scans repeat an earlier scan's text), and checking, decoding and
/// classifying one again was most of what its text cost. One table, read once a line by the parser with the slot
/// fetched ahead, so that the engine finds the note on the line (<see cref="ScanLine.TextSeen"/>): a second table in the
/// engine, looked up there, cost as much as it saved (docs/performance.md).
/// <para>
/// Direct-mapped: a text pushed out of its slot is only checked and classified again. A slot holds the hash with its
/// lowest byte replaced by the note (0 for none; an entry of 0 is an empty slot); the slot is chosen by the hash's
/// lowest bits, so entry and index together hold all 64 bits. Two texts would need hashes that agree to be taken for
/// one another, as two scan ids would (<see cref="Engine.StableHash"/>): a chance of 2^-64 a pair. Not thread-safe.
/// </para>
/// </summary>
/// <param name="slotBits">The table's size as a power of two: 2^16 slots, 512 KB, by default.</param>
internal sealed class ScanTexts(int slotBits = 16)
{
    private const ulong NoteBits = 0xFF;

    private readonly ulong[] slots = new ulong[1 << slotBits];

    /// <summary>Whose notes the table holds (<see cref="NotesOf"/>), and how many times that changed.</summary>
    private object? owner;
    private int generation;

    /// <summary>What a line's text was found to be: its hash, whether it was checked before, and the note kept then.</summary>
    /// <param name="Hash"><see cref="ScanTexts.Hash"/> of the text, 0 for a line without one.</param>
    /// <param name="Checked">Whether the text was found UTF-8 before: then the line holds it undecoded.</param>
    /// <param name="Note">The note kept for the text (0: none), valid for <paramref name="Generation"/>'s owner only.</param>
    /// <param name="Generation">The table's generation when the line was read (<see cref="NotesOf"/>).</param>
    public readonly record struct Seen(ulong Hash, bool Checked, byte Note, int Generation);

    /// <summary>A text's hash: XxHash3 of its UTF-8, never 0.</summary>
    public static ulong Hash(ReadOnlySpan<byte> utf8) => XxHash3.HashToUInt64(utf8) is var hash && hash != 0 ? hash : 1;

    /// <summary>Fetches the text's slot into the caches, for <see cref="Find"/> a little later.</summary>
    public void Prefetch(ulong hash) => Luyue.Core.Prefetch.At(ref Slot(hash));

    /// <summary>What the table knows of a text (<paramref name="hash"/> not 0): whether it was checked, and its note.</summary>
    public Seen Find(ulong hash)
    {
        var entry = Slot(hash);
        return entry != 0 && ((entry ^ hash) & ~NoteBits) == 0
            ? new Seen(hash, Checked: true, (byte)(entry & NoteBits), generation)
            : new Seen(hash, Checked: false, Note: 0, generation);
    }

    /// <summary>Records a text found to be UTF-8, with no note.</summary>
    public void Add(ulong hash) => Slot(hash) = hash & ~NoteBits;

    /// <summary>
    /// Makes the notes <paramref name="reader"/>'s: another's are forgotten (the engine's rule book changed, say), the
    /// texts stay known. Answers the generation whose notes are the reader's.
    /// </summary>
    public int NotesOf(object reader)
    {
        if (!ReferenceEquals(owner, reader))
        {
            foreach (ref var entry in slots.AsSpan())
            {
                entry &= ~NoteBits;
            }

            owner = reader;
            generation++;
        }

        return generation;
    }

    /// <summary>Keeps a note (1–255) for a text, if its slot still holds it (a later line may have taken the slot).</summary>
    public void Note(ulong hash, byte note)
    {
        ref var entry = ref Slot(hash);
        if (entry != 0 && ((entry ^ hash) & ~NoteBits) == 0)
        {
            entry = (hash & ~NoteBits) | note;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the JIT called it, from the parser's every scan line
    private ref ulong Slot(ulong hash) => ref slots[(int)(hash & (ulong)(slots.Length - 1))];
}
