using FsCheck;
using FsCheck.Fluent;
using Luyue.Core.Scans;

namespace Luyue.Core.Tests.Scans;

/// <summary>
/// The automaton must report exactly the phrases that occur in the text once the skipped characters are taken out:
/// checked against <see cref="string.Contains(string)"/> on that text, phrase by phrase.
/// </summary>
public class PhraseAutomatonTests
{
    private static bool[] Expected(string[] phrases, string text)
    {
        var cleaned = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        return phrases.Select(p => cleaned.Contains(p, StringComparison.Ordinal)).ToArray();
    }

    private static bool[] Found(PhraseAutomaton automaton, int count, string text)
    {
        Span<ulong> bits = stackalloc ulong[automaton.Words];
        automaton.Find(text, bits);
        var found = new bool[count];
        for (var i = 0; i < count; i++)
        {
            found[i] = (bits[i / 64] & (1UL << (i % 64))) != 0;
        }

        return found;
    }

    [Theory]
    [InlineData("已签收", new[] { "签收", "已签收", "收", "已签收人" })]
    [InlineData("已 签\u3000收", new[] { "签收", "已签收" })]
    [InlineData("abcabd", new[] { "abd", "bca", "cab", "abcabd", "d", "abcd" })]
    [InlineData("aaaa", new[] { "aa", "aaa", "aaaaa", "a" })]
    [InlineData("", new[] { "a" })]
    [InlineData("快件已到达【杭州转运中心】", new[] { "到达", "转运中心", "中心】", "已到" })]
    public void Finds_each_phrase_that_occurs_overlapping_nested_or_across_skipped_characters(string text, string[] phrases)
    {
        var automaton = new PhraseAutomaton(phrases, char.IsWhiteSpace);
        Assert.Equal(Expected(phrases, text), Found(automaton, phrases.Length, text));
    }

    [Fact]
    public void Finds_what_contains_finds_for_any_phrases_and_text()
    {
        // A small alphabet (with whitespace and a character outside every phrase) makes overlaps and near misses common;
        // up to 150 phrases, so that found sets span several words.
        var letter = Gen.Elements('a', 'b', 'c', '签', '收');
        var phrase = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(letter, n)).Select(cs => new string(cs));
        var textChar = Gen.Elements('a', 'b', 'c', '签', '收', 'x', ' ', '\u3000', '\t');
        var text = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(textChar, n)).Select(cs => new string(cs));
        var phrases = Gen.Choose(1, 150).SelectMany(n => Gen.ArrayOf(phrase, n)).Select(ps => ps.Distinct(StringComparer.Ordinal).ToArray());
        Prop.ForAll(Gen.Zip(phrases, Gen.ArrayOf(text, 5)).ToArbitrary(), pair =>
        {
            var automaton = new PhraseAutomaton(pair.Item1, char.IsWhiteSpace);
            return pair.Item2.All(t => Expected(pair.Item1, t).SequenceEqual(Found(automaton, pair.Item1.Length, t)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void A_phrase_with_a_skipped_character_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PhraseAutomaton(["已 签收"], char.IsWhiteSpace));
        Assert.Throws<ArgumentException>(() => new PhraseAutomaton([""], char.IsWhiteSpace));
    }
}
