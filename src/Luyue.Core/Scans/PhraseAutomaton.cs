using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Luyue.Core.Scans;

/// <summary>
/// Finds which of a fixed list of phrases occur in a text in one pass over its characters, skipping some characters as
/// though they were not there (an Aho–Corasick automaton, its failure links folded into a full transition table).
/// <see cref="PhraseSet"/> answers the same question by searching for each phrase's first character and trying the
/// phrases that start with it; with the scan vocabulary's ninety-odd phrases over 45 first characters, that search was
/// most of classifying a scan text (0.4–1 µs a text), where this reads each character once, two table lookups apiece.
/// Immutable and safe to share between threads.
/// </summary>
internal sealed class PhraseAutomaton
{
    private const ushort Skip = ushort.MaxValue;

    // Characters to symbols, in pages of 256 by the character's high byte: only the pages of characters some phrase
    // uses (or that are skipped) are held, every other page shares the empty one. Symbol 0 is "in no phrase".
    private readonly ushort[][] pages;
    private readonly int symbols;

    // next[state * symbols + symbol]: the state after reading the symbol, shifted left by one, the low bit set when some
    // phrase ends there (most moves lead to none, and then nothing more is read). State 0 is the start. Two bytes an
    // entry keep the table small enough to stay in the caches between scans: 53 KB for the scan vocabulary.
    private readonly ushort[] next;

    // found[state * Words + w]: the phrases that end at the state, their own and by failure links, one bit each.
    private readonly ulong[] found;

    /// <param name="phrases">Non-empty phrases; phrase i is bit i of what <see cref="Find"/> reports.</param>
    /// <param name="skipped">Characters read as though absent (between the characters of a phrase, too).</param>
    public PhraseAutomaton(IReadOnlyList<string> phrases, Func<char, bool> skipped)
    {
        Words = Math.Max(1, (phrases.Count + 63) / 64);
        var symbolOf = new Dictionary<char, ushort>();
        foreach (var c in phrases.SelectMany(p => p))
        {
            if (skipped(c))
            {
                throw new ArgumentException($"'{c}' is both in a phrase and skipped", nameof(skipped));
            }

            if (!symbolOf.ContainsKey(c))
            {
                symbolOf[c] = checked((ushort)(symbolOf.Count + 1));
            }
        }

        symbols = symbolOf.Count + 1;
        var empty = new ushort[256];
        pages = Enumerable.Repeat(empty, 256).ToArray();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            var symbol = skipped(ch) ? Skip : symbolOf.GetValueOrDefault(ch);
            if (symbol != 0)
            {
                if (ReferenceEquals(pages[c >> 8], empty))
                {
                    pages[c >> 8] = new ushort[256];
                }

                pages[c >> 8][c & 0xFF] = symbol;
            }
        }

        (next, found) = Build(phrases, symbolOf);
    }

    /// <summary>How many 64-bit words <see cref="Find"/> fills.</summary>
    public int Words { get; }

    /// <summary>Sets bit i of <paramref name="into"/> when phrase i occurs in <paramref name="text"/>; leaves the other bits as they were.</summary>
    public void Find(ReadOnlySpan<char> text, Span<ulong> into)
    {
        // The tables in locals, read without bounds checks or overflow checks: every index is in range by construction
        // (a page has 256 entries, a move leads to a state, a symbol is under the symbols' count). Read through the
        // fields, with checks, each character took three field loads, three bounds checks and two overflow checks, and
        // two thirds of the 1,000,000-order replay's classifying was spent at the two table loads of each character.
        ref var pageOf = ref MemoryMarshal.GetArrayDataReference(pages);
        ref var moves = ref MemoryMarshal.GetArrayDataReference(next);
        var symbolCount = symbols;
        var words = Words;
        var state = 0;
        foreach (var c in text)
        {
            var symbol = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Unsafe.Add(ref pageOf, c >> 8)), c & 0xFF);
            if (symbol == Skip)
            {
                continue;
            }

            // A character in no phrase leads from any state back to the start, and no phrase ends there (Build: no
            // state has a move on symbol 0 but its failure state's, down to the start's, which is the start). Taken
            // as a branch, the next character's move no longer waits on this one's load from the table: most of a
            // text (names, places, numbers) is in no phrase.
            if (symbol == 0)
            {
                state = 0;
                continue;
            }

            var move = Unsafe.Add(ref moves, unchecked((state * symbolCount) + symbol));
            state = move >> 1;
            if ((move & 1) != 0)
            {
                var at = state * words;
                for (var w = 0; w < words; w++)
                {
                    into[w] |= found[at + w];
                }
            }
        }
    }

    /// <summary>Whether any of the bits set in <paramref name="mask"/> is set in <paramref name="bits"/>.</summary>
    public static bool Any(ReadOnlySpan<ulong> bits, ReadOnlySpan<ulong> mask)
    {
        for (var w = 0; w < mask.Length; w++)
        {
            if ((bits[w] & mask[w]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bits of the given phrase ids, in <see cref="Words"/> words.</summary>
    public ulong[] Mask(IEnumerable<int> ids)
    {
        var mask = new ulong[Words];
        foreach (var id in ids)
        {
            mask[id / 64] |= 1UL << (id % 64);
        }

        return mask;
    }

    private (ushort[] Next, ulong[] Found) Build(IReadOnlyList<string> phrases, Dictionary<char, ushort> symbolOf)
    {
        // The trie of the phrases.
        var children = new List<Dictionary<ushort, int>> { new() };
        var ends = new List<List<int>> { new() };
        for (var id = 0; id < phrases.Count; id++)
        {
            if (phrases[id].Length == 0)
            {
                throw new ArgumentException("a phrase must not be empty", nameof(phrases));
            }

            var state = 0;
            foreach (var c in phrases[id])
            {
                var symbol = symbolOf[c];
                if (!children[state].TryGetValue(symbol, out var child))
                {
                    child = children.Count;
                    children.Add([]);
                    ends.Add([]);
                    children[state][symbol] = child;
                }

                state = child;
            }

            ends[state].Add(id);
        }

        // Breadth first, each state's moves are its trie children, else its failure state's moves (already complete,
        // being shallower); its phrases are its own and its failure state's.
        var states = children.Count;
        var table = new int[states * symbols];
        var bits = new ulong[states * Words];
        var failure = new int[states];
        var queue = new Queue<int>();
        foreach (var (symbol, child) in children[0])
        {
            table[symbol] = child;
            queue.Enqueue(child);
        }

        Mark(bits, 0, ends[0]);
        while (queue.TryDequeue(out var state))
        {
            Mark(bits, state, ends[state]);
            for (var w = 0; w < Words; w++)
            {
                bits[(state * Words) + w] |= bits[(failure[state] * Words) + w];
            }

            for (var symbol = 0; symbol < symbols; symbol++)
            {
                var fallback = table[(failure[state] * symbols) + symbol];
                if (children[state].TryGetValue((ushort)symbol, out var child))
                {
                    failure[child] = fallback;
                    table[(state * symbols) + symbol] = child;
                    queue.Enqueue(child);
                }
                else
                {
                    table[(state * symbols) + symbol] = fallback;
                }
            }
        }

        if (states > short.MaxValue)
        {
            throw new ArgumentException($"{phrases.Count} phrases make {states} states, more than {short.MaxValue}", nameof(phrases));
        }

        var moves = new ushort[table.Length];
        for (var i = 0; i < table.Length; i++)
        {
            var target = table[i];
            var terminal = bits.AsSpan(target * Words, Words).ContainsAnyExcept(0UL);
            moves[i] = (ushort)((target << 1) | (terminal ? 1 : 0));
        }

        return (moves, bits);
    }

    private void Mark(ulong[] bits, int state, List<int> ids)
    {
        foreach (var id in ids)
        {
            bits[(state * Words) + (id / 64)] |= 1UL << (id % 64);
        }
    }
}
