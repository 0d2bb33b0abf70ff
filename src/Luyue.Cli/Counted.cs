namespace Luyue.Cli;

/// <summary>A count with its noun, singular for one ("1 line", "0 lines", "2 lines"), for the summaries on standard error.</summary>
internal static class Counted
{
    public static string Of(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
