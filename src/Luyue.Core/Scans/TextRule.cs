namespace Luyue.Core.Scans;

/// <summary>
/// One row of the scan text table: the milestone a text means when it contains any of its 'any' phrases and
/// none of its 'unless' phrases. Rules are tried in pack order, so precedence ("已签收" beats "派件人") is data too.
/// The phrases are bits of the vocabulary's <see cref="PhraseAutomaton"/>, which finds them all in one pass over a text.
/// </summary>
internal sealed class TextRule(Milestone milestone, ulong[] any, ulong[] unless)
{
    public Milestone Milestone { get; } = milestone;

    /// <param name="found">Which of the vocabulary's phrases the text (whitespace and ignored phrases removed) contains.</param>
    public bool Matches(ReadOnlySpan<ulong> found) => PhraseAutomaton.Any(found, any) && !PhraseAutomaton.Any(found, unless);
}
