namespace Luyue.Simulation.Commerce;

/// <summary>Amounts are whole fen internally and yuan with exactly two decimals in the output (59.90, not 59.9).</summary>
internal static class Money
{
    public static decimal Yuan(long cents) => new(checked((int)cents), 0, 0, false, 2);
}
