using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Geography;
using Luyue.Core.Rules;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Core.Engine;

public sealed record EngineOptions
{
    /// <summary>
    /// How long a settled order (no timer pending) is kept after its last event, so that late evidence can still
    /// retract and reused numbers can still be recognised. Never shorter than the longest rule window.
    /// </summary>
    public Duration Retention { get; init; } = Duration.FromDays(30);

    /// <summary>
    /// Whether to leave each scan's classification on the scan object for another reader of the same object with the
    /// same vocabulary, which then does not classify it again: the store indicators beside the engine
    /// (<see cref="Indicators.IndicatorAccumulator"/>, in the server and <c>luyue indicators</c>). An object per scan,
    /// for nothing when the engine is the only reader (a replay), so off unless asked for.
    /// </summary>
    public bool ShareScanClassifications { get; init; }
}

/// <summary>What the engine did with one event.</summary>
public enum ApplyOutcome : byte { Applied, Duplicate, Ignored }

public sealed record EngineStats(long Events, long Duplicates, long Ignored, int OpenOrders, int OpenNumbers, int PendingTimers,
    IReadOnlyDictionary<FindingKind, long> Findings, Instant Clock);

/// <summary>
/// The compliance engine: applies fulfilment events and emits findings as the clock passes deadlines.
/// <para>
/// It never reads the system clock: the caller moves time forward with <see cref="AdvanceTo"/> (replay drives it
/// from event times, the server from its clock), and <see cref="Apply"/> moves it to the event's time when that is
/// later. Timers fire in deadline order. The orders an event changes are re-evaluated from their whole state and
/// only the difference is emitted: new findings, and <c>retracted</c> for violations that late evidence shows were
/// met.
/// </para>
/// <para>
/// The events of one instant are judged together: the re-evaluation they call for waits until the clock moves past
/// the instant (the next later event, <see cref="AdvanceTo"/>) or <see cref="Flush"/>, then runs in order-id order.
/// Judged one by one, a finding called for by one event (a refund's exemption) and undone by another of the same
/// second (an upload that links earlier evidence) was emitted or not depending on which arrived first. Call
/// <see cref="Flush"/> (or <see cref="AdvanceTo"/>) after the last event. Not thread-safe: one engine per partition of
/// orders.
/// </para>
/// </summary>
public sealed partial class ComplianceEngine
{
    private RuleBook rules;
    private readonly IFindingSink sink;
    private readonly long retention;
    private readonly OrderBook orders = new();
    private readonly NumberBook numbers = new();
    private readonly RecentKeys keys = new();
    private readonly ScanArena scanArena = new();
    private readonly FindingArena findingArena = new();
    private readonly ItemArena itemArena = new();
    private readonly List<CompactText> distinctItems = [];

    // The orders by when they were last active, which the daily sweep looks at instead of at every order (IdleBuckets).
    private readonly IdleBuckets<OrderState> idleOrders = new();
    private readonly List<OrderState> dueOrders = [];

    /// <summary>Payments and shipments that arrive as events are read through this view, as their lines are (<see cref="OrderLine.Of"/>).</summary>
    private readonly OrderLine eventLine = new();

    /// <summary>
    /// Every number that has no order (<see cref="TrackingState.AwaitsSweep"/>), and possibly some that gained one since,
    /// by when it was last active: only these can be forgotten, so the sweep looks at them instead of at every number,
    /// and only once they may be idle.
    /// </summary>
    private readonly IdleBuckets<TrackingState> orphans = new();
    private readonly List<TrackingState> dueNumbers = [];

    /// <summary>The orders a sweep forgets; kept across sweeps, as a list made anew grew to tens of thousands each day.</summary>
    private readonly List<OrderState> goneOrders = [];
    private readonly Dictionary<string, int> sites = new(StringComparer.Ordinal);
    private readonly List<string> siteNames = [""];

    /// <summary>
    /// Site ids by the identity of the site string, direct-mapped: the parser hands back one string for a site it has
    /// seen lately, so most scans find their site here without hashing and comparing the name (the table's lookup was
    /// 2.5 % of replay). Pairs of slots (see <see cref="SiteId"/>), 32,768 in all: with 1,024 slots one way, the
    /// 1,000,000-order stream's sites missed here 1,140,043 times in 8,343,250 (its table's lookups were 3.3 % of the
    /// replay); with these, 646,952 times, most of them for a site string the parser had just made (its cache missed).
    /// A slot found by the parser's hash also holds the hash's low half (<c>Tag</c>), by which such a new string of a
    /// site it holds is told with one comparison of names instead of the dictionary's look-up.
    /// </summary>
    private readonly (string? Site, int Id, uint Tag)[] recentSites = new (string?, int, uint)[32768];

    // Beside the orders and numbers, each let go as they are (the retention after its stamp, or with its order), so
    // that a long stream does not grow them: ids of events without an order (duplicates are told within the retention,
    // as for orders), filings by id, decisions waiting for their filing, and the penalty cap's ledger.
    private readonly ExpiringMap<ulong, bool> otherIds = new();
    private readonly Dictionary<string, OrderState> filings = new(StringComparer.Ordinal);
    private readonly ExpiringMap<(string Shop, ulong Buyer, LocalDate Day), decimal> capLedger = new();
    private readonly StoreLevel storeLevel = new();
    private readonly List<Finding> storeFindings = [];
    private readonly ExpiringMap<string, (long At, bool Approved)> pendingDecisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<AnnouncementWindow>> announcements = new(StringComparer.Ordinal);
    private readonly TimerQueue timers = new();
    private VocabularyMemo? memo;
    private readonly List<ExpectedFinding> expected = [];
    private readonly List<OrderState> affected = [];

    /// <summary>Orders changed by events of the current instant, not yet re-evaluated (<see cref="OrderState.Pending"/>).</summary>
    private readonly List<OrderState> pending = [];
    private readonly long[] findingCounts = new long[Enum.GetValues<FindingKind>().Length];
    private long now = long.MinValue;
    private long nextSweep = long.MinValue;

    /// <summary>
    /// The clock's last move made a sweep due (<see cref="Sweep"/>) that has not run yet: it runs before the engine next
    /// takes an event, moves its clock or shows an order, each of which so finds what it would have found had the sweep
    /// run at the move. A replay whose last step moves the clock (a stream's closing clock event, <c>--until</c>) does
    /// not pay for forgetting what the process lets go of anyway: the 1,000,000-order stream's closing clock event
    /// passes the retention of ~770,000 orders and as many numbers, and forgetting them took 1.4–2.2 of its ~23 CPU-s.
    /// </summary>
    private bool sweepDue;
    private long events, duplicates, ignored;
    private readonly bool shareScanClassifications;

    public ComplianceEngine(RuleBook rules, IFindingSink sink, EngineOptions? options = null)
    {
        this.rules = rules;
        this.sink = sink;
        var longestWindow = rules.Packs.SelectMany(p => p.Rules).Select(r => r.Window ?? Duration.Zero).DefaultIfEmpty(Duration.Zero).Max();
        retention = Duration.Max((options ?? new EngineOptions()).Retention, longestWindow).BclCompatibleTicks;
        shareScanClassifications = options?.ShareScanClassifications ?? false;
    }

    /// <summary>The engine's clock: the latest time it has been moved to.</summary>
    public Instant Clock => now == long.MinValue ? Instant.MinValue : Instant.FromUnixTimeTicks(now);

    /// <summary>
    /// What the engine has done and holds. The orders and numbers held include, right after a clock move, those its due
    /// sweep will let go when the engine next takes an event (<see cref="sweepDue"/>): reading them changes nothing.
    /// </summary>
    public EngineStats Stats => new(events, duplicates, ignored, orders.Count, numbers.Count, timers.Count,
        Enum.GetValues<FindingKind>().ToDictionary(k => k, k => findingCounts[(int)k]), Clock);

    /// <summary>Item-days the store level holds for strikes (still counting, or judged within the retention).</summary>
    internal int StoreItemDaysHeld => storeLevel.ItemDaysHeld;

    /// <summary>Entries held beside the orders and numbers: ids of events without an order, filings, waiting decisions, the cap's ledger.</summary>
    internal int KeptBesideOrders => otherIds.Count + filings.Count + pendingDecisions.Count + capLedger.Count;

    /// <summary>How many scans the engine holds for a number, or -1 when it holds no such number.</summary>
    internal int ScansHeld(string carrier, string tracking)
    {
        var code = Memo.Carrier(carrier);
        return numbers.TryGet(keys.Number(code, tracking), out var number) ? number.ScanCount : -1;
    }

    /// <summary>
    /// Switches to another rule book (a tenant uploaded a pack). Orders already paid keep the pack they were judged by;
    /// orders paid from now on take theirs from the new book (RULES §8: the version in force at payment).
    /// </summary>
    public void UseRules(RuleBook book) => rules = book;

    /// <summary>A snapshot of one order's state and trace, or null when the engine does not hold it.</summary>
    public OrderView? View(string orderId)
    {
        SweepIfDue();
        if (!orders.TryGet(StateKey.Order(orderId), out var order))
        {
            return null;
        }

        static Instant? At(long ticks) => ticks is 0 or long.MaxValue ? null : Instant.FromUnixTimeTicks(ticks);
        IReadOnlyList<ScanView> Scans(TrackingState number)
        {
            var list = new List<ScanView>(number.ScanCount);
            foreach (ref readonly var scan in number.ScanSpan)
            {
                list.Add(new ScanView(Instant.FromUnixTimeTicks(scan.At), scan.Milestone.ToText(), scan.Site == 0 ? null : siteNames[scan.Site],
                    scan.Province == 0 ? null : scan.Province.ToString("00", System.Globalization.CultureInfo.InvariantCulture),
                    scan.City == 0 ? null : scan.City.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return list;
        }

        var shipments = order.Shipments.ToArray().Select(s => new ShipmentView(s.Trace.Carrier, s.Trace.Tracking, Instant.FromUnixTimeTicks(s.UploadedAt), Scans(s.Trace),
            (s.Trace.Transfers ?? []).Select(t => new TransferView(Instant.FromUnixTimeTicks(t.At), t.Target.Carrier, t.Target.Tracking, Scans(t.Target))).ToList())).ToList();
        return new OrderView(order.Id, order.Paid, order.Paid ? order.Platform : null, order.Paid ? order.Shop : null, order.Amount,
            order.Paid ? Instant.FromUnixTimeTicks(order.PaidAt) : null, At(order.ShipBy), order.Pack?.Version, shipments,
            At(order.FullRefundAt), At(order.ClosedAt), At(order.NextWake));
    }

    /// <summary>
    /// Judges the events applied so far (<see cref="Flush"/>), then fires every timer due at or before
    /// <paramref name="time"/>, in deadline order.
    /// </summary>
    public void AdvanceTo(Instant time)
    {
        SweepIfDue();
        Flush();
        var target = time.ToUnixTimeTicks();
        if (target <= now)
        {
            return;
        }

        while (true)
        {
            timers.TryPeek(out var order, out var orderDue);
            var storeDue = storeLevel.NextDue;
            if (Math.Min(orderDue, storeDue) > target)
            {
                break;
            }

            if (storeDue < orderDue)
            {
                now = Math.Max(now, storeDue);
                storeLevel.FireDue(storeDue, storeFindings);
                EmitStoreFindings();
                continue;
            }

            // The order keeps its place in the queue while judged: its new wake, always later than now, moves it down
            // from the top in one pass, where taking it out first and adding it again cost two.
            now = Math.Max(now, orderDue);
            TimerJudgements++;
            Reevaluate(order);
        }

        now = target;
        if (now >= nextSweep)
        {
            sweepDue = true;
            nextSweep = now + TimeSpan.TicksPerDay;
        }
    }

    private void SweepIfDue()
    {
        if (sweepDue)
        {
            sweepDue = false;
            Sweep();
        }
    }

    /// <summary>
    /// Judges the orders changed by the events applied since the clock last moved, in order-id order, as of the clock.
    /// <see cref="Apply"/> leaves that to the next event of a later time; call this after the last one.
    /// </summary>
    public void Flush()
    {
        if (pending.Count == 0)
        {
            return;
        }

        if (pending.Count > 1)
        {
            SortById(pending);
        }

        foreach (var order in pending)
        {
            order.Pending = false;
            Reevaluate(order);
        }

        pending.Clear();
    }

    /// <summary>
    /// Order-id order. An instant changes a few orders (a third of the seconds of a generated stream have two to five
    /// events), where an insertion sort does without the general sort's setup and a delegate call per comparison.
    /// </summary>
    private static void SortById(List<OrderState> list)
    {
        if (list.Count > 16)
        {
            list.Sort(OrderState.CompareIds);
            return;
        }

        for (var i = 1; i < list.Count; i++)
        {
            var order = list[i];
            var j = i - 1;
            while (j >= 0 && OrderState.CompareIds(list[j], order) > 0)
            {
                list[j + 1] = list[j];
                j--;
            }

            list[j + 1] = order;
        }
    }

    /// <summary>
    /// Applies one event: the clock first moves to its time when that is later (judging the instant it leaves, then
    /// firing timers); the orders the event changes are judged with the rest of its instant (<see cref="Flush"/>).
    /// </summary>
    public ApplyOutcome Apply(FulfilmentEvent e)
    {
        var at = Enter(e.At, sweep: e is not ClockTick);
        var outcome = e switch
        {
            OrderPaid p => Paid(eventLine.Of(p, keys.Order(p.Order)), at),
            OrderShipped s => Shipped(eventLine.OfShipment(s.Id, s.At, s.Order, keys.Order(s.Order), s.Carrier, s.Tracking, s.Mode), at),
            TrackingChanged t => Shipped(eventLine.OfShipment(t.Id, t.At, t.Order, keys.Order(t.Order), t.Carrier, t.Tracking, OrderMode.Express), at),
            Scan s => ScanArrived(s, at),
            FilingDecided d => Decided(d, at),
            Announcement a => Announced(a, at),
            ClockTick => Ticked(e.Id),
            _ => OrderChange(e, at),
        };
        return Leave(outcome);
    }

    /// <summary><see cref="Apply(FulfilmentEvent)"/> for a line parsed into a view instead of an event.</summary>
    internal ApplyOutcome Apply(LineView line) => line switch
    {
        ScanLine s => Leave(ScanArrived(s, Enter(s.At))),
        OrderLine { IsShipment: true } o => Leave(Shipped(o, Enter(o.At))),
        OrderLine o => Leave(Paid(o, Enter(o.At))),
        _ => throw new ArgumentException($"not a line view the engine reads: {line.GetType().Name}", nameof(line)),
    };

    /// <summary>
    /// An event's start: the clock moves to its time when that is later, and a sweep due runs unless the event is a
    /// clock event (<paramref name="sweep"/> false, <see cref="Ticked"/>); returns the time in ticks.
    /// </summary>
    private long Enter(Instant time, bool sweep = true)
    {
        var at = time.ToUnixTimeTicks();
        if (at > now)
        {
            AdvanceTo(time);
        }

        if (sweep)
        {
            SweepIfDue();
        }

        affected.Clear();
        return at;
    }

    /// <summary>An event's end: counted, and the orders it changed wait to be judged with the rest of its instant.</summary>
    private ApplyOutcome Leave(ApplyOutcome outcome)
    {
        switch (outcome)
        {
            case ApplyOutcome.Duplicate:
                duplicates++;
                return outcome;
            case ApplyOutcome.Ignored:
                ignored++;
                return outcome;
        }

        events++;
        foreach (var order in affected)
        {
            if (!order.Pending)
            {
                order.Pending = true;
                pending.Add(order);

                // Judged when the clock next moves, as a rule at the next event: the judgement reads the whole record,
                // most of whose lines applying the event did not, so they are asked for now.
                order.PrefetchWhole();
            }
        }

        return outcome;
    }

    /// <summary>
    /// Refunds, closing, complaints and filings. Apart from <see cref="Apply"/> because their changes are lambdas that
    /// capture the event: a method holding such a lambda allocates its closure on every call, whatever the event.
    /// </summary>
    private ApplyOutcome OrderChange(FulfilmentEvent e, long at) => e switch
    {
        OrderRefunded r => OrderEvent(r.Id, r.Order, at, o => o.AddRefund(at, r.Amount)),
        OrderClosed c => OrderEvent(c.Id, c.Order, at, o => o.ClosedAt = Math.Min(o.ClosedAt, at)),
        Complaint c => OrderEvent(c.Id, c.Order, at, o =>
        {
            if (c.Upheld)
            {
                (o.Complaints ??= []).Add((at, c.Kind));
            }
        }),
        FilingSubmitted f => OrderEvent(f.Id, f.Order, at, o => Submitted(o, f, at)),
        _ => ApplyOutcome.Ignored,
    };

    private void Submitted(OrderState order, FilingSubmitted f, long at)
    {
        var filing = new FilingRecord(f.Filing, at, f.Reason, f.Evidence ?? f.Detail);
        if (pendingDecisions.Remove(f.Filing, out var decision))
        {
            (filing.DecidedAt, filing.Approved) = decision;
        }

        (order.Filings ??= []).Add(filing);
        filings[f.Filing] = order;
    }

    /// <summary>A decision finds its filing's order; one that arrives before its filing waits for it.</summary>
    private ApplyOutcome Decided(FilingDecided d, long at)
    {
        if (Other(d.Id) == ApplyOutcome.Duplicate)
        {
            return ApplyOutcome.Duplicate;
        }

        if (!filings.TryGetValue(d.Filing, out var order) || order.Filings?.Find(f => f.Id == d.Filing) is not { } filing)
        {
            pendingDecisions.Set(d.Filing, (at, d.Approved), now);
            return ApplyOutcome.Applied;
        }

        filing.DecidedAt = at;
        filing.Approved = d.Approved;
        Touch(order);
        affected.Add(order);
        return ApplyOutcome.Applied;
    }

    /// <summary>An announcement moves deadlines of every open order of its platform: all of them are re-judged.</summary>
    private ApplyOutcome Announced(Announcement a, long at)
    {
        if (Other(a.Id) == ApplyOutcome.Duplicate)
        {
            return ApplyOutcome.Duplicate;
        }

        var provinces = a.Provinces.Select(p => rules.Regions.FindProvince(p)?.Code).OfType<string>().Select(Code).ToHashSet();
        var window = new AnnouncementWindow(a.AnnouncementId, a.From.ToUnixTimeTicks(), a.To.ToUnixTimeTicks(), provinces,
            Duration.FromHours(a.ExtendHours).BclCompatibleTicks);
        var list = announcements.TryGetValue(a.Platform, out var existing) ? existing.Where(w => w.Id != window.Id).ToList() : [];
        list.Add(window);
        list.Sort(static (x, y) => x.From != y.From ? x.From.CompareTo(y.From) : string.CompareOrdinal(x.Id, y.Id));
        announcements[a.Platform] = list;
        foreach (var order in orders.Values)
        {
            if (order.Platform == a.Platform)
            {
                order.Announcements = list;
                affected.Add(order);
            }
        }

        return ApplyOutcome.Applied;
    }

    /// <summary>
    /// A clock event: it only moves the clock, and leaves the sweep its move made due to whatever comes next. Of what
    /// that sweep lets go, only the ids of events without an order are read here, so those go first: a clock event's
    /// id seen before the retention is told new, as it would be after the sweep.
    /// </summary>
    private ApplyOutcome Ticked(string? id)
    {
        if (sweepDue)
        {
            otherIds.Forget(now - retention);
        }

        return Other(id);
    }

    private ApplyOutcome Other(string? id) =>
        id is not null && !otherIds.TryAdd(StableHash.OfId(id), true, now) ? ApplyOutcome.Duplicate : ApplyOutcome.Applied;

    /// <summary>The memo of the book in use: a new book (<see cref="UseRules"/>) starts a new one.</summary>
    private VocabularyMemo Memo => memo is { } m && ReferenceEquals(m.Book, rules) ? m : memo = new VocabularyMemo(rules, shareScanClassifications);

    private OrderState OrderFor(string id) => OrderFor(keys.Order(id), id);

    /// <summary>An order line's order, found by the key computed when it was foreseen (or now).</summary>
    private OrderState OrderFor(OrderLine line)
    {
        // The id's characters only for a new order: a shipment's is held already, and found by the key.
        var key = line.OrderKey ??= line.OrderKeyNow();
        return orders.TryGet(key, out var order) ? order : orders.Add(key, line.Order);
    }

    /// <summary>The order of an id and its key, made (its id packed, not kept as a string) when new.</summary>
    private OrderState OrderFor(UInt128 key, ReadOnlySpan<char> id) => orders.TryGet(key, out var order) ? order : orders.Add(key, id);

    private TrackingState NumberFor(string carrier, string tracking)
    {
        var code = Memo.Carrier(carrier);
        return NumberFor(code, keys.Number(code, tracking), tracking);
    }

    /// <summary><see cref="NumberFor(string, string)"/> for a scan or shipment line.</summary>
    private TrackingState NumberFor(LineView s)
    {
        // The number's characters only for a new number: most scans find theirs by the key.
        var code = Memo.Carrier(s.Carrier);
        var key = NumberKey(s, code);
        return numbers.TryGet(key, out var number) ? number : NewNumber(key, code, s.Tracking);
    }

    /// <summary>The number of a carrier code and its key, made (its tracking number packed, not kept as a string) when new.</summary>
    private TrackingState NumberFor(string carrierCode, UInt128 key, ReadOnlySpan<char> tracking) =>
        numbers.TryGet(key, out var number) ? number : NewNumber(key, carrierCode, tracking);

    private TrackingState NewNumber(UInt128 key, string carrierCode, ReadOnlySpan<char> tracking)
    {
        var number = numbers.Add(key, carrierCode, tracking);
        Orphaned(number);
        return number;
    }

    private ApplyOutcome OrderEvent(string? id, string orderId, long at, Action<OrderState> change)
    {
        var order = OrderFor(orderId);
        if (id is not null && !order.Ids.Add(id))
        {
            return ApplyOutcome.Duplicate;
        }

        change(order);
        Touch(order);
        affected.Add(order);
        return ApplyOutcome.Applied;
    }

    /// <summary>A payment, from its line or from an <see cref="OrderPaid"/> read as one (<see cref="OrderLine.Of"/>).</summary>
    private ApplyOutcome Paid(OrderLine p, long at)
    {
        var order = OrderFor(p);
        if (p.HasId && !order.Ids.Add(p.IdHash))
        {
            return ApplyOutcome.Duplicate;
        }

        var regions = rules.Regions;
        order.Paid = true;
        order.Platform = p.Platform;
        order.Shop = p.Shop;
        order.Amount = p.Amount;
        order.ItemsAmount = ItemsAmount(p.Items);
        // Not "windows : []": typed by windows, that built an empty List for every order (and kept it while open).
        order.Announcements = announcements.TryGetValue(p.Platform, out var windows) ? windows : Array.Empty<AnnouncementWindow>();
        order.PaidAt = at;
        order.Pack = rules.PackFor(p.Platform, p.At);
        order.ShipBy = p.ShipBy?.ToUnixTimeTicks() ?? 0;
        order.DeliverBy = p.DeliverBy?.ToUnixTimeTicks() ?? 0;
        order.Mode = p.Mode;
        order.Promise = p.Promise;
        order.SelfHandled = p.SelfHandled;
        var (buyerProvince, abroad) = ProvinceOf(regions, p.Buyer);
        order.Abroad = abroad;
        order.BuyerProvince = buyerProvince?.Code is { } bc ? Code(bc) : 0;
        order.BuyerCity = CityCode(regions, p.Buyer.City ?? p.Buyer.Address, buyerProvince);
        order.SellerProvince = ProvinceOf(regions, p.Seller).Province?.Code is { } sc ? Code(sc) : 0;
        order.NameHash = p.Buyer.NameHash;
        order.PhoneHash = p.Buyer.PhoneHash;
        order.AddressHash = p.Buyer.PlaceHash;
        order.KeepItems(order.Pack is { Strikes.Count: > 0 } ? DistinctItems(p.Items) : [], itemArena);
        foreach (var shipment in order.Shipments)
        {
            storeLevel.Shipped(order, shipment.UploadedAt);
        }

        Touch(order);
        affected.Add(order);

        // Another order's reused-number judgement may depend on this order's recipient.
        foreach (var shipment in order.Shipments)
        {
            AddOrdersOf(shipment.Trace);
        }

        return ApplyOutcome.Applied;
    }

    private static decimal ItemsAmount(List<(string Item, decimal Amount)> items)
    {
        decimal sum = 0;
        foreach (var (_, amount) in items)
        {
            sum += amount;
        }

        return sum;
    }

    /// <summary>The item ids in order of first appearance, each once (as Distinct gave them), packed where they fit.</summary>
    /// <returns>A view of the engine's scratch list, valid until the next call.</returns>
    private ReadOnlySpan<CompactText> DistinctItems(List<(string Item, decimal Amount)> items)
    {
        var ids = distinctItems;
        ids.Clear();
        foreach (var (id, _) in items)
        {
            var item = new CompactText(id);
            if (!ids.Contains(item))
            {
                ids.Add(item);
            }
        }

        return CollectionsMarshal.AsSpan(ids);
    }

    private static (Province? Province, bool Abroad) ProvinceOf(ChinaRegions regions, LineParty party)
    {
        var country = party.Country;
        if (country is not ("CN" or "" or "HK" or "MO" or "TW"))
        {
            return (null, true);
        }

        var province = regions.FindProvince(country is "HK" or "MO" or "TW" ? country : party.Province)
                       ?? regions.ProvinceFromAddress(party.Address)
                       ?? regions.FindCity(party.City)?.Province;
        return (province, false);
    }

    private static int CityCode(ChinaRegions regions, string? text, Province? province) =>
        regions.FindCity(text, province)?.Code is { } code ? Code(code) : 0;

    private static int Code(string digits) => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A shipment or a changed tracking number, from its line or from an event read as one (<see cref="OrderLine.OfShipment"/>).</summary>
    private ApplyOutcome Shipped(OrderLine s, long at)
    {
        var order = OrderFor(s);
        if (s.HasId && !order.Ids.Add(s.IdHash))
        {
            return ApplyOutcome.Duplicate;
        }

        var number = NumberFor(s);
        number.AddOrder(order);
        number.LastActivity = now;
        order.AddShipment(new Shipment(number, at, s.Mode));
        if (order.Paid)
        {
            storeLevel.Shipped(order, at);
        }

        Touch(order);
        affected.Add(order);
        AddOrdersOf(number);
        return ApplyOutcome.Applied;
    }

    private ApplyOutcome ScanArrived(Scan s, long at)
    {
        var number = NumberFor(s.Carrier, s.Tracking);
        var id = StableHash.OfId(s.Id);
        if (number.HasScan(id))
        {
            return ApplyOutcome.Duplicate;
        }

        return ScanTaken(number, id, at, Memo.Classify(s), s.Province, s.City, s.Site, s.NewCarrier ?? s.Carrier, s.NewTracking);
    }

    /// <summary>The same as <see cref="ScanArrived(Scan, long)"/>, read from a scan line.</summary>
    private ApplyOutcome ScanArrived(ScanLine s, long at)
    {
        var number = NumberFor(s);
        var id = s.IdHash;
        if (number.HasScan(id))
        {
            return ApplyOutcome.Duplicate;
        }

        // A site the parser saw trimmed is its own name: its id is found first, so that classifying need not read it.
        var siteId = s.SiteTrimmed ? NamedSiteId(s.Site!, s.SiteHash) : 0;
        return ScanTaken(number, id, at, Memo.Classify(s, siteId), s.Province, s.City, s.Site, s.NewCarrier ?? s.Carrier, s.NewTracking, siteId);
    }

    /// <summary>A new scan of <paramref name="number"/>: recorded, with the transshipment it announces.</summary>
    /// <param name="siteId">The id of the line's own site when the caller found it already (a trimmed one), else 0.</param>
    private ApplyOutcome ScanTaken(
        TrackingState number, ulong id, long at, ScanClassification classified, string? provinceText, string? cityText, string? site,
        string newCarrier, string? newTracking, int siteId = 0)
    {
        var (province, city) = Memo.Places(provinceText, cityText ?? classified.City);
        var record = new ScanRecord
        {
            At = at,
            Id = id,
            Milestone = newTracking is not null ? Milestone.Transfer : classified.Milestone,
            // Any other site (an untrimmed one, or one the text named) is rare, and looked up by its name.
            Site = siteId > 0 ? siteId : SiteId(classified.Site ?? site),
            City = city,
            Province = province,
        };
        var placement = number.Take(record, scanArena);
        number.LastActivity = now;
        if (newTracking is not null)
        {
            var target = NumberFor(newCarrier, newTracking);
            (number.Transfers ??= []).Add(new TransferLink(at, target, record.Province));
            (target.Parents ??= []).Add(number);
            target.LastActivity = now;
        }
        else if (SkipInertScans && number.Order is { IsNone: false } order && !Awaited(order, record) && Inert(number, order, record, placement))
        {
            if (CheckInertScans)
            {
                CheckInert(order);
            }

            InertScans++;
            Touch(order);
            return ApplyOutcome.Applied;
        }

        AddOrdersOf(number);
        return ApplyOutcome.Applied;
    }

    /// <summary>
    /// Whether the scan may be the evidence the order's wake waits for (<see cref="Wake.MovedBy"/>). Then it is judged
    /// at once, inert or not, while its order is at hand: left unjudged, the order's timer would fire only to find the
    /// deadline met and set a later wake, with the order long out of the caches (docs/performance.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Awaited(OrderState order, in ScanRecord scan) => Wake.Moves(order.WakeMovedBy, scan.Milestone);

    /// <summary>Whether <see cref="Inert"/> scans are left unjudged (tests turn it off to compare).</summary>
    internal bool SkipInertScans { get; set; } = true;

    /// <summary>Tests: judges every order an inert scan left unjudged anyway, and throws if that found anything.</summary>
    internal bool CheckInertScans { get; set; }

    /// <summary>How many times an order was judged (by its events or its timer).</summary>
    internal long Judgements { get; private set; }

    /// <summary>How many of <see cref="Judgements"/> a timer called for.</summary>
    internal long TimerJudgements { get; private set; }

    /// <summary>How many scans were left unjudged as inert.</summary>
    internal long InertScans { get; private set; }

    /// <summary>
    /// Whether judging the order again after this scan would find nothing: no finding due by now that it has not
    /// emitted, none to retract, and no earlier wake. Then it is left as it is, and its timer still fires at the wake
    /// it had, where a full judgement sets the later one (unless the scan is what that wake waits for:
    /// <see cref="Awaited"/>). Most scans of a parcel in transit are such: judging each was
    /// most of what the engine spent on an order (docs/performance.md).
    /// <para>
    /// Why it is exact. The scan is the newest of its number (<paramref name="placement"/> is last, at the clock's own
    /// time), the number leads to one order and no other number (no transfers, no parents), and that order was judged
    /// at this time already (its timers up to now have fired; an order changed at this instant is judged with it
    /// anyway). A scan at now can then only be evidence at now, and every rule takes the earliest evidence
    /// (first pickup, first scan, first later scan, leaving the first hub): a deadline due by now was missed with it
    /// as without it, a warning due by now was due as before, and a deadline after now can only become met, which
    /// removes a wake. A gap's last scan moves to now, which moves its wake later. What else a scan feeds the rules is
    /// checked here, for the packs whose rules do it: the first pickup and the first out-for-delivery start clocks (a
    /// calendar deadline can fall before the scan), the first delivery scan with a city is judged against the buyer's
    /// city, and the first scan with a province is the route's origin when the seller's province is unknown. A repeat
    /// of a held scan changes nothing, and an unpaid order is not judged.
    /// </para>
    /// </summary>
    private bool Inert(TrackingState number, OrderState order, in ScanRecord scan, ScanPlacement placement)
    {
        if (number.HasLinks || order.Pending)
        {
            return false;
        }

        if (placement == ScanPlacement.Repeat)
        {
            return true;
        }

        if (placement != ScanPlacement.Last || scan.At != now || scan.Milestone == Milestone.Transfer)
        {
            return false;
        }

        if (order.Pack is not { } pack || !order.Paid)
        {
            return true; // an unpaid order is not judged at all
        }

        // What the order's pack makes of a scan beyond evidence (RuleEvaluator.ScanRoles): a pickup or an
        // out-for-delivery that starts a clock, a delivery city it compares, a province that is a route's origin.
        var roles = pack.ScanRoles;
        var delivered = scan.Milestone is Milestone.OutForDelivery or Milestone.Signed && scan.City != 0 && (roles & ScanRole.DeliveryCity) != 0;
        var needsPickup = scan.Milestone == Milestone.Pickup && (roles & ScanRole.PickupStarts) != 0;
        var needsOutForDelivery = scan.Milestone == Milestone.OutForDelivery && (roles & ScanRole.OutForDeliveryStarts) != 0;
        var needsProvince = scan.Province != 0 && order.SellerProvince == 0 && (roles & ScanRole.RouteOrigin) != 0;
        if (!(delivered || needsPickup || needsOutForDelivery || needsProvince))
        {
            return true;
        }

        // Each "first" the scan might be must already be held before it.
        var held = number.ScanSpan[..^1];
        foreach (ref readonly var earlier in held)
        {
            needsPickup &= earlier.Milestone != Milestone.Pickup;
            needsOutForDelivery &= earlier.Milestone != Milestone.OutForDelivery;
            delivered &= !(earlier.Milestone is Milestone.OutForDelivery or Milestone.Signed && earlier.City != 0);
            needsProvince &= earlier.Province == 0;
        }

        return !(delivered || needsPickup || needsOutForDelivery || needsProvince);
    }

    /// <summary>The check behind <see cref="CheckInertScans"/>: a full judgement as of now must agree with what was emitted.</summary>
    private void CheckInert(OrderState order)
    {
        var found = new List<ExpectedFinding>();
        var wake = Wake.Never;
        RuleEvaluator.Evaluate(order, now, found, ref wake);
        foreach (var e in found)
        {
            var emitted = false;
            for (var i = 0; i < order.EmittedCount; i++)
            {
                ref readonly var done = ref order.Emitted[i];
                emitted |= done.Active && done.Rule == e.Rule && done.Kind == e.Kind && done.Segment == e.Segment && done.At == e.At;
            }

            if (!emitted)
            {
                throw new InvalidOperationException($"inert scan on order {order.Id}: {e.Kind} of rule {e.Rule} at {e.At} was not emitted");
            }
        }

        for (var i = 0; i < order.EmittedCount; i++)
        {
            var done = order.Emitted[i];
            if (done.Active && done.Kind is FindingKind.Violation or FindingKind.Exempted or FindingKind.Penalty
                && !found.Exists(e => e.Rule == done.Rule && e.Kind == done.Kind && e.Segment == done.Segment && e.At == done.At))
            {
                throw new InvalidOperationException($"inert scan on order {order.Id}: {done.Kind} of rule {done.Rule} at {done.At} no longer holds");
            }
        }

        if (wake.At < order.NextWake)
        {
            throw new InvalidOperationException($"inert scan on order {order.Id}: wake {wake.At} before {order.NextWake}");
        }
    }

    /// <summary>The orders that judge this number: those that uploaded it, and those that reach it by transshipment.</summary>
    private void AddOrdersOf(TrackingState number, int depth = 0)
    {
        if (number.Order is { IsNone: false } first)
        {
            Affect(first);
        }

        if (number.MoreOrders is not null)
        {
            foreach (var order in number.MoreOrders)
            {
                Affect(order);
            }
        }

        if (number.Parents is not null && depth < 8)
        {
            foreach (var parent in number.Parents)
            {
                AddOrdersOf(parent, depth + 1);
            }
        }
    }

    private void Affect(OrderState order)
    {
        if (!affected.Contains(order))
        {
            affected.Add(order);
            Touch(order);
        }
    }

    private int SiteId(string? site) => string.IsNullOrEmpty(site) ? 0 : NamedSiteId(site, 0);

    /// <summary><see cref="SiteId"/> of a site known not to be empty, without reading its string when the slots know it.</summary>
    /// <param name="hash">The site's <see cref="ScanLine.SiteHash"/>, or 0 when not known.</param>
    private int NamedSiteId(string site, ulong hash)
    {
        // Two ways: a site looks in its pair of slots (one cache line), the one found last in the first. Direct-mapped,
        // most misses were for another site in the slot.
        var first = SiteSlot(site, hash);
        ref var recent = ref recentSites[first];
        if (ReferenceEquals(recent.Site, site))
        {
            return recent.Id;
        }

        ref var older = ref recentSites[first + 1];
        if (ReferenceEquals(older.Site, site))
        {
            (recent, older) = (older, recent);
            return recent.Id;
        }

        // Another string of a site the slots hold: the parser made it anew (its cache had lost the site), and hands it
        // out from now on, so the slot takes it. The names are compared, the hash only pointing at which.
        var tag = unchecked((uint)hash);
        if (hash != 0 && recent.Tag == tag && string.Equals(recent.Site, site, StringComparison.Ordinal))
        {
            recent.Site = site;
            return recent.Id;
        }

        if (hash != 0 && older.Tag == tag && string.Equals(older.Site, site, StringComparison.Ordinal))
        {
            older.Site = site;
            (recent, older) = (older, recent);
            return recent.Id;
        }

        if (!sites.TryGetValue(site, out var id))
        {
            id = sites.Count + 1;
            sites.Add(site, id);
            siteNames.Add(site);
        }

        older = recent;
        recent = (site, id, tag);
        return id;
    }

    /// <summary>
    /// The first of a site's pair of slots in <see cref="recentSites"/>: by the hash of its UTF-8 where the parser gave
    /// one, else by the string's identity. Either finds the same id (the slots only remember the dictionary's answers);
    /// the parser's spares reading the string's header, a wait on memory per scan (a site is one of thousands).
    /// </summary>
    private int SiteSlot(string site, ulong hash) =>
        (hash != 0 ? unchecked((int)(hash >> 32)) : RuntimeHelpers.GetHashCode(site)) & (recentSites.Length - 2);

    /// <summary>
    /// Fetches a scan line's site slots ahead (<see cref="Foresee(LineView)"/>) for a trimmed site, the one looked up by
    /// the parser's hash when the line is applied: the table is half a megabyte, larger than the caches nearest the
    /// processor, so a look-up waited on memory (2.8 % of the 1,000,000-order replay's samples).
    /// </summary>
    private void PrefetchSite(ScanLine line)
    {
        if (line.SiteTrimmed)
        {
            Prefetch.At(ref recentSites[SiteSlot(line.Site!, line.SiteHash)]);
        }
    }

    /// <summary>Re-judges one order as of the clock and emits the difference from what it emitted before.</summary>
    private void Reevaluate(OrderState order)
    {
        Judgements++;
        timers.PrefetchMove(order);
        expected.Clear();
        var wake = Wake.Never;
        RuleEvaluator.Evaluate(order, now, expected, ref wake);
        if (expected.Count > 1)
        {
            expected.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Rule != b.Rule ? a.Rule.CompareTo(b.Rule) : a.Kind.CompareTo(b.Kind));
        }

        // Read in place: an expected finding is some 140 bytes, which a foreach over the list copied each time.
        // Nothing emitting a finding judges an order, so the list stays as it is meanwhile.
        foreach (ref readonly var e in CollectionsMarshal.AsSpan(expected))
        {
            if (MarkEmitted(order, e))
            {
                EmitForOrder(order, Capped(order, ToFinding(order, e, e.Kind)));
            }
        }

        RetractWhatNoLongerHolds(order);

        order.WakeMovedBy = wake.MovedBy;
        if (wake.At != order.NextWake)
        {
            timers.Set(order, wake.At);
        }
    }

    /// <summary>Records an expected finding; false when it was already emitted and still stands.</summary>
    private bool MarkEmitted(OrderState order, in ExpectedFinding e)
    {
        for (var i = 0; i < order.EmittedCount; i++)
        {
            ref var done = ref order.Emitted[i];
            if (done.Rule == e.Rule && done.Kind == e.Kind && done.Segment == e.Segment && done.At == e.At)
            {
                if (done.Active)
                {
                    return false;
                }

                done.Active = true;
                done.Number = e.Number;
                return true;
            }
        }

        order.Remember(new EmittedFinding
        {
            Rule = (short)e.Rule, Kind = e.Kind, Segment = (short)e.Segment, At = e.At, Active = true, Amount = e.Amount, Number = e.Number,
        }, findingArena);
        return true;
    }

    private void RetractWhatNoLongerHolds(OrderState order)
    {
        for (var i = 0; i < order.EmittedCount; i++)
        {
            ref var done = ref order.Emitted[i];
            if (!done.Active || done.Kind is not (FindingKind.Violation or FindingKind.Exempted or FindingKind.Penalty))
            {
                continue;
            }

            var stillExpected = false;
            foreach (ref readonly var e in CollectionsMarshal.AsSpan(expected))
            {
                if (e.Rule == done.Rule && e.Kind == done.Kind && e.Segment == done.Segment && e.At == done.At)
                {
                    stillExpected = true;
                    break;
                }
            }

            if (stillExpected)
            {
                continue;
            }

            done.Active = false;
            var rule = order.Pack!.Rules[done.Rule];
            if (done.Kind == FindingKind.Penalty)
            {
                // Evidence that arrived after the penalty shows it should not have been taken: reverse and refund it.
                // Its deadline and start are the violation's, as the penalty's are (and a filing's revocation's): the
                // penalty fell due its rule's delay after that deadline, which is all the record keeps of it.
                var deadline = Instant.FromUnixTimeTicks(done.At - rule.Penalty!.Delay.BclCompatibleTicks);
                Emit(new Finding(FindingKind.Revoked, rule.Id, order.Id, Instant.FromUnixTimeTicks(now))
                {
                    Platform = order.Platform,
                    Shop = order.Shop,
                    PackVersion = order.Pack.Version,
                    Tracking = TrackingOf(done.Number),
                    Amount = done.Amount,
                    Deadline = deadline,
                    Start = deadline,
                    Reason = "late evidence: the penalty no longer applies; reversed and refunded",
                });
                continue;
            }

            var (reason, evidenceKind, evidenceAt) = RuleEvaluator.Explain(order, rule, done.Segment, done.At);
            var kind = evidenceKind == "announcement" ? FindingKind.Exempted : FindingKind.Retracted;
            EmitForOrder(order, new Finding(kind, rule.Id, order.Id, Instant.FromUnixTimeTicks(now))
            {
                Platform = order.Platform,
                Shop = order.Shop,
                PackVersion = order.Pack.Version,
                Tracking = TrackingOf(done.Number)
                           ?? (done.Segment >= 0 && done.Segment < order.Shipments.Count ? order.Shipments[done.Segment].Trace.Tracking : null),
                Deadline = Instant.FromUnixTimeTicks(done.At),
                Reason = reason,
                Evidence = evidenceKind is null ? null : new FindingEvidence(evidenceKind, Instant.FromUnixTimeTicks(evidenceAt)),
            });
        }
    }

    /// <summary>A finding's tracking number: none for an order-level finding.</summary>
    private static string? TrackingOf(TrackingState number) => number.IsNone ? null : number.Tracking;

    private Finding ToFinding(OrderState order, in ExpectedFinding e, FindingKind kind)
    {
        var rule = order.Pack!.Rules[e.Rule];
        return new Finding(kind, rule.Id, order.Id, Instant.FromUnixTimeTicks(e.At))
        {
            Platform = order.Platform,
            Shop = order.Shop,
            PackVersion = order.Pack.Version,
            Tracking = TrackingOf(e.Number),
            Start = Instant.FromUnixTimeTicks(e.Start),
            Deadline = Instant.FromUnixTimeTicks(e.Deadline),
            Reason = e.Reason,
            Evidence = e.EvidenceKind is null || e.EvidenceAt == RuleEvaluator.Never ? null
                : new FindingEvidence(e.EvidenceKind, Instant.FromUnixTimeTicks(e.EvidenceAt)),
            Occurrence = rule.Rejudge is null ? null : e.Occurrence,
            Amount = e.Amount,
            End = e.End == 0 ? null : Instant.FromUnixTimeTicks(e.End),
        };
    }

    /// <summary>
    /// Applies the pack's cap across orders (Tmall 2025: one buyer and one shop on one local day, 500 yuan in all).
    /// Penalties are charged in the order they fall due, so the last ones of a day are the ones cut.
    /// </summary>
    private Finding Capped(OrderState order, Finding finding)
    {
        if (finding.Kind != FindingKind.Penalty || finding.Amount is not { } amount || order.Pack?.PenaltyCap is not { } cap)
        {
            return finding;
        }

        var day = finding.At.InZone(order.Pack.Zone).Date;
        var key = (order.Shop, unchecked(order.NameHash ^ (order.PhoneHash * 31)), day);
        capLedger.TryGetValue(key, out var charged);
        var allowed = Math.Max(0, Math.Min(amount, cap.Amount - charged));
        capLedger.Set(key, charged + allowed, finding.At.ToUnixTimeTicks());
        return allowed == amount ? finding : finding with
        {
            Amount = allowed,
            Reason = $"{finding.Reason}; capped: {cap.Amount} yuan per buyer and shop per day, {charged} already charged on {day:yyyy-MM-dd}",
        };
    }

    /// <summary>Emits an order's finding and lets the store-level judgements see it (strike counts, sanctions).</summary>
    private void EmitForOrder(OrderState order, Finding finding)
    {
        Emit(finding);
        storeLevel.Observe(order, finding, storeFindings);
        EmitStoreFindings();
    }

    private void EmitStoreFindings()
    {
        foreach (var finding in storeFindings)
        {
            Emit(finding);
        }

        storeFindings.Clear();
    }

    private void Emit(Finding finding)
    {
        findingCounts[(int)finding.Kind]++;
        sink.Emit(finding);
    }

    /// <summary>
    /// Forgets settled orders (no timer pending) and numbers with no order once <see cref="EngineOptions.Retention"/>
    /// has passed on the engine's clock since they were last touched, and what is kept beside them once as old (the
    /// store level's judged item-days, ids of events without an order, waiting decisions, the cap's ledger): memory
    /// follows open orders, not the length of the stream. The clock, not event time, measures it, so that an order
    /// whose events arrive late is still kept.
    /// </summary>
    private void Sweep()
    {
        var horizon = now - retention;
        storeLevel.Forget(horizon);
        otherIds.Forget(horizon);
        pendingDecisions.Forget(horizon);
        capLedger.Forget(horizon);
        dueOrders.Clear();
        idleOrders.Due(horizon, dueOrders);
        goneOrders.Clear();
        foreach (var order in dueOrders)
        {
            if (order.LastActivity >= horizon)
            {
                idleOrders.File(order, order.LastActivity);
            }
            else if (order.NextWake != RuleEvaluator.Never)
            {
                // Idle but with a timer still to fire: looked at again by every sweep until it has none.
                idleOrders.File(order, horizon);
            }
            else
            {
                goneOrders.Add(order);
            }
        }

        // In the buckets' order, which follows from the events alone, as the table's slot order did before. (Sorting
        // them by id cost 2 % of the server's CPU: thousands of orders a day, each comparison a miss on two strings.)
        foreach (var order in goneOrders)
        {
            IdleBuckets<OrderState>.Forget(order);
            ForgetFilingsOf(order);
            foreach (var shipment in order.Shipments)
            {
                shipment.Trace.RemoveOrder(order);
                if (!shipment.Trace.HasOrders)
                {
                    Orphaned(shipment.Trace);
                }
            }

            storeLevel.Forgetting(order);
            order.Release(itemArena, findingArena);
            orders.Remove(order); // last: the record is cleared, and the handle no longer reads it
        }

        // Nothing reads the numbers in table order, so which are forgotten first does not matter; looking only at
        // numbers without an order, and at those only once idle, spares a visit to every open number each day.
        dueNumbers.Clear();
        orphans.Due(horizon, dueNumbers);
        foreach (var number in dueNumbers)
        {
            if (number.HasOrders)
            {
                // Filed again if it loses its orders.
                number.AwaitsSweep = false;
                IdleBuckets<TrackingState>.Forget(number);
            }
            else if (number.LastActivity >= horizon)
            {
                orphans.File(number, number.LastActivity);
            }
            else if (number.Parents is not null && number.Parents.Exists(p => p.HasOrders))
            {
                // A parent's order may still read its trace: looked at again by every sweep.
                orphans.File(number, horizon);
            }
            else
            {
                number.AwaitsSweep = false;
                IdleBuckets<TrackingState>.Forget(number);
                numbers.Forget(number, scanArena);
            }
        }
    }

    /// <summary>A forgotten order's filings are no longer found by id (a later decision for one waits, as for a filing not yet seen).</summary>
    private void ForgetFilingsOf(OrderState order)
    {
        // Most orders have no filing: `?? []` made them an empty list each, 3 bytes an event of the replay's garbage.
        if (order.Filings is not { } held)
        {
            return;
        }

        foreach (var filing in held)
        {
            if (filings.TryGetValue(filing.Id, out var holder) && holder == order)
            {
                filings.Remove(filing.Id);
            }
        }
    }

    /// <summary>The order was changed now: the sweep keeps it for the retention period from now.</summary>
    private void Touch(OrderState order)
    {
        order.LastActivity = now;

        // Filed once, by its first activity: a sweep that finds it there active since files it again by its last
        // activity (Sweep). Filing it anew on every day it was active left an entry per such day in the buckets, four
        // or five an order of the replay, held for the retention.
        if (order.Bucket == IdleBuckets<OrderState>.NotFiled)
        {
            idleOrders.File(order, now);
        }
    }

    private void Orphaned(TrackingState number)
    {
        if (!number.AwaitsSweep)
        {
            number.AwaitsSweep = true;
            orphans.File(number, number.LastActivity);
        }
    }
}
