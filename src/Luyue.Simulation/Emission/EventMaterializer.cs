using System.Globalization;
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
    private readonly SiteNames sites = new(places);

    // Couriers by the seed of their outlet; bounded by the number of outlets, which the place table bounds.
    private readonly Dictionary<ulong, (string Name, string Phone)> couriers = [];

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
                return new OrderRefunded(id, at, plan.OrderId, Commerce.Money.Yuan(plan.AmountCents));
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
        string? newCarrier = null, newTracking = null;
        // Only the particulars the step's text uses are drawn: rendering is the hot path of a large run.
        switch (step.Kind)
        {
            case StepKind.Pickup:
                SetCourier(PickupCourier(plan, carrier), parcel.Origin.Province.Short);
                c.OutletPhone = Phones.Masked(rng);
                break;
            case StepKind.HubDeparture:
                c.Next = Locate(plan, parcel, carrier, step.Next).Site;
                break;
            case StepKind.Airborne:
                c.Next = plan.Country!.Name;
                break;
            case StepKind.OutForDelivery:
                SetCourier(DeliveryCourier(plan, carrier), plan.DeliveryCity?.Province.Short);
                c.OutletPhone = Phones.Masked(rng);
                c.Attempt = step.Attempt;
                break;
            case StepKind.Collected:
                SetCourier(DeliveryCourier(plan, carrier), plan.DeliveryCity?.Province.Short);
                c.Locker = Locker(plan);
                break;
            case StepKind.Signed:
                SetCourier(DeliveryCourier(plan, carrier), plan.DeliveryCity?.Province.Short);
                c.Signer = rng.Pick(Signers);
                c.AfterCollection = step.AfterCollection;
                c.Locker = step.AfterCollection ? Locker(plan) : "";
                break;
            case StepKind.Held:
                c.Reason = rng.Pick(HeldReasons);
                break;
            case StepKind.Returned:
                c.Reason = plan.ReturnReason;
                break;
            case StepKind.Transfer:
                var target = plan.Parcels[step.Attempt];
                newCarrier = target.CarrierCode;
                newTracking = target.Tracking;
                c.NewCarrierName = target.Carrier!.DisplayName;
                c.NewTracking = target.Tracking;
                break;
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
                var origin = parcel.Origin;
                return (origin.Province.Name, origin.Name, sites.Outlet(carrier, origin, parcel.OriginDistrictIndex, parcel.OutletVariant));
            case Sites.Delivery:
                var city = plan.DeliveryCity!;
                return (city.Province.Name, city.Name, sites.Outlet(carrier, city, plan.DeliveryDistrictIndex, plan.DeliveryOutletVariant));
            case Sites.Exchange:
                var exchange = plan.ExchangeCity!;
                return (exchange.Province.Name, exchange.Name, EmsStyle.ExchangeName(exchange));
            case Sites.Abroad:
                var foreign = plan.ForeignCity!;
                return (null, foreign.Zh, foreign.Zh + "处理中心");
            default:
                var hub = places.Cities[place];
                return (hub.Province.Name, hub.Name, sites.Hub(carrier, hub));
        }
    }

    /// <summary>The shop's collecting courier for this carrier: the same person on every pickup from that shop.</summary>
    private static ulong PickupCourier(OrderPlan plan, CarrierStyle carrier) => Prng.Mix(plan.Shop.Seed, (ulong)CarrierRegistry.IndexOf(carrier));

    /// <summary>One of the delivery outlet's three couriers, chosen by the order.</summary>
    private static ulong DeliveryCourier(OrderPlan plan, CarrierStyle carrier)
    {
        var outlet = ((ulong)(uint)(plan.DeliveryCity?.Id ?? 0) << 16) | ((ulong)(uint)plan.DeliveryDistrictIndex << 8) | (uint)plan.DeliveryOutletVariant;
        return Prng.Mix(Prng.Mix(outlet, (ulong)CarrierRegistry.IndexOf(carrier)), plan.Seed % 3);
    }

    private void SetCourier(ulong courierSeed, string? provinceShort)
    {
        if (!couriers.TryGetValue(courierSeed, out var courier))
        {
            people.Reseed(courierSeed);
            courier = (ChineseNames.Next(people, provinceShort), Phones.Masked(people));
            couriers.Add(courierSeed, courier);
        }

        context.Courier = courier.Name;
        context.CourierPhone = courier.Phone;
    }

    /// <summary>The locker or station near the buyer: one per order, so a collection and the later signature name the same one.</summary>
    private string Locker(OrderPlan plan)
    {
        people.Reseed(Prng.Mix(plan.Seed, 77));
        var community = people.Pick(places.Communities);
        var brand = people.Pick(LockerBrands);
        return brand == LockerBrands[0]
            ? string.Create(CultureInfo.InvariantCulture, $"丰巢的{community}{people.Between(1, 12)}号柜(丰巢智能快递柜)")
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
