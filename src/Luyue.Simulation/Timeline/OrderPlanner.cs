using Luyue.Core.Events;
using Luyue.Simulation.Carriers;
using Luyue.Simulation.Commerce;
using Luyue.Simulation.Geography;
using Luyue.Simulation.Randomness;
using NodaTime;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// Decides an order's whole story when it is paid: its fault (if any), its waybills and every event with its
/// event time and arrival time. Each order draws from its own random stream (run seed × order index), so one
/// order's story never shifts another's. Not thread-safe.
/// </summary>
internal sealed class OrderPlanner
{
    private readonly ulong seed;
    private readonly ViolationMix mix;
    private readonly PlaceTable places;
    private readonly OrderFactory orders;
    private readonly TrackingNumbers numbers;
    private readonly RoutePlanner routes;
    private readonly StoryPicker picker;
    private readonly ReusePool reuse = new();
    private readonly StepList steps = new();
    private readonly TraceWriter trace;
    private readonly Prng rng = new(0);

    public OrderPlanner(ulong seed, ViolationMix mix, PlaceTable places, OrderFactory orders, TrackingNumbers numbers, RoutePlanner routes)
    {
        this.seed = seed;
        this.mix = mix;
        this.places = places;
        this.orders = orders;
        this.numbers = numbers;
        this.routes = routes;
        picker = new StoryPicker(mix);
        trace = new TraceWriter(steps, routes);
    }

    public OrderPlan Plan(int index, long paidAt)
    {
        rng.Reseed(Prng.Mix(seed, (ulong)index + 1));
        var draft = orders.Create(index, paidAt, rng);
        var plan = new OrderPlan(draft, rng.NextUInt64());
        var story = picker.Pick(draft.Platform, draft.Buyer.Abroad, rng);
        SetDestination(plan, story);

        steps.Clear();
        steps.Add(paidAt, StepKind.Paid);
        plan.Story = Write(plan, story);

        var candidates = ArrivalDisorder.ShuffleCandidates(steps);
        plan.ShuffleEligible = candidates.Length >= 2;
        if (plan.ShuffleEligible && rng.Chance(mix.OutOfOrder))
        {
            ArrivalDisorder.Shuffle(steps, candidates, rng);
            plan.Shuffled = true;
        }

        if (rng.Chance(mix.Duplicate))
        {
            ArrivalDisorder.Duplicate(steps, rng);
            plan.Duplicated = true;
        }

        plan.Seal(steps, PaidEvent(plan.Draft));
        return plan;
    }

    private void SetDestination(OrderPlan plan, ViolationKind? story)
    {
        var buyer = plan.Buyer;
        if (buyer.Abroad)
        {
            plan.ExchangeCity = routes.ExchangeFor(plan.Shop.City);
            return;
        }

        var city = buyer.City!;
        var district = IndexOf(city.Districts, buyer.District!);
        if (story == ViolationKind.AddressMismatch)
        {
            // Delivered to another province altogether, so no normalisation of city names can make it match.
            var other = city;
            while (ReferenceEquals(other.Province, city.Province))
            {
                other = places.BuyerCities.Pick(rng);
            }

            city = other;
            district = rng.Next(other.Districts.Count);
        }

        plan.DeliveryCity = city;
        plan.DeliveryDistrictIndex = district;
        plan.DeliveryOutletVariant = rng.Next(3);
    }

    /// <summary>Writes the order's events for its story; returns the story actually told.</summary>
    private ViolationKind? Write(OrderPlan plan, ViolationKind? story)
    {
        var draft = plan.Draft;
        switch (story)
        {
            case ViolationKind.LateShipment:
                // A quarter never ship at all; the rest ship up to 60 h late (Douyin re-judges at +24 h and +48 h).
                if (!rng.Chance(0.25))
                {
                    ShipAndCarry(plan, draft.ShipDeadline + rng.Hours(1, 60), story);
                }

                return story;
            case ViolationKind.Refund:
                WriteRefund(plan);
                return story;
            case ViolationKind.NoLogistics:
                var none = plan.AddParcel(new Parcel(null, draft.OrderId, plan.Shop.City, plan.Shop.DistrictIndex, 0, OrderMode.None));
                steps.Add(Timings.Ship(draft, rng), StepKind.Shipped, none);
                return story;
            case ViolationKind.ReusedNumber:
                var uploadAt = Timings.Ship(draft, rng);
                if (reuse.TryPick(uploadAt, draft.Buyer.Party, rng, out var carrier, out var tracking))
                {
                    // The number belongs to another parcel: nothing new is ever scanned for this order.
                    var reused = plan.AddParcel(new Parcel(carrier, tracking, plan.Shop.City, plan.Shop.DistrictIndex, 0, OrderMode.Express));
                    steps.Add(uploadAt, StepKind.Shipped, reused);
                    return story;
                }

                // Too early in the run for an earlier waybill to copy: the order ships cleanly instead.
                ShipAndCarry(plan, uploadAt, null);
                return null;
            default:
                ShipAndCarry(plan, Timings.Ship(draft, rng), story);
                return story;
        }
    }

    private void ShipAndCarry(OrderPlan plan, long uploadAt, ViolationKind? story)
    {
        var draft = plan.Draft;
        var first = Upload(plan, uploadAt, ChooseCarrier(plan));
        if (story == ViolationKind.NoPickup)
        {
            return;
        }

        var deadline = draft.PickupDeadline(uploadAt);
        var pickupAt = story switch
        {
            ViolationKind.LatePickup => deadline + rng.Hours(1, 30),
            ViolationKind.LateEvidence => Math.Max(uploadAt + rng.Hours(0.5, 1), deadline - rng.Hours(0.5, 5)),
            _ => Timings.Pickup(uploadAt, rng),
        };
        trace.Pickup(first, pickupAt);
        if (plan.Abroad)
        {
            trace.DeliverAbroad(plan, first, pickupAt, rng);
            return;
        }

        switch (story)
        {
            case ViolationKind.Transfer:
                WriteTransfer(plan, first, pickupAt);
                break;
            case ViolationKind.TrackingChange:
                WriteReissue(plan, first, pickupAt);
                break;
            default:
                var faults = new TraceFaults(
                    HubStall: story == ViolationKind.HubStall,
                    Gap: story == ViolationKind.Gap,
                    LateDelivery: story == ViolationKind.LateDelivery,
                    DirectSignature: story == ViolationKind.FakeSign);
                var signedAt = trace.Deliver(plan, first, pickupAt, faults, rng);
                AddComplaint(plan, story, signedAt);
                break;
        }

        if (story == ViolationKind.LateEvidence)
        {
            ArrivalDisorder.DelayEvidence(steps, deadline, rng);
        }
    }

    /// <summary>Handed over to another carrier inside the origin province, at the collecting outlet or the first hub.</summary>
    private void WriteTransfer(OrderPlan plan, int first, long pickupAt)
    {
        long transferAt;
        short place;
        if (rng.Chance(0.5))
        {
            var (arrivedAt, _, hub) = trace.FirstHub(plan, first, pickupAt, depart: false, rng);
            transferAt = arrivedAt + rng.Hours(0.5, 3);
            place = (short)hub.Id;
        }
        else
        {
            transferAt = pickupAt + rng.Hours(1, 5);
            place = Sites.Origin;
        }

        var second = plan.AddParcel(NewParcel(plan, OtherCarrier(plan, plan.Parcels[first].Carrier!)));
        steps.Add(transferAt, StepKind.Transfer, first, place, attempt: second);
        var secondPickup = transferAt + rng.Hours(0.5, 3);
        trace.Pickup(second, secondPickup);
        trace.Deliver(plan, second, secondPickup, default, rng);
    }

    /// <summary>Lost after the first hub, reported as a problem parcel, then reissued under a new number.</summary>
    private void WriteReissue(OrderPlan plan, int first, long pickupAt)
    {
        var (_, lastAt, hub) = trace.FirstHub(plan, first, pickupAt, depart: true, rng);
        var lostAt = lastAt + rng.Hours(20, 40);
        steps.Add(lostAt, StepKind.Lost, first, (short)hub.Id);
        var changedAt = lostAt + rng.Hours(1, 12);
        var carrier = plan.Parcels[first].Carrier!;
        var second = plan.AddParcel(NewParcel(plan, rng.Chance(0.6) ? carrier : OtherCarrier(plan, carrier)));
        steps.Add(changedAt, StepKind.TrackingChanged, second);
        var secondPickup = Timings.Pickup(changedAt, rng);
        trace.Pickup(second, secondPickup);
        trace.Deliver(plan, second, secondPickup, default, rng);
    }

    /// <summary>
    /// A full refund, then the trade closes: before shipping (buyer cancels), after an upload nobody collected, or
    /// after the parcel was intercepted and sent back from the first hub.
    /// </summary>
    private void WriteRefund(OrderPlan plan)
    {
        var draft = plan.Draft;
        long refundAt;
        switch (rng.Next(3))
        {
            case 0:
                var window = draft.ShipDeadline - draft.PaidAt - ShanghaiTime.Hour;
                refundAt = draft.PaidAt + Math.Max(10 * ShanghaiTime.Minute, Math.Min(rng.Hours(0.3, 20), window));
                break;
            case 1:
                var uploadAt = Timings.Ship(draft, rng);
                Upload(plan, uploadAt, ChooseCarrier(plan));
                refundAt = uploadAt + rng.Hours(26, 40);
                break;
            default:
                var shippedAt = Timings.Ship(draft, rng);
                var parcel = Upload(plan, shippedAt, ChooseCarrier(plan));
                var pickupAt = Timings.Pickup(shippedAt, rng);
                trace.Pickup(parcel, pickupAt);
                var (arrivedAt, _, hub) = trace.FirstHub(plan, parcel, pickupAt, depart: false, rng);
                var returnedAt = arrivedAt + rng.Hours(6, 30);
                plan.ReturnReason = rng.Chance(0.5) ? "买家拒收" : "商家申请拦截退回";
                steps.Add(returnedAt, StepKind.Returned, parcel, (short)hub.Id);
                refundAt = returnedAt + rng.Hours(2, 24);
                break;
        }

        steps.Add(refundAt, StepKind.Refunded);
        steps.Add(refundAt + rng.Minutes(0, 3), StepKind.Closed);
    }

    private void AddComplaint(OrderPlan plan, ViolationKind? story, long signedAt)
    {
        switch (story)
        {
            case ViolationKind.FakeSign:
                plan.ComplaintKind = "fake-sign";
                plan.ComplaintUpheld = rng.Chance(0.8);
                steps.Add(signedAt + rng.Hours(4, 72), StepKind.Complaint);
                break;
            case ViolationKind.FraudComplaint:
                plan.ComplaintKind = rng.Chance(0.6) ? "empty-parcel" : "wrong-item";
                plan.ComplaintUpheld = rng.Chance(0.85);
                steps.Add(signedAt + rng.Hours(6, 96), StepKind.Complaint);
                break;
        }
    }

    /// <summary>Uploads a new waybill and remembers it, so later orders can reuse it.</summary>
    private int Upload(OrderPlan plan, long uploadAt, CarrierStyle carrier)
    {
        var parcel = NewParcel(plan, carrier);
        var index = plan.AddParcel(parcel);
        steps.Add(uploadAt, StepKind.Shipped, index);
        if (!plan.Abroad)
        {
            reuse.Add(carrier, parcel.Tracking, uploadAt, plan.Buyer.Party);
        }

        return index;
    }

    private Parcel NewParcel(OrderPlan plan, CarrierStyle carrier)
    {
        var tracking = plan.Abroad ? numbers.NextInternational() : numbers.Next(carrier);
        // The shop's own outlet for this carrier: the same one collects every parcel the shop gives it.
        var outlet = (int)(Prng.Mix(plan.Shop.Seed, (ulong)CarrierRegistry.IndexOf(carrier)) % 3);
        return new Parcel(carrier, tracking, plan.Shop.City, plan.Shop.DistrictIndex, outlet, OrderMode.Express);
    }

    /// <summary>The shop's carrier; SF or EMS for Hong Kong, Macao and Taiwan, EMS for abroad.</summary>
    private CarrierStyle ChooseCarrier(OrderPlan plan)
    {
        if (plan.Abroad)
        {
            return CarrierRegistry.Ems;
        }

        if (plan.DeliveryCity!.Province.CrossBorder)
        {
            return rng.Chance(0.7) ? CarrierRegistry.Sf : CarrierRegistry.Ems;
        }

        return plan.Shop.Carriers.Pick(rng);
    }

    private CarrierStyle OtherCarrier(OrderPlan plan, CarrierStyle current)
    {
        var choice = plan.Shop.Platform.Carriers;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var candidate = choice[rng.Next(choice.Count)].Carrier;
            if (!ReferenceEquals(candidate, current))
            {
                return candidate;
            }
        }

        var all = CarrierRegistry.All;
        return all[(CarrierRegistry.IndexOf(current) + 1) % all.Count];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return 0;
    }

    private static OrderPaid PaidEvent(OrderDraft d)
    {
        return new OrderPaid(OrderPlan.EventId(d.OrderId, 0), Instant.FromUnixTimeSeconds(d.PaidAt), d.Platform.Code, d.Shop.Id, d.OrderId,
            Money.Yuan(d.AmountCents), d.Items, d.Buyer.Party, d.Shop.Seller,
            d.ShipBy is { } shipBy ? Instant.FromUnixTimeSeconds(shipBy) : null, d.Mode, [], null);
    }
}
