using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Core.Indicators;

/// <summary>
/// The store indicators of RULES §2, kept as events stream by: per paid order, whether it was picked up strictly
/// before payment + 48 h, whether its parcel had a later scan strictly before pickup + 24 h, the hours from payment
/// to pickup, whether its trace stalled, and its standing violations; summed per store, carrier, pickup outlet or
/// Shanghai day when asked (<see cref="Report"/>).
/// <para>
/// Fed the same parsed events as the engine (<see cref="Apply"/>), classified by the same scan vocabulary, and the
/// engine's findings (<see cref="Emit"/>) for the violation counts. A check whose window is still open at the clock is
/// not counted yet: the rates are over decided checks only, so they do not swing with what has not happened. Like the
/// engine, it forgets an order's scans once nothing has touched it for the retention period (all its windows have
/// closed by then) and keeps only the order's few counts, so memory follows open orders, not the stream's length.
/// Not thread-safe: one caller at a time.
/// </para>
/// </summary>
public sealed class IndicatorAccumulator : IFindingSink
{
    private readonly RuleBook book;
    private readonly VocabularyMemo memo;
    private readonly long retention;
    private readonly StateTable<OrderFacts> orders = new();
    private readonly StateTable<NumberFacts> numbers = new();

    // What the daily sweep looks at: orders and numbers by when they were last active (IdleBuckets).
    private readonly IdleBuckets<OrderFacts> idleOrders = new();
    private readonly IdleBuckets<NumberFacts> idleNumbers = new();
    private readonly List<OrderFacts> dueOrders = [];
    private readonly List<NumberFacts> dueNumbers = [];
    private long now = long.MinValue;
    private long nextSweep = long.MinValue;

    public IndicatorAccumulator(RuleBook book, IndicatorSettings settings, EngineOptions? options = null)
    {
        this.book = book;
        Settings = settings;
        // Shared: in the server the accumulator often classifies a scan before the engine gets to it.
        memo = new VocabularyMemo(book, shareClassifications: true);
        var longest = Duration.Max(settings.PickupWindow, Duration.Max(settings.UpdateWindow, settings.StallWindow));
        retention = Duration.Max((options ?? new EngineOptions()).Retention, longest).BclCompatibleTicks;
    }

    public IndicatorSettings Settings { get; }

    /// <summary>The latest time seen: an event's time, or a time the caller moved the clock to.</summary>
    public Instant Clock => now == long.MinValue ? Instant.MinValue : Instant.FromUnixTimeTicks(now);

    /// <summary>Orders whose scans are still held (the rest are reduced to their counts).</summary>
    public int OpenOrders
    {
        get
        {
            var open = 0;
            foreach (var order in orders.Values)
            {
                open += order.Settled is null ? 1 : 0;
            }

            return open;
        }
    }

    /// <summary>Normalises a carrier code or name (中通, ZTO) as the engine does, for filters and imported ratings.</summary>
    public string NormalizeCarrier(string carrier) => book.Carriers.Normalize(carrier);

    /// <summary>Moves the clock forward: checks whose window ends at or before it are decided.</summary>
    public void AdvanceTo(Instant time)
    {
        var target = time.ToUnixTimeTicks();
        if (target <= now)
        {
            return;
        }

        now = target;
        if (now >= nextSweep)
        {
            Sweep();
            nextSweep = now + TimeSpan.TicksPerDay;
        }
    }

    /// <summary>Takes one event; the clock first moves to its time when that is later, as in the engine.</summary>
    public void Apply(FulfilmentEvent e)
    {
        AdvanceTo(e.At);
        var at = e.At.ToUnixTimeTicks();
        switch (e)
        {
            case OrderPaid p:
            {
                var order = OrderFor(p.Order);
                order.Paid = true;
                order.Platform = p.Platform;
                order.Shop = p.Shop;
                order.Amount = p.Amount;
                order.PaidAt = at;
                order.PaidMode = p.Mode;
                Touch(order);
                break;
            }

            case OrderShipped s:
                Shipped(s.Order, s.Carrier, s.Tracking, s.Mode, at);
                break;
            case TrackingChanged t:
                Shipped(t.Order, t.Carrier, t.Tracking, OrderMode.Express, at);
                break;
            case Scan s:
                Scanned(s, at);
                break;
            case OrderRefunded r:
            {
                var order = OrderFor(r.Order);
                if (r.Id is null || (order.RefundIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(r.Id))
                {
                    order.Refunds.Add((at, r.Amount));
                }

                Touch(order);
                break;
            }

            case OrderClosed c:
            {
                var order = OrderFor(c.Order);
                order.ClosedAt = Math.Min(order.ClosedAt, at);
                Touch(order);
                break;
            }
        }
    }

    /// <summary>
    /// Takes one of the engine's findings: a violation counts against its order until a retraction of the same rule
    /// and deadline takes it back (an exemption leaves it standing: no penalty, but the violation happened).
    /// </summary>
    public void Emit(Finding finding)
    {
        if (finding.Order is null || finding.Kind is not (FindingKind.Violation or FindingKind.Retracted))
        {
            return;
        }

        var order = OrderFor(finding.Order);
        var key = (finding.Rule, finding.Kind == FindingKind.Violation ? finding.At : finding.Deadline ?? finding.At);
        var change = finding.Kind == FindingKind.Violation
            ? (order.Violations ??= []).Add(key) ? 1 : 0
            : order.Violations?.Remove(key) == true ? -1 : 0;
        if (order.Settled is { } settled)
        {
            settled.Measures.Violations += change;
        }
    }

    private OrderFacts OrderFor(string id)
    {
        var key = StateKey.Order(id);
        if (!orders.TryGetValue(key, out var order))
        {
            order = new OrderFacts(key);
            orders.Add(key, order);
        }

        return order;
    }

    private NumberFacts NumberFor(string carrier, string tracking)
    {
        var normalized = memo.Carrier(carrier);
        var key = StateKey.Number(normalized, tracking);
        if (!numbers.TryGetValue(key, out var number))
        {
            number = new NumberFacts(key, normalized);
            numbers.Add(key, number);
        }

        Touch(number);
        return number;
    }

    /// <summary>
    /// Marks the order and its numbers active: the sweep keeps them for the retention period from now. (A scan marks
    /// only its number; the sweep counts it for the orders holding the number, <see cref="LastActive"/>.) Each is filed
    /// for the sweep once, at its first activity: a sweep that finds it active since files it again by its last
    /// activity (<see cref="Sweep"/>), as the engine's does. Filing it anew on every day it was active left an entry
    /// per such day in the buckets, held for the retention.
    /// </summary>
    private void Touch(OrderFacts order)
    {
        order.LastActivity = Math.Max(order.LastActivity, now);
        if (order.Settled is null && order.Bucket == IdleBuckets<OrderFacts>.NotFiled)
        {
            idleOrders.File(order, order.LastActivity);
        }

        foreach (var number in order.Numbers)
        {
            Touch(number);
        }
    }

    private void Touch(NumberFacts number)
    {
        number.LastActivity = Math.Max(number.LastActivity, now);
        if (number.Bucket == IdleBuckets<NumberFacts>.NotFiled)
        {
            idleNumbers.File(number, number.LastActivity);
        }
    }

    /// <summary>
    /// When the order was last active: its own events, and the scans of the numbers it holds. A scan of a number came
    /// after the number was uploaded for the order or, if before, is older than that upload, which touched the order.
    /// </summary>
    private static long LastActive(OrderFacts order)
    {
        var last = order.LastActivity;
        foreach (var number in order.Numbers)
        {
            last = Math.Max(last, number.LastScan);
        }

        return last;
    }

    private void Shipped(string orderId, string carrier, string tracking, OrderMode mode, long at)
    {
        var order = OrderFor(orderId);
        if (at >= order.LastUploadAt)
        {
            order.LastUploadAt = at;
            order.LastUploadMode = mode;
        }

        var number = NumberFor(carrier, tracking);
        if (!order.Numbers.Contains(number))
        {
            order.Numbers.Add(number);
            number.Orders.Add(order);
        }

        Touch(order);
    }

    private void Scanned(Scan s, long at)
    {
        var classified = memo.Classify(s);
        var number = NumberFor(s.Carrier, s.Tracking);
        var milestone = s.NewTracking is not null ? Milestone.Transfer : classified.Milestone;
        number.Insert(new ScanFact(at, milestone, classified.Site ?? s.Site));
        // A scan before its upload waits on the number; the orders already holding it are kept open by it (LastActive).
        number.LastScan = now;
    }

    /// <summary>The indicators as of the clock, for the orders <paramref name="query"/> selects.</summary>
    /// <param name="ratings">Imported outlet ratings: each outlet row shows its latest stars.</param>
    public IndicatorReport Report(IndicatorQuery query, IEnumerable<OutletRating>? ratings = null)
    {
        var latest = OutletRatingsCsv.Latest(ratings ?? []);
        var rows = new Dictionary<(string Key, string? Carrier), IndicatorMeasures>();
        foreach (var order in orders.Values)
        {
            if (Summarize(order) is not { } summary || !Selected(summary, query))
            {
                continue;
            }

            var key = query.By switch
            {
                IndicatorGrouping.Carrier => (summary.Carrier, (string?)null),
                IndicatorGrouping.Outlet => (summary.Outlet, summary.Carrier),
                IndicatorGrouping.Day => (summary.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null),
                _ => (summary.Shop, null),
            };

            // An order with nothing to group by here (never shipped: no carrier; no pickup scan naming a site: no
            // outlet) is left out of that grouping rather than put under an empty key.
            if (string.IsNullOrEmpty(key.Item1))
            {
                continue;
            }

            var measures = rows.GetValueOrDefault(key);
            measures.Add(summary.Measures);
            rows[key] = measures;
        }

        var items = rows
            .OrderBy(r => r.Key.Key, StringComparer.Ordinal).ThenBy(r => r.Key.Carrier, StringComparer.Ordinal)
            .Select(r => new IndicatorRow(r.Key.Key, r.Key.Carrier, r.Value,
                query.By == IndicatorGrouping.Outlet && latest.TryGetValue((r.Key.Carrier!, r.Key.Key), out var rating) ? rating.Stars : null))
            .ToList();
        return new IndicatorReport(query.By, Clock, Settings, items);
    }

    /// <summary>The outlets with the most standing violations (at least one), most first; ties by more shipments, then name.</summary>
    public IReadOnlyList<OutletRankingRow> Ranking(int top, IndicatorQuery? query = null, IEnumerable<OutletRating>? ratings = null)
    {
        var outlets = Report((query ?? new IndicatorQuery()) with { By = IndicatorGrouping.Outlet }, ratings);
        return outlets.Items
            .Where(r => r.Measures.Violations > 0)
            .OrderByDescending(r => r.Measures.Violations).ThenByDescending(r => r.Measures.Shipments)
            .ThenBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Carrier, StringComparer.Ordinal)
            .Take(top)
            .Select(r => new OutletRankingRow(r.Key, r.Carrier!, r.Measures.Violations, r.Measures.Shipments, r.Measures.PickupRate48h, r.Stars))
            .ToList();
    }

    private static bool Selected(OrderSummary summary, IndicatorQuery query) =>
        (query.Shop is null || summary.Shop == query.Shop)
        && (query.Platform is null || summary.Platform == query.Platform)
        && (query.Carrier is null || summary.Carrier == query.Carrier)
        && (query.From is not { } from || summary.PaidAt >= from.ToUnixTimeTicks())
        && (query.To is not { } to || summary.PaidAt < to.ToUnixTimeTicks());

    /// <summary>An order's keys and measures as of the clock; null for an order never paid (RULES: shares of paid orders).</summary>
    private OrderSummary? Summarize(OrderFacts order)
    {
        if (order.Settled is { } settled)
        {
            return settled;
        }

        if (!order.Paid)
        {
            return null;
        }

        var measures = new IndicatorMeasures { Violations = order.Violations?.Count ?? 0 };

        // The pickup: the earliest pickup scan on any number uploaded for the order; its outlet is the site it names.
        NumberFacts? pickedBy = null;
        var pickup = ScanFact.None;
        foreach (var number in order.Numbers)
        {
            foreach (var scan in number.Scans)
            {
                if (scan.Milestone == Milestone.Pickup && scan.At < pickup.At)
                {
                    pickup = scan;
                    pickedBy = number;
                }
            }
        }

        var pickupDeadline = order.PaidAt + Settings.PickupWindow.BclCompatibleTicks;
        var stopped = Math.Min(order.ClosedAt, order.FullRefundAt);
        if (order.NoLogistics && pickedBy is null)
        {
            // Shipped as "no logistics needed" (无需物流, CONTRACT mode none): there is no parcel to pick up.
        }
        else if (pickedBy is not null && pickup.At < pickupDeadline)
        {
            measures.Shipments = 1;
            measures.PickedUp48h = 1;
        }
        else if (now >= pickupDeadline && stopped >= pickupDeadline)
        {
            // Decided as a miss. An order closed or fully refunded before its deadline has no pickup to owe.
            measures.Shipments = 1;
        }

        if (pickedBy is not null)
        {
            measures.Pickups = 1;
            measures.PickupDelayTicks = pickup.At - order.PaidAt;
            UpdateCheck(pickedBy, pickup.At, ref measures);
            measures.Stalls = Stalled(pickedBy, pickup.At) ? 1 : 0;
        }

        var carrier = pickedBy?.Carrier ?? (order.Numbers.Count > 0 ? order.Numbers[0].Carrier : "");
        var day = Instant.FromUnixTimeTicks(order.PaidAt).InZone(Settings.Zone).Date;
        return new OrderSummary(order.Shop, order.Platform, carrier, pickup.Site ?? "", day, order.PaidAt) { Measures = measures };
    }

    /// <summary>RULES §2 / tmall.update-timeout: met by any scan after the pickup strictly before pickup + 24 h.</summary>
    private void UpdateCheck(NumberFacts number, long pickupAt, ref IndicatorMeasures measures)
    {
        var deadline = pickupAt + Settings.UpdateWindow.BclCompatibleTicks;
        foreach (var scan in number.Scans)
        {
            if (scan.At > pickupAt)
            {
                if (scan.At < deadline)
                {
                    measures.UpdatedChecks = 1;
                    measures.Updated24h = 1;
                    return;
                }

                break;
            }
        }

        measures.UpdatedChecks = now >= deadline ? 1 : 0;
    }

    /// <summary>
    /// A stall as 1688.fake-tracking.gap measures a gap: between pickup and the first out-for-delivery (or signing),
    /// two consecutive scans the stall window or more apart, or, live, the last scan that long before the clock.
    /// </summary>
    private bool Stalled(NumberFacts number, long pickupAt)
    {
        var window = Settings.StallWindow.BclCompatibleTicks;
        var previous = pickupAt;
        foreach (var scan in number.Scans)
        {
            if (scan.At <= previous)
            {
                continue;
            }

            if (scan.At >= previous + window)
            {
                return true;
            }

            if (scan.Milestone is Milestone.OutForDelivery or Milestone.Signed or Milestone.Returned)
            {
                return false;
            }

            previous = scan.At;
        }

        return now >= previous + window;
    }

    /// <summary>
    /// Reduces orders untouched for the retention period to their counts (every window has closed by then) and forgets
    /// numbers no open order holds, as the engine's sweep does.
    /// </summary>
    private void Sweep()
    {
        var horizon = now - retention;
        dueOrders.Clear();
        idleOrders.Due(horizon, dueOrders);
        foreach (var order in dueOrders)
        {
            if (LastActive(order) is var last && last >= horizon)
            {
                idleOrders.File(order, last);
                continue;
            }

            IdleBuckets<OrderFacts>.Forget(order);
            if (order.Paid)
            {
                order.Settled = Summarize(order);
                order.Refunds.Clear();
                order.RefundIds = null;
            }
            else
            {
                orders.Remove(order.Key);
            }

            foreach (var number in order.Numbers)
            {
                number.Orders.Remove(order);
            }

            order.Numbers.Clear();
        }

        // A number an open order holds was touched with it (Touch), so an old one belongs to no open order; one that
        // still has an order (uploaded for an order already settled) is looked at again by every sweep.
        dueNumbers.Clear();
        idleNumbers.Due(horizon, dueNumbers);
        foreach (var number in dueNumbers)
        {
            if (number.LastActivity >= horizon || number.Orders.Count > 0)
            {
                idleNumbers.File(number, Math.Max(number.LastActivity, horizon));
                continue;
            }

            IdleBuckets<NumberFacts>.Forget(number);
            numbers.Remove(number.Key);
        }
    }

    private readonly record struct ScanFact(long At, Milestone Milestone, string? Site)
    {
        public static readonly ScanFact None = new(long.MaxValue, Milestone.Unknown, null);
    }

    private sealed class NumberFacts(UInt128 key, string carrier) : IIdleFiled
    {
        public readonly UInt128 Key = key;
        public readonly string Carrier = carrier;
        public readonly List<ScanFact> Scans = [];
        public readonly List<OrderFacts> Orders = [];
        public long LastActivity;

        /// <summary>When the number's latest scan was taken (by the clock).</summary>
        public long LastScan = long.MinValue;

        public long Bucket { get; set; } = IdleBuckets<NumberFacts>.NotFiled;

        /// <summary>Keeps scans in event-time order; the same scan again (time, milestone, site) is a duplicate.</summary>
        public void Insert(ScanFact scan)
        {
            var i = Scans.Count;
            while (i > 0 && Scans[i - 1].At > scan.At)
            {
                i--;
            }

            for (var j = i - 1; j >= 0 && Scans[j].At == scan.At; j--)
            {
                if (Scans[j] == scan)
                {
                    return;
                }
            }

            Scans.Insert(i, scan);
        }
    }

    private sealed class OrderFacts(UInt128 key) : IIdleFiled
    {
        public readonly UInt128 Key = key;
        public bool Paid;
        public string Platform = "";
        public string Shop = "";
        public decimal Amount;
        public long PaidAt;
        public OrderMode PaidMode;
        public long LastUploadAt = long.MinValue;
        public OrderMode LastUploadMode;
        public long ClosedAt = long.MaxValue;
        public long LastActivity;
        public readonly List<NumberFacts> Numbers = [];
        public readonly List<(long At, decimal Amount)> Refunds = [];
        public HashSet<string>? RefundIds;
        public HashSet<(string Rule, Instant Deadline)>? Violations;

        /// <summary>Once swept: the order's keys and final counts; its scans are gone.</summary>
        public OrderSummary? Settled;

        public long Bucket { get; set; } = IdleBuckets<OrderFacts>.NotFiled;

        /// <summary>Paid, or last uploaded, as needing no logistics.</summary>
        public bool NoLogistics => PaidMode == OrderMode.None || (Numbers.Count > 0 && LastUploadMode == OrderMode.None);

        /// <summary>When the refunds first add up to the paid amount (RULES §1: a full refund stops the clocks).</summary>
        public long FullRefundAt
        {
            get
            {
                if (!Paid || Refunds.Count == 0)
                {
                    return long.MaxValue;
                }

                var total = 0m;
                foreach (var (at, amount) in Refunds.OrderBy(r => r.At))
                {
                    total += amount;
                    if (total >= Amount)
                    {
                        return at;
                    }
                }

                return long.MaxValue;
            }
        }
    }

    private sealed record OrderSummary(string Shop, string Platform, string Carrier, string Outlet, LocalDate Day, long PaidAt)
    {
        public IndicatorMeasures Measures;
    }
}
