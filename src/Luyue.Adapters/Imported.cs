using Luyue.Core.Events;

namespace Luyue.Adapters;

/// <summary>
/// Why one piece of a feed was refused: where it is (<c>row 7</c>, <c>data[3]</c>), the field or column at fault, and
/// the reason, in words a merchant can act on. The rest of the feed is still imported unless the caller is strict.
/// </summary>
public sealed record AdapterError(string Location, string Field, string Reason)
{
    public override string ToString() => $"{Location}, {Field}: {Reason}";
}

/// <summary>What one feed became: CONTRACT.md events (in the order they should be replayed), refusals, and notes for a person.</summary>
public sealed record Imported(IReadOnlyList<FulfilmentEvent> Events, IReadOnlyList<AdapterError> Errors, IReadOnlyList<string> Notes)
{
    public static Imported Refused(AdapterError error) => new([], [error], []);
}

/// <summary>What the caller knows that a feed may leave out: an SF route list carries no waybill number, for one.</summary>
public sealed record ImportOptions(string? Carrier = null, string? Tracking = null)
{
    public static readonly ImportOptions None = new();
}
