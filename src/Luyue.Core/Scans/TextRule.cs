namespace Luyue.Core.Scans;

/// <summary>
/// One row of the scan text table: the milestone a text means when it contains any of its 'any' phrases and
/// none of its 'unless' phrases. Rules are tried in pack order, so precedence ("已签收" beats "派件人") is data too.
/// </summary>
internal sealed class TextRule(Milestone milestone, string[] any, string[] unless)
{
    public Milestone Milestone { get; } = milestone;

    /// <param name="text">Scan text with whitespace and ignored phrases already removed.</param>
    public bool Matches(string text) => ContainsAny(text, any) && !ContainsAny(text, unless);

    internal static bool ContainsAny(string text, string[] phrases)
    {
        foreach (var phrase in phrases)
        {
            if (text.Contains(phrase, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
