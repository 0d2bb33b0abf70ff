using Luyue.Simulation.Geography;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Timeline;

/// <summary>What to break in a domestic trace; all false for a clean one.</summary>
internal readonly record struct TraceFaults(bool HubStall = false, bool Gap = false, bool LateDelivery = false, bool DirectSignature = false);

/// <summary>
/// Writes a parcel's carrier scans into the plan: pickup, the hub chain, the delivery outlet, out for delivery
/// and the signature (in person, or a locker or station taking it in), or the export route for a cross-border
/// parcel. Faults are bent into the same skeleton so their traces read like real ones.
/// </summary>
internal sealed class TraceWriter(StepList steps, RoutePlanner routes)
{
    private const long Hour = ShanghaiTime.Hour;

    public void Pickup(int parcel, long at) => steps.Add(at, StepKind.Pickup, parcel, Sites.Origin);

    /// <summary>The full domestic trace after pickup; returns the time of the first signature (or locker collection).</summary>
    public long Deliver(OrderPlan plan, int parcel, long pickupAt, TraceFaults faults, Prng rng)
    {
        var origin = plan.Parcels[parcel].Origin;
        var hubs = routes.Hubs(origin, plan.DeliveryCity!, rng);
        var arrival = Linehaul(parcel, pickupAt, hubs, faults, rng);
        return Delivery(parcel, arrival, faults, rng);
    }

    /// <summary>Arrival at the first hub, and optionally its departure; for traces that stop early (lost, returned).</summary>
    public (long ArrivedAt, long LastAt, City Hub) FirstHub(OrderPlan plan, int parcel, long pickupAt, bool depart, Prng rng)
    {
        var origin = plan.Parcels[parcel].Origin;
        City[] hubs = plan.DeliveryCity is { } destination ? routes.Hubs(origin, destination, rng) : [origin.HubCity];
        var hub = hubs[0];
        var arrive = pickupAt + rng.Hours(1.5, 6);
        steps.Add(arrive, StepKind.HubArrival, parcel, (short)hub.Id);
        if (!depart)
        {
            return (arrive, arrive, hub);
        }

        var leave = arrive + rng.Hours(0.4, 3);
        steps.Add(leave, StepKind.HubDeparture, parcel, (short)hub.Id, NextAfterFirstHub(plan, hubs));
        return (arrive, leave, hub);
    }

    private static short NextAfterFirstHub(OrderPlan plan, City[] hubs) =>
        hubs.Length > 1 ? (short)hubs[1].Id : plan.DeliveryCity is null ? Sites.Exchange : Sites.Delivery;

    /// <summary>The export route of a cross-border parcel: origin hub, exchange office, flight, destination post.</summary>
    public long DeliverAbroad(OrderPlan plan, int parcel, long pickupAt, Prng rng)
    {
        var hub = plan.Parcels[parcel].Origin.HubCity;
        var exchange = plan.ExchangeCity!;
        var arrive = pickupAt + rng.Hours(1.5, 6);
        steps.Add(arrive, StepKind.HubArrival, parcel, (short)hub.Id);
        var leave = arrive + rng.Hours(0.5, 3);
        steps.Add(leave, StepKind.HubDeparture, parcel, (short)hub.Id, Sites.Exchange);
        var sealedAt = leave + RoutePlanner.LegSeconds(hub, exchange, rng);
        steps.Add(sealedAt, StepKind.ExportSealed, parcel, Sites.Exchange);
        var flown = sealedAt + rng.Hours(6, 30);
        steps.Add(flown, StepKind.Airborne, parcel, Sites.Exchange);
        // Flight and customs together stay under three days, so even a cross-border trace has no 72 h gap.
        var landed = flown + rng.Hours(24, 66);
        steps.Add(landed, StepKind.ArrivedAbroad, parcel, Sites.Abroad);
        var outAt = landed + rng.Hours(20, 60);
        steps.Add(outAt, StepKind.OutForDelivery, parcel, Sites.Abroad);
        var signed = outAt + rng.Hours(1, 8);
        steps.Add(signed, StepKind.Signed, parcel, Sites.Abroad);
        return signed;
    }

    private long Linehaul(int parcel, long pickupAt, City[] hubs, TraceFaults faults, Prng rng)
    {
        // The gap goes on one trunk leg, after a departure, so it is never also a stall in the first hub.
        var gapLeg = faults.Gap ? rng.Next(hubs.Length) : -1;
        var t = pickupAt + rng.Hours(1.5, 6);
        for (var i = 0; i < hubs.Length; i++)
        {
            var hub = hubs[i];
            steps.Add(t, StepKind.HubArrival, parcel, (short)hub.Id);
            var leave = t + rng.Hours(0.4, 3);
            if (i == 0 && faults.HubStall)
            {
                // Leaves after pickup + 48 h, yet under 72 h after arriving, so the fault is a stall and not a gap.
                leave = Math.Max(t + rng.Hours(1, 3), pickupAt + 48 * Hour + rng.Hours(1, 18));
            }

            var isLast = i == hubs.Length - 1;
            steps.Add(leave, StepKind.HubDeparture, parcel, (short)hub.Id, isLast ? Sites.Delivery : (short)hubs[i + 1].Id);
            var leg = isLast ? rng.Hours(1.5, 5) : RoutePlanner.LegSeconds(hub, hubs[i + 1], rng);
            if (i == gapLeg)
            {
                leg = rng.Hours(73, 110);
            }

            t = leave + leg;
        }

        return t;
    }

    private long Delivery(int parcel, long arrival, TraceFaults faults, Prng rng)
    {
        steps.Add(arrival, StepKind.OutletArrival, parcel, Sites.Delivery);
        var outAt = Timings.OutForDelivery(arrival, rng);
        steps.Add(outAt, StepKind.OutForDelivery, parcel, Sites.Delivery, attempt: 1);
        if (faults.LateDelivery)
        {
            // The first attempt fails in the evening; the second goes out two mornings later, past 20:00 of the next day.
            var heldAt = Math.Max(outAt + Hour, ShanghaiTime.SameDayAt(outAt, 17) + rng.Hours(0, 2.5));
            steps.Add(heldAt, StepKind.Held, parcel, Sites.Delivery);
            outAt = ShanghaiTime.StartOfDay(outAt) + 2 * ShanghaiTime.Day + ShanghaiTime.Hours(7.5) + rng.Hours(0, 2);
            steps.Add(outAt, StepKind.OutForDelivery, parcel, Sites.Delivery, attempt: 2);
        }

        if (!faults.DirectSignature && rng.Chance(0.45))
        {
            var collected = Timings.SameEvening(outAt, 0.2, 5, rng);
            steps.Add(collected, StepKind.Collected, parcel, Sites.Delivery);
            if (rng.Chance(0.6))
            {
                steps.Add(Timings.Fetched(collected, rng), StepKind.Signed, parcel, Sites.Delivery, flags: Step.AfterCollectionFlag);
            }

            return collected;
        }

        var signed = Timings.SameEvening(outAt, 0.3, 6, rng);
        steps.Add(signed, StepKind.Signed, parcel, Sites.Delivery);
        return signed;
    }
}
