using System.Globalization;
using Luyue.Core.Events;
using Luyue.Simulation.Commerce;
using Luyue.Simulation.Geography;
using Luyue.Simulation.People;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// Everything that will happen to one order, decided when it is paid, plus the cursor of what has been emitted.
/// Events other than the payment are rendered only when emitted, so an order in flight costs its compact steps
/// rather than millions of strings.
/// </summary>
internal sealed class OrderPlan(OrderDraft draft, ulong seed)
{
    private readonly List<Parcel> parcels = [];
    private OrderDraft? draft = draft;
    private OrderPaid? paid;
    private Step[] steps = [];
    private int next;
    private int paidCopiesLeft;

    /// <summary>The order as paid; only while it is being planned (the plan lets go of the basket and address after).</summary>
    public OrderDraft Draft => draft ?? throw new InvalidOperationException($"order {OrderId}: the draft is released once the plan is sealed");

    public int Index { get; } = draft.Index;

    public string OrderId { get; } = draft.OrderId;

    public PlatformProfile Platform { get; } = draft.Platform;

    public Shop Shop { get; } = draft.Shop;

    public long AmountCents { get; } = draft.AmountCents;

    /// <summary>Seeds every random detail of the order's texts, so a re-rendered duplicate is byte-identical.</summary>
    public ulong Seed { get; } = seed;

    public bool Abroad { get; } = draft.Buyer.Abroad;

    public Country? Country { get; } = draft.Buyer.Country;

    public ForeignCity? ForeignCity { get; } = draft.Buyer.ForeignCity;

    public Buyer Buyer => Draft.Buyer;

    public IReadOnlyList<Parcel> Parcels => parcels;

    /// <summary>Where the trace ends: the buyer's city, unless an address mismatch was injected.</summary>
    public City? DeliveryCity { get; set; }

    public int DeliveryDistrictIndex { get; set; }

    public string DeliveryDistrict => DeliveryCity!.Districts[DeliveryDistrictIndex];

    public int DeliveryOutletVariant { get; set; }

    public City? ExchangeCity { get; set; }

    public string ComplaintKind { get; set; } = "";

    public bool ComplaintUpheld { get; set; }

    public string ReturnReason { get; set; } = "";

    public ViolationKind? Story { get; set; }

    public bool Duplicated { get; set; }

    public bool Shuffled { get; set; }

    /// <summary>Whether the order could have had <see cref="ViolationKind.OutOfOrder"/> (two scans or more arriving on time).</summary>
    public bool ShuffleEligible { get; set; }

    public bool HasNext => next < steps.Length;

    public ref readonly Step NextStep => ref steps[next];

    public int AddParcel(Parcel parcel)
    {
        parcels.Add(parcel);
        return parcels.Count - 1;
    }

    public void Seal(StepList list, OrderPaid paidEvent)
    {
        steps = list.ToEmissionOrder();
        paid = paidEvent;
        draft = null;
        foreach (var step in steps)
        {
            if (step.Kind == StepKind.Paid)
            {
                paidCopiesLeft++;
            }
        }
    }

    /// <summary>Moves the cursor past the step just emitted.</summary>
    public void Advance() => next++;

    /// <summary>
    /// The payment event, built at planning time because it carries the whole basket and address. The reference
    /// is dropped once its last delivery is out, so an order in flight does not keep it.
    /// </summary>
    public OrderPaid TakePaid()
    {
        var result = paid ?? throw new InvalidOperationException($"order {OrderId}: the payment event was already released");
        if (--paidCopiesLeft == 0)
        {
            paid = null;
        }

        return result;
    }

    public string EventId(int number) => EventId(OrderId, number);

    /// <summary>Event ids are the order number and the event's number within the order: unique, and readable in a replay.</summary>
    public static string EventId(string orderId, int number) => string.Create(CultureInfo.InvariantCulture, $"{orderId}-{number:D2}");
}
