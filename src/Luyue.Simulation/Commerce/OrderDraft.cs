using Luyue.Core.Events;
using Luyue.Simulation.People;

namespace Luyue.Simulation.Commerce;

/// <summary>An order as paid: who bought what from whom, before anything happens to it. Times are Unix seconds.</summary>
internal sealed record OrderDraft(
    int Index,
    string OrderId,
    PlatformProfile Platform,
    Shop Shop,
    Buyer Buyer,
    long PaidAt,
    long AmountCents,
    IReadOnlyList<OrderItem> Items,
    long? ShipBy,
    OrderMode Mode)
{
    public long ShipDeadline => Platform.ShipDeadline(PaidAt, ShipBy);

    public long PickupDeadline(long shippedAt) => Platform.PickupDeadline(PaidAt, shippedAt, Mode == OrderMode.Presale ? ShipBy : null);
}
