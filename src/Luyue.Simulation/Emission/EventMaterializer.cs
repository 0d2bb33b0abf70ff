using Luyue.Core.Events;
using Luyue.Simulation.Carriers;
using Luyue.Simulation.Geography;
using Luyue.Simulation.People;
using Luyue.Simulation.Randomness;
using Luyue.Simulation.Timeline;
using NodaTime;

namespace Luyue.Simulation.Emission;

/// <summary>
/// Turns a planned step into a CONTRACT event, writing the carrier's scan text at that moment. Every random
/// detail is drawn from a stream seeded by the order and the step's number, so a duplicate renders exactly as its
/// original. Couriers are seeded by their outlet, so the same outlet always sends the same few people. Not thread-safe.
/// </summary>
internal sealed class EventMaterializer(PlaceTable places, bool labelMilestones)
{
    private static readonly string[] Signers = ["本人", "本人", "本人", "家人", "门卫", "前台", "同事"];
    private static readonly string[] HeldReasons = ["收件人电话无人接听", "收件人不在家", "地址不详需联系收件人"];
    private static readonly string[] LockerBrands = ["丰巢智能快递柜", "菜鸟驿站", "兔喜生活", "妈妈驿站"];

    private readonly Prng rng = new(0);
    private readonly Prng people = new(0);
    private readonly ScanContext context = new();

    public FulfilmentEvent Render(OrderPlan plan, in Step step)
    {
        var id = plan.EventId(step.Number);
        var at = Instant.FromUnixTimeSeconds(step.At);
        switch (step.Kind)
        {
            case StepKind.Paid:
                return plan.TakePaid();
            case StepKind.Shipped:
                var shipped = plan.Parcels[step.Parcel];
                return new OrderShipped(id, at, plan.OrderId, shipped.CarrierCode, shipped.Tracking, shipped.Mode);
            case StepKind.TrackingChanged:
                var reissued = plan.Parcels[step.Parcel];
                return new TrackingChanged(id, at, plan.OrderId, reissued.CarrierCode, reissued.Tracking, "reissue");
            case StepKind.Refunded:
                return new OrderRefunded(id, at, plan.OrderId, Commerce.Money.Yuan(plan.Draft.AmountCents));
            case StepKind.Closed:
                return new OrderClosed(id, at, plan.OrderId);
            case StepKind.Complaint:
                return new Complaint(id, at, plan.OrderId, plan.OrderId + "-C1", plan.ComplaintKind, plan.ComplaintUpheld);
            default:
                return RenderScan(plan, step, id, at);
        }
    }

    private Scan RenderScan(OrderPlan plan, in Step step, string id, Instant at)
    {
        rng.Reseed(Prng.Mix(plan.Seed, 1000UL + step.Number));
        var parcel = plan.Parcels[step.Parcel];
        var carrier = parcel.Carrier!;
        var c = context;
        var (province, cityName, site) = Locate(plan, parcel, carrier, step.Place);
        c.CityName = cityName;
        c.Site = site;
        c.Next = step.Kind == StepKind.HubDeparture ? Locate(plan, parcel, carrier, step.Next).Site : "";
        if (step.Kind == StepKind.Airborne)
        {
            c.Next = plan.Buyer.Country!.Name;
        }

        var delivering = step.Place is Sites.Delivery or Sites.Abroad;
        if (delivering)
        {
            // Each delivery outlet has three couriers; which one an order gets depends on the order.
            var outlet = ((ulong)(uint)(plan.DeliveryCity?.Id ?? 0) << 16) | ((ulong)(uint)plan.DeliveryDistrictIndex << 8) | (uint)plan.DeliveryOutletVariant;
            SetCourier(Prng.Mix(Prng.Mix(outlet, (ulong)CarrierRegistry.IndexOf(carrier)), plan.Seed % 3), plan.DeliveryCity?.Province.Short);
        }
        else
        {
            SetCourier(Prng.Mix(plan.Shop.Seed, (ulong)CarrierRegistry.IndexOf(carrier)), parcel.Origin.Province.Short);
        }

        c.OutletPhone = Phones.Masked(rng);
        c.Attempt = step.Attempt;
        c.Signer = rng.Pick(Signers);
        c.AfterCollection = step.AfterCollection;
        c.Locker = Locker(plan);
        c.Reason = step.Kind == StepKind.Returned ? plan.ReturnReason : rng.Pick(HeldReasons);
        string? newCarrier = null, newTracking = null;
        if (step.Kind == StepKind.Transfer)
        {
            var target = plan.Parcels[step.Attempt];
            newCarrier = target.CarrierCode;
            newTracking = target.Tracking;
            c.NewCarrierName = target.Carrier!.DisplayName;
            c.NewTracking = target.Tracking;
        }

        var text = step.Kind switch
        {
            StepKind.Pickup => carrier.Pickup(c),
            StepKind.HubArrival => carrier.HubArrival(c),
            StepKind.HubDeparture => carrier.HubDeparture(c),
            StepKind.OutletArrival => carrier.OutletArrival(c),
            StepKind.OutForDelivery when step.Place == Sites.Abroad => EmsStyle.OutForDeliveryAbroad(c),
            StepKind.OutForDelivery => carrier.OutForDelivery(c),
            StepKind.Held => carrier.Held(c),
            StepKind.Collected => carrier.Collected(c),
            StepKind.Signed when step.Place == Sites.Abroad => EmsStyle.SignedAbroad(c),
            StepKind.Signed => carrier.Signed(c),
            StepKind.Returned => carrier.Returned(c),
            StepKind.Lost => carrier.Lost(c),
            StepKind.Transfer => carrier.Transfer(c),
            StepKind.ExportSealed => EmsStyle.ExportSealed(c),
            StepKind.Airborne => EmsStyle.Airborne(c),
            StepKind.ArrivedAbroad => EmsStyle.ArrivedAbroad(c),
            _ => throw new InvalidOperationException($"step {step.Kind} is not a scan"),
        };

        // A transfer is always labelled: its new carrier and number are what make it a transfer, whatever the text says.
        var kind = labelMilestones || step.Kind == StepKind.Transfer ? Milestone(step.Kind) : null;
        return new Scan(id, at, carrier.Code, parcel.Tracking, kind, text, null, null, province, cityName, site, newCarrier, newTracking);
    }

    /// <summary>The province, city and site name of a place marker or hub.</summary>
    private (string? Province, string City, string Site) Locate(OrderPlan plan, Parcel parcel, CarrierStyle carrier, short place)
    {
        switch (place)
        {
            case Sites.Origin:
                return (parcel.Origin.Province.Name, parcel.Origin.Name, carrier.OutletName(parcel.Origin, parcel.OriginDistrict, parcel.OutletVariant));
            case Sites.Delivery:
                var city = plan.DeliveryCity!;
                return (city.Province.Name, city.Name, carrier.OutletName(city, plan.DeliveryDistrict, plan.DeliveryOutletVariant));
            case Sites.Exchange:
                var exchange = plan.ExchangeCity!;
                return (exchange.Province.Name, exchange.Name, EmsStyle.ExchangeName(exchange));
            case Sites.Abroad:
                var foreign = plan.Buyer.ForeignCity!;
                return (null, foreign.Zh, $"{foreign.Zh}处理中心");
            default:
                var hub = places.Cities[place];
                return (hub.Province.Name, hub.Name, carrier.HubName(hub));
        }
    }

    private void SetCourier(ulong courierSeed, string? provinceShort)
    {
        people.Reseed(courierSeed);
        context.Courier = ChineseNames.Next(people, provinceShort);
        context.CourierPhone = Phones.Masked(people);
    }

    /// <summary>The locker or station near the buyer: one per order, so a collection and the later signature name the same one.</summary>
    private string Locker(OrderPlan plan)
    {
        people.Reseed(Prng.Mix(plan.Seed, 77));
        var community = people.Pick(places.Communities);
        var brand = people.Pick(LockerBrands);
        return brand == LockerBrands[0]
            ? $"丰巢的{community}{people.Between(1, 12)}号柜(丰巢智能快递柜)"
            : $"{plan.DeliveryDistrict}{community}{brand}";
    }

    private static string Milestone(StepKind kind) => kind switch
    {
        StepKind.Pickup => "pickup",
        StepKind.HubArrival or StepKind.ArrivedAbroad => "hub-arrival",
        StepKind.HubDeparture => "hub-departure",
        StepKind.OutForDelivery => "out-for-delivery",
        StepKind.Collected or StepKind.Signed => "signed",
        StepKind.Returned => "returned",
        StepKind.Held or StepKind.Lost => "exception",
        StepKind.Transfer => "transfer",
        _ => "transit",
    };
}
