using System.Buffers;
using System.Collections.Frozen;

namespace Luyue.Core.Scans;

/// <summary>
/// A fixed set of phrases and, for a text, whether it contains any of them (ordinal, as <see cref="string.Contains(string)"/>):
/// one vectorised pass over the text that stops only at characters some phrase starts with. For the few hub words of a
/// site name; the scan texts' phrases, each wanted on its own, are found by <see cref="PhraseAutomaton"/>.
/// Immutable once built, so safe to share between threads.
/// </summary>
internal sealed class PhraseSet
{
    private readonly SearchValues<char> firstChars;
    private readonly FrozenDictionary<char, string[]> byFirstChar;

    /// <param name="phrases">Non-empty phrases.</param>
    public PhraseSet(IEnumerable<string> phrases)
    {
        var distinct = phrases.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Any(p => p.Length == 0))
        {
            throw new ArgumentException("a phrase must not be empty", nameof(phrases));
        }

        byFirstChar = distinct.GroupBy(p => p[0]).ToFrozenDictionary(g => g.Key, g => g.ToArray());
        firstChars = SearchValues.Create(byFirstChar.Keys.AsSpan());
    }

    /// <summary>Whether <paramref name="text"/> contains at least one of the phrases.</summary>
    public bool FoundIn(ReadOnlySpan<char> text)
    {
        var rest = text;
        while (rest.IndexOfAny(firstChars) is var at and >= 0)
        {
            rest = rest[at..];
            foreach (var phrase in byFirstChar[rest[0]])
            {
                if (rest.StartsWith(phrase, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            rest = rest[1..];
        }

        return false;
    }
}
