using Luyue.Core.Events;
using Luyue.Simulation.Carriers;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// Recently uploaded waybills, so that an injected reused number copies a real earlier one: same carrier and
/// number, a different recipient, uploaded within the 30 days the reused-number rules look back. A fixed ring,
/// so memory does not grow with the run.
/// </summary>
internal sealed class ReusePool
{
    private const int Capacity = 4096;
    private const long LookBack = 29 * ShanghaiTime.Day;

    private readonly Entry[] ring = new Entry[Capacity];
    private int count;
    private int head;

    public void Add(CarrierStyle carrier, string tracking, long shippedAt, Party recipient)
    {
        ring[head] = new Entry(carrier, tracking, shippedAt, recipient);
        head = (head + 1) % Capacity;
        count = Math.Min(count + 1, Capacity);
    }

    /// <summary>
    /// A waybill uploaded at least an hour before <paramref name="uploadAt"/> (and within the look-back) for a
    /// different recipient; false while the run is too young to have one.
    /// </summary>
    public bool TryPick(long uploadAt, Party recipient, Prng rng, out CarrierStyle carrier, out string tracking)
    {
        for (var attempt = 0; attempt < 16 && count > 0; attempt++)
        {
            var entry = ring[rng.Next(count)];
            if (entry.ShippedAt < uploadAt - ShanghaiTime.Hour && entry.ShippedAt > uploadAt - LookBack && DifferentRecipient(entry.Recipient, recipient))
            {
                carrier = entry.Carrier;
                tracking = entry.Tracking;
                return true;
            }
        }

        carrier = CarrierRegistry.Zto;
        tracking = "";
        return false;
    }

    private static bool DifferentRecipient(Party a, Party b) =>
        !string.Equals(a.Name, b.Name, StringComparison.Ordinal) || !string.Equals(a.Phone, b.Phone, StringComparison.Ordinal);

    private readonly record struct Entry(CarrierStyle Carrier, string Tracking, long ShippedAt, Party Recipient);
}
