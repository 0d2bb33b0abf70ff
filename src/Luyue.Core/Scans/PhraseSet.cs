using System.Buffers;
using System.Collections.Frozen;

namespace Luyue.Core.Scans;

/// <summary>
/// A fixed set of phrases and, for a text, which of them it contains (ordinal, as <see cref="string.Contains(string)"/>).
/// Classifying a scan asks about some eighty phrases; one vectorised pass over the text that stops only at characters
/// some phrase starts with answers all of them at once, where a search per phrase read the text eighty times.
/// Immutable once built, so safe to share between threads.
/// </summary>
internal sealed class PhraseSet
{
    private readonly List<string> phrases = [];
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly SearchValues<char> firstChars;
    private readonly FrozenDictionary<char, int[]> byFirstChar;

    /// <param name="phrases">Non-empty phrases; a phrase listed twice gets one id.</param>
    public PhraseSet(IEnumerable<string> phrases)
    {
        foreach (var phrase in phrases)
        {
            if (phrase.Length == 0)
            {
                throw new ArgumentException("a phrase must not be empty", nameof(phrases));
            }

            if (ids.TryAdd(phrase, this.phrases.Count))
            {
                this.phrases.Add(phrase);
            }
        }

        byFirstChar = this.phrases.Select((phrase, id) => (phrase, id)).GroupBy(p => p.phrase[0])
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.id).ToArray());
        firstChars = SearchValues.Create(byFirstChar.Keys.AsSpan());
    }

    /// <summary>How many distinct phrases: the length of the span <see cref="Find"/> fills.</summary>
    public int Count => phrases.Count;

    public int IdOf(string phrase) => ids[phrase];

    public int[] IdsOf(IEnumerable<string> phrases) => phrases.Select(IdOf).ToArray();

    /// <summary>Sets <c>found[id]</c> for every phrase that occurs in <paramref name="text"/>; leaves the others as they were.</summary>
    public void Find(ReadOnlySpan<char> text, Span<bool> found)
    {
        var rest = text;
        while (rest.IndexOfAny(firstChars) is var at and >= 0)
        {
            rest = rest[at..];
            foreach (var id in byFirstChar[rest[0]])
            {
                if (!found[id] && rest.StartsWith(phrases[id], StringComparison.Ordinal))
                {
                    found[id] = true;
                }
            }

            rest = rest[1..];
        }
    }

    /// <summary>Whether <paramref name="text"/> contains at least one of the phrases.</summary>
    public bool FoundIn(ReadOnlySpan<char> text)
    {
        var rest = text;
        while (rest.IndexOfAny(firstChars) is var at and >= 0)
        {
            rest = rest[at..];
            foreach (var id in byFirstChar[rest[0]])
            {
                if (rest.StartsWith(phrases[id], StringComparison.Ordinal))
                {
                    return true;
                }
            }

            rest = rest[1..];
        }

        return false;
    }

    /// <summary>Whether any of the phrases with these ids was found.</summary>
    public static bool AnyOf(ReadOnlySpan<bool> found, int[] ids)
    {
        foreach (var id in ids)
        {
            if (found[id])
            {
                return true;
            }
        }

        return false;
    }
}
