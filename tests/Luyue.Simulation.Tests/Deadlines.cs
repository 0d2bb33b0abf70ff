using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Simulation.Tests;

/// <summary>The baseline deadlines of RULES.md, restated independently of the generator to judge its output.</summary>
internal static class Deadlines
{
    private static readonly Offset Shanghai = Offset.FromHours(8);

    public static Instant Ship(OrderPaid paid) => paid.ShipBy ?? paid.At + Duration.FromHours(paid.Platform switch
    {
        "tmall" => 24,
        "aliexpress" => 72,
        _ => 48,
    });

    /// <summary>Tmall: 48 h from payment (from the agreed date for a pre-sale); the others: 24 h from upload.</summary>
    public static Instant Pickup(OrderPaid paid, Instant shippedAt) =>
        paid.Platform == "tmall" ? (paid.Mode == OrderMode.Presale ? paid.ShipBy!.Value : paid.At) + Duration.FromHours(48) : shippedAt + Duration.FromHours(24);

    /// <summary>20:00 local on the calendar day after <paramref name="outForDelivery"/>.</summary>
    public static Instant Delivery(Instant outForDelivery)
    {
        var local = outForDelivery.WithOffset(Shanghai);
        return local.Date.PlusDays(1).At(new LocalTime(20, 0)).WithOffset(Shanghai).ToInstant();
    }

    public static bool IsMilestone(Scan scan, string kind) => string.Equals(scan.Kind, kind, StringComparison.Ordinal);
}
