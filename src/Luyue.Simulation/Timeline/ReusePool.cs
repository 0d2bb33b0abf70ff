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
    // About a day of uploads at 50,000 orders a day: enough that most entries were uploaded well before the order
    // now being planned (recent entries are often uploads still in the future of the planning clock).
    private const int Capacity = 32_768;
    private const long LookBack = 29 * ShanghaiTime.Day;

    private readonly Entry[] ring = new Entry[Capacity];
    private int count;
    private int head;

    public void Add(CarrierStyle carrier, string tracking, long shippedAt, Party recipient)
    {
        // Name and phone only: keeping the whole party would keep every address in the ring alive.
        ring[head] = new Entry(carrier, tracking, shippedAt, recipient.Name, recipient.Phone);
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
            if (entry.ShippedAt < uploadAt - ShanghaiTime.Hour && entry.ShippedAt > uploadAt - LookBack
                && (!string.Equals(entry.Name, recipient.Name, StringComparison.Ordinal) || !string.Equals(entry.Phone, recipient.Phone, StringComparison.Ordinal)))
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

    private readonly record struct Entry(CarrierStyle Carrier, string Tracking, long ShippedAt, string? Name, string? Phone);
}
