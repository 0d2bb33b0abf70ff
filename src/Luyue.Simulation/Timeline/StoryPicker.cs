using Luyue.Simulation.Commerce;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// Draws at most one exclusive fault per order. Walking the kinds with one uniform draw and skipping those that
/// cannot happen to the order gives each kind exactly its share among the orders it applies to.
/// </summary>
internal sealed class StoryPicker(ViolationMix mix)
{
    private static readonly ViolationKind[] Exclusive = Enum.GetValues<ViolationKind>().Where(k => !k.IsOverlay()).ToArray();

    public static IReadOnlyList<ViolationKind> ExclusiveKinds => Exclusive;

    public static bool Applies(ViolationKind kind, PlatformProfile platform, bool abroad)
    {
        if (abroad)
        {
            // Cross-border parcels leave by the export route; only faults before it (and refunds) make sense there.
            return kind is ViolationKind.LateShipment or ViolationKind.NoPickup or ViolationKind.LatePickup or ViolationKind.Refund
                or ViolationKind.Duplicate or ViolationKind.OutOfOrder;
        }

        return kind switch
        {
            ViolationKind.NoLogistics => platform.Is("1688"),
            ViolationKind.FakeSign => platform.Is("tmall"),
            ViolationKind.FraudComplaint => platform.Is("taote") || platform.Is("douyin"),
            _ => true,
        };
    }

    public ViolationKind? Pick(PlatformProfile platform, bool abroad, Prng rng)
    {
        var u = rng.NextDouble();
        var cumulative = 0.0;
        foreach (var kind in Exclusive)
        {
            if (!Applies(kind, platform, abroad))
            {
                continue;
            }

            cumulative += mix.ShareOf(kind);
            if (u < cumulative)
            {
                return kind;
            }
        }

        return null;
    }
}
