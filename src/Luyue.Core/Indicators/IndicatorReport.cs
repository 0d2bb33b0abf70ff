using NodaTime;

namespace Luyue.Core.Indicators;

/// <summary>What one row of the indicators is about.</summary>
public enum IndicatorGrouping : byte { Store, Carrier, Outlet, Day }

public static class IndicatorGroupingText
{
    public static string ToText(this IndicatorGrouping by) => by switch
    {
        IndicatorGrouping.Carrier => "carrier",
        IndicatorGrouping.Outlet => "outlet",
        IndicatorGrouping.Day => "day",
        _ => "store",
    };

    public static bool TryParse(string? text, out IndicatorGrouping by)
    {
        by = text switch
        {
            null or "" or "store" => IndicatorGrouping.Store,
            "carrier" => IndicatorGrouping.Carrier,
            "outlet" => IndicatorGrouping.Outlet,
            "day" => IndicatorGrouping.Day,
            _ => (IndicatorGrouping)255,
        };
        return (byte)by != 255;
    }
}

/// <summary>
/// Which orders the indicators count and how they are grouped. <see cref="Carrier"/> is a carrier code as the carrier
/// vocabulary normalises it; <see cref="From"/> (inclusive) and <see cref="To"/> (exclusive) bound the payment time.
/// </summary>
public sealed record IndicatorQuery
{
    public IndicatorGrouping By { get; init; } = IndicatorGrouping.Store;
    public string? Shop { get; init; }
    public string? Platform { get; init; }
    public string? Carrier { get; init; }
    public Instant? From { get; init; }
    public Instant? To { get; init; }
}

/// <summary>The counts behind one row. Additive: a row is the sum of its orders' measures.</summary>
public record struct IndicatorMeasures
{
    /// <summary>Paid orders whose 48 h pickup check is decided: picked up in time, or the window has closed.</summary>
    public long Shipments;
    public long PickedUp48h;

    /// <summary>Picked-up parcels whose 24 h update check is decided: a later scan in time, or the window has closed.</summary>
    public long UpdatedChecks;
    public long Updated24h;

    /// <summary>Orders with a pickup, and the sum of their payment-to-pickup delays in ticks.</summary>
    public long Pickups;
    public long PickupDelayTicks;
    public long Stalls;
    public long Violations;

    public void Add(in IndicatorMeasures other)
    {
        Shipments += other.Shipments;
        PickedUp48h += other.PickedUp48h;
        UpdatedChecks += other.UpdatedChecks;
        Updated24h += other.Updated24h;
        Pickups += other.Pickups;
        PickupDelayTicks += other.PickupDelayTicks;
        Stalls += other.Stalls;
        Violations += other.Violations;
    }

    /// <summary>Share of decided pickup checks met, to 4 decimals; null when none is decided.</summary>
    public readonly double? PickupRate48h => Rate(PickedUp48h, Shipments);

    public readonly double? UpdateRate24h => Rate(Updated24h, UpdatedChecks);

    /// <summary>Mean hours from payment to pickup, to 2 decimals; null when nothing was picked up.</summary>
    public readonly double? AvgPickupDelayHours =>
        Pickups == 0 ? null : Math.Round((double)PickupDelayTicks / Pickups / TimeSpan.TicksPerHour, 2, MidpointRounding.AwayFromZero);

    private static double? Rate(long part, long whole) =>
        whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
}

/// <summary>One row: a store, carrier, outlet (with its carrier) or Shanghai day, its measures, and an outlet's latest stars.</summary>
public sealed record IndicatorRow(string Key, string? Carrier, IndicatorMeasures Measures, int? Stars);

/// <summary>The indicators as of <see cref="AsOf"/>, rows sorted by key (then carrier), with the benchmark they are compared with.</summary>
public sealed record IndicatorReport(IndicatorGrouping By, Instant AsOf, IndicatorSettings Settings, IReadOnlyList<IndicatorRow> Items);

/// <summary>An outlet that caused violations: its counts and latest stars.</summary>
public sealed record OutletRankingRow(string Outlet, string Carrier, long Violations, long Shipments, double? PickupRate48h, int? Stars);
