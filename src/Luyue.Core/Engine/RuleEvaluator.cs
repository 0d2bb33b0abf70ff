using System.Runtime.CompilerServices;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Core.Engine;

/// <summary>A finding the rules call for, as of some clock; <see cref="Segment"/> is -1 for order-level rules.</summary>
internal struct ExpectedFinding
{
    public int Rule;
    public FindingKind Kind;
    public int Segment;
    public long At;
    public long Start;
    public long Deadline;
    public int Occurrence;
    public string? Reason;
    public string? EvidenceKind;
    public long EvidenceAt;
    public TrackingState Number;
    public decimal? Amount;
    public long End;
}

/// <summary>What a pack's rules read from a number's scans beyond evidence (the earliest scan of a kind meets a deadline).</summary>
[Flags]
internal enum ScanRole : byte
{
    None = 0,

    /// <summary>The first pickup starts a clock: a deadline from pickup, or a gap rule's first interval.</summary>
    PickupStarts = 1,

    /// <summary>The first out-for-delivery scan starts a clock.</summary>
    OutForDeliveryStarts = 2,

    /// <summary>The first delivery scan with a city is compared with the buyer's city.</summary>
    DeliveryCity = 4,

    /// <summary>The first scan with a province is a route standard's origin when the seller's province is unknown.</summary>
    RouteOrigin = 8,
}

/// <summary>
/// Computes, from an order's whole known state, every finding its rules call for up to a clock, and the next
/// time something could change. The engine emits the difference from what it already emitted; because the result
/// depends only on the state (never on the order events arrived in), the standing findings after any arrival order
/// equal those of an event-time-ordered replay. Pure: no I/O, no clock of its own.
/// </summary>
internal static class RuleEvaluator
{
    public const long Never = long.MaxValue;

    /// <summary>
    /// The whole chain (<see cref="WholeChain"/>) last built during the current <see cref="Evaluate"/>, and the number it
    /// starts from. Every rule that follows the whole journey asked for it again, and each copy cost about a kilobyte
    /// of garbage for every event of a transshipped parcel: a third of what the engine allocated on a generated stream.
    /// Valid only inside one evaluation, where the state does not change; per thread, because partitions of the server
    /// evaluate on their own threads.
    /// </summary>
    [ThreadStatic]
    private static TrackingState chainOf, chain;

    [ThreadStatic]
    private static bool evaluating;

    /// <summary>
    /// <see cref="WholeChain"/>'s work lists, kept between chains: made anew for each, they were about 37 MB of the
    /// 1,000,000-order replay's garbage (docs/performance.md). Per thread, as the chain is.
    /// </summary>
    [ThreadStatic]
    private static Stack<(TrackingState Number, int Depth)>? chainPending;

    [ThreadStatic]
    private static HashSet<TrackingState>? chainSeen;

    public static void Evaluate(OrderState order, long now, List<ExpectedFinding> output, ref Wake wake) =>
        Evaluate(in order.Record, now, output, ref wake);

    // The record itself from here on, read in place: through the handle, each read worked out the record's address
    // again, and an evaluation took 278 ns instead of 195 (micro benchmark, docs/performance.md).
    private static void Evaluate(in OrderRecord order, long now, List<ExpectedFinding> output, ref Wake wake)
    {
        if (!order.Paid || order.Pack is null)
        {
            return;
        }

        evaluating = true;
        try
        {
            EvaluateRules(order, now, output, ref wake);
        }
        finally
        {
            evaluating = false;
            chainOf = chain = default;
        }
    }

    private static void EvaluateRules(in OrderRecord order, long now, List<ExpectedFinding> output, ref Wake wake)
    {

        var pack = order.Pack!; // Evaluate checked it
        var stop = order.StopAt;
        // Indexed: a foreach over the interface allocated an enumerator on every re-evaluation.
        var rules = pack.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            switch (rule.Check)
            {
                case CheckKind.Deadline when rule.Start is StartAnchor.Paid or StartAnchor.Promise:
                    OrderDeadline(order, pack, rule, stop, now, output, ref wake);
                    break;
                case CheckKind.Deadline when rule.Start is StartAnchor.ShipBy or StartAnchor.DeliverBy:
                    AgreedDateDeadline(order, pack, rule, stop, now, output, ref wake);
                    break;
                case CheckKind.Deadline:
                    for (var s = 0; s < order.Shipments.Count; s++)
                    {
                        SegmentDeadline(order, pack, rule, s, SegmentEnd(order, s, stop), now, output, ref wake);
                    }

                    break;
                case CheckKind.Gap:
                    for (var s = 0; s < order.Shipments.Count; s++)
                    {
                        Gap(order, pack, rule, s, SegmentEnd(order, s, stop), now, output, ref wake);
                    }

                    break;
                case CheckKind.ReusedNumber:
                    for (var s = 0; s < order.Shipments.Count; s++)
                    {
                        ReusedNumber(order, rule, s, SegmentEnd(order, s, stop), now, output);
                    }

                    break;
                case CheckKind.AddressMismatch:
                    for (var s = 0; s < order.Shipments.Count; s++)
                    {
                        AddressMismatch(order, rule, s, SegmentEnd(order, s, stop), now, output);
                    }

                    break;
                case CheckKind.NoLogistics:
                    for (var s = 0; s < order.Shipments.Count; s++)
                    {
                        NoLogistics(order, rule, s, SegmentEnd(order, s, stop), now, output);
                    }

                    break;
                case CheckKind.Complaint:
                    Complaints(order, rule, now, output);
                    break;
            }
        }

        Consequences.Evaluate(order, pack, now, output, ref wake);
    }

    /// <summary>
    /// What a pack's rules read from scans beyond evidence, following the checks below: <see cref="Deadline"/> for
    /// the route origin, <see cref="SegmentDeadline"/> and <see cref="Gap"/> for the clocks scans start,
    /// <see cref="AddressMismatch"/> for the city. Worked out once a pack (<see cref="RulePack.ScanRoles"/>).
    /// </summary>
    public static ScanRole ScanRoles(IReadOnlyList<RuleDefinition> rules)
    {
        var roles = ScanRole.None;
        foreach (var rule in rules)
        {
            roles |= rule.Check switch
            {
                CheckKind.Deadline => (rule.Start switch
                {
                    StartAnchor.Pickup => ScanRole.PickupStarts,
                    StartAnchor.OutForDelivery => ScanRole.OutForDeliveryStarts,
                    _ => ScanRole.None,
                }) | (rule.Within is null && rule.Calendar is null ? ScanRole.RouteOrigin : ScanRole.None),
                CheckKind.Gap => ScanRole.PickupStarts,
                CheckKind.AddressMismatch => ScanRole.DeliveryCity,
                _ => ScanRole.None,
            };
        }

        return roles;
    }

    /// <summary>A shipment's timers run until the next number replaces it, or the order stops.</summary>
    private static long SegmentEnd(in OrderRecord order, int segment, long stop) =>
        segment + 1 < order.Shipments.Count ? Math.Min(stop, order.Shipments[segment + 1].UploadedAt) : stop;

    public static bool IsRemote(in OrderRecord order, RulePack pack) =>
        order.Abroad
        || (order.BuyerProvince != 0 && pack.RemoteProvinces.Contains(ProvinceCode(order.BuyerProvince)))
        || (order.SellerProvince != 0 && pack.RemoteProvinces.Contains(ProvinceCode(order.SellerProvince)));

    private static readonly string[] ProvinceCodes = Enumerable.Range(0, 100).Select(i => i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string ProvinceCode(int code) => ProvinceCodes[code];

    private static void OrderDeadline(in OrderRecord order, RulePack pack, RuleDefinition rule, long stop, long now,
        List<ExpectedFinding> output, ref Wake wake)
    {
        var start = rule.Start == StartAnchor.Promise ? PromisedShipTime(order, pack) : order.PaidAt;
        if (rule.AgreedShipDate == AgreedShipDate.Start && order.ShipBy > start)
        {
            start = order.ShipBy;
        }

        var deadline = rule.AgreedShipDate == AgreedShipDate.Deadline && order.ShipBy != 0 ? order.ShipBy : Deadline(order, pack, rule, start, default);
        var (metAt, metKind) = OrderEvidence(order, rule);
        Judge(order, pack, rule, -1, default, start, deadline, metAt, metKind, stop, now, output, ref wake, warnFrom: order.PaidAt);
    }

    /// <summary>
    /// A deadline counted from a date the order itself carries (shipBy, deliverBy); orders without that date are not
    /// judged by the rule, since there is nothing they were promised.
    /// </summary>
    private static void AgreedDateDeadline(in OrderRecord order, RulePack pack, RuleDefinition rule, long stop, long now,
        List<ExpectedFinding> output, ref Wake wake)
    {
        var start = rule.Start == StartAnchor.ShipBy ? order.ShipBy : order.DeliverBy;
        if (start == 0)
        {
            return;
        }

        var deadline = Deadline(order, pack, rule, start, default);
        var (metAt, metKind) = OrderEvidence(order, rule);
        Judge(order, pack, rule, -1, default, start, deadline, metAt, metKind, stop, now, output, ref wake, warnFrom: order.PaidAt);
    }

    private static void SegmentDeadline(in OrderRecord order, RulePack pack, RuleDefinition rule, int segment, long end, long now,
        List<ExpectedFinding> output, ref Wake wake)
    {
        var shipment = order.Shipments[segment];
        var (trace, transferAt) = Judged(order, rule, shipment.Trace);
        long start;
        switch (rule.Start)
        {
            case StartAnchor.Upload:
                start = shipment.UploadedAt;
                if (rule.AgreedShipDate == AgreedShipDate.Start && order.ShipBy > start)
                {
                    start = order.ShipBy;
                }

                break;
            case StartAnchor.Pickup:
                start = PickupAnchor(trace, transferAt);
                break;
            default:
                start = First(trace, Milestone.OutForDelivery, long.MinValue);
                break;
        }

        if (start == Never || start >= end)
        {
            return;
        }

        var deadline = Deadline(order, pack, rule, start, trace);
        var (metAt, metKind) = TraceEvidence(trace, rule.MetBy, start);
        Judge(order, pack, rule, segment, trace, start, deadline, metAt, metKind, end, now, output, ref wake);
    }

    /// <summary>
    /// The shared deadline judgement of RULES §1: met only by evidence strictly before the deadline; warnings before
    /// it; re-judging while unmet; nothing after the rule stops (refund, close, a new number).
    /// </summary>
    /// <param name="warnFrom">The earliest time a warning makes sense: the start, or payment for a promised ship time.</param>
    private static void Judge(in OrderRecord order, RulePack pack, RuleDefinition rule, int segment, TrackingState number,
        long start, long deadline, long metAt, string? metKind, long end, long now, List<ExpectedFinding> output, ref Wake wake,
        long? warnFrom = null)
    {
        var warnFloor = Math.Min(start, warnFrom ?? start);
        var exempt = rule.ExemptRemote && IsRemote(order, pack);
        var occurrences = rule.Rejudge?.Max ?? 1;
        var every = rule.Rejudge is { } r ? r.Every.BclCompatibleTicks : 0;
        for (var k = 0; k < occurrences; k++)
        {
            var scheduled = deadline + k * every;
            var due = Announced(order, scheduled);

            // A warning timed from the start moves with an announced extension of its deadline.
            var warnAt = k == 0 && rule.WarnAfterStart is { } after ? start + after.BclCompatibleTicks + (due - scheduled)
                : rule.WarnBeforeDeadline is { } before ? due - before.BclCompatibleTicks
                : Never;

            // A warning is judged by what was known at its own time: evidence or a stop strictly before it. Judging it
            // by evidence before the deadline made it depend on arrival order when it only became due with an event
            // later than its time (a number uploaded after an earlier pickup on it): a simultaneous later scan, arriving
            // before or after that upload, decided whether the warning was emitted, and warnings are never retracted.
            if (!exempt && warnAt != Never && warnAt < due && warnAt >= warnFloor && warnAt <= end && metAt >= warnAt)
            {
                if (warnAt > now)
                {
                    wake.Propose(warnAt, MetByScans(rule.MetBy));
                    return;
                }

                output.Add(new ExpectedFinding
                {
                    Rule = rule.Index, Kind = FindingKind.Warning, Segment = segment, At = warnAt, Start = start, Deadline = due,
                    Occurrence = k + 1, Number = number, Reason = "about to time out",
                });
            }

            if (metAt < due || due > end)
            {
                return;
            }

            if (due > now)
            {
                wake.Propose(due, MetByScans(rule.MetBy));
                return;
            }

            output.Add(new ExpectedFinding
            {
                Rule = rule.Index, Kind = exempt ? FindingKind.Exempted : FindingKind.Violation, Segment = segment, At = due,
                Start = start, Deadline = due, Occurrence = k + 1, Number = number,
                Reason = exempt ? "remote-region" : null,
                EvidenceKind = metKind, EvidenceAt = metAt,
            });
        }
    }

    /// <summary>
    /// A deadline moved by every announcement of the order's platform whose period contains it and whose provinces
    /// (none = all) include the buyer's or the seller's (RULES §7). Applied in order of the announcements' start.
    /// </summary>
    internal static long Announced(in OrderRecord order, long deadline)
    {
        foreach (var a in order.Announcements)
        {
            if (deadline >= a.From && deadline <= a.To
                && (a.Provinces.Count == 0 || a.Provinces.Contains(order.BuyerProvince) || a.Provinces.Contains(order.SellerProvince)))
            {
                deadline += a.Extend;
            }
        }

        return deadline;
    }

    internal static AnnouncementWindow? CoveringAnnouncement(in OrderRecord order, long deadline)
    {
        foreach (var a in order.Announcements)
        {
            if (deadline >= a.From && deadline <= a.To
                && (a.Provinces.Count == 0 || a.Provinces.Contains(order.BuyerProvince) || a.Provinces.Contains(order.SellerProvince)))
            {
                return a;
            }
        }

        return null;
    }

    private static long Deadline(in OrderRecord order, RulePack pack, RuleDefinition rule, long start, TrackingState trace)
    {
        if (rule.Within is { } within)
        {
            return start + within.BclCompatibleTicks;
        }

        if (rule.Calendar is { } calendar)
        {
            var local = Instant.FromUnixTimeTicks(start).InZone(pack.Zone).Date.PlusDays(calendar.DaysAfter).At(calendar.Time);
            return Lenient(local, pack.Zone);
        }

        var route = pack.RouteStandard!;
        var origin = order.SellerProvince != 0 ? order.SellerProvince : FirstProvince(trace);
        var days = route.DaysFor(origin == 0 ? null : ProvinceCode(origin),
            order.BuyerProvince == 0 ? null : ProvinceCode(order.BuyerProvince), IsRemote(order, pack));
        return start + (days + rule.RouteExtraDays!.Value) * TimeSpan.TicksPerDay;
    }

    /// <summary>
    /// <paramref name="local"/> in <paramref name="zone"/> (leniently, as NodaTime maps it), remembered: calendar
    /// deadlines fall on a few local times a day, and mapping one allocates (2.5 % of a replay's garbage). A pure
    /// function of its inputs, so a remembered answer is the answer. Per thread, as the server's partitions evaluate on
    /// their own.
    /// </summary>
    private static long Lenient(LocalDateTime local, DateTimeZone zone)
    {
        var table = lenientTimes ??= new (DateTimeZone?, LocalDateTime, long)[LenientSlots];
        ref var slot = ref table[local.GetHashCode() & (LenientSlots - 1)];
        if (!ReferenceEquals(slot.Zone, zone) || slot.Local != local)
        {
            slot = (zone, local, local.InZoneLeniently(zone).ToInstant().ToUnixTimeTicks());
        }

        return slot.Ticks;
    }

    private const int LenientSlots = 256;

    [ThreadStatic]
    private static (DateTimeZone? Zone, LocalDateTime Local, long Ticks)[]? lenientTimes;

    private static int FirstProvince(TrackingState trace)
    {
        if (trace.IsNone)
        {
            return 0;
        }

        foreach (ref readonly var scan in trace.ScanSpan)
        {
            if (scan.Province != 0)
            {
                return scan.Province;
            }
        }

        return 0;
    }

    /// <summary>Douyin's promised ship time P: the order's shipBy, else its promise mode, else the pack default after payment.</summary>
    internal static long PromisedShipTime(in OrderRecord order, RulePack pack)
    {
        if (order.ShipBy != 0)
        {
            return order.ShipBy;
        }

        var promise = pack.Promise;
        if (promise is null)
        {
            return order.PaidAt + Duration.FromHours(48).BclCompatibleTicks;
        }

        if (order.Promise is not null && promise.Modes.TryGetValue(order.Promise, out var mode))
        {
            if (mode.After is { } after)
            {
                return order.PaidAt + after.BclCompatibleTicks;
            }

            var paid = Instant.FromUnixTimeTicks(order.PaidAt).InZone(pack.Zone);
            var days = mode.DaysAfter + (mode.CutOff is { } cutOff && paid.TimeOfDay >= cutOff ? 1 : 0);
            return Lenient(paid.Date.PlusDays(days).At(mode.Time!.Value), pack.Zone);
        }

        return order.PaidAt + promise.Default.BclCompatibleTicks;
    }

    /// <summary>Evidence for order-level rules: any of the order's numbers counts.</summary>
    private static (long At, string? Kind) OrderEvidence(in OrderRecord order, RuleDefinition rule)
    {
        if (rule.MetBy == Evidence.Shipped)
        {
            return order.Shipments.Count > 0 ? (order.Shipments[0].UploadedAt, "shipped") : (Never, null);
        }

        var best = (At: Never, Kind: (string?)null);
        foreach (var shipment in order.Shipments)
        {
            var (trace, _) = Judged(order, rule, shipment.Trace);
            var found = TraceEvidence(trace, rule.MetBy, order.PaidAt);
            if (found.At < best.At)
            {
                best = found;
            }
        }

        return best;
    }

    private static (long At, string? Kind) TraceEvidence(TrackingState trace, Evidence metBy, long start)
    {
        var scans = trace.ScanSpan;
        switch (metBy)
        {
            case Evidence.Pickup:
                return Found(First(trace, Milestone.Pickup, long.MinValue), "pickup");
            case Evidence.Signed:
                return Found(First(trace, Milestone.Signed, long.MinValue), "signed");
            case Evidence.AnyScan:
                return scans.Length > 0 ? (scans[0].At, scans[0].Milestone.ToText()) : (Never, null);
            case Evidence.LaterScan:
                foreach (ref readonly var scan in scans)
                {
                    if (scan.At > start)
                    {
                        return (scan.At, scan.Milestone.ToText());
                    }
                }

                return (Never, null);
            case Evidence.LeftFirstHub:
                return LeftFirstHub(scans, start);
            default:
                return (Never, null);
        }
    }

    /// <summary>
    /// The milestones whose scan could meet a rule's evidence (<see cref="TraceEvidence"/>), as <see cref="Wake.MovedBy"/>
    /// bits: a deadline waiting for it may move when such a scan arrives. Leaving the first hub is over-counted (any hub
    /// scan, out for delivery, signed): a bit too many only judges a scan that did not need it.
    /// </summary>
    private static ushort MetByScans(Evidence metBy) => metBy switch
    {
        Evidence.Pickup => 1 << (int)Milestone.Pickup,
        Evidence.Signed => 1 << (int)Milestone.Signed,
        Evidence.AnyScan or Evidence.LaterScan => Wake.AnyScan,
        Evidence.LeftFirstHub => (1 << (int)Milestone.HubArrival) | (1 << (int)Milestone.HubDeparture)
                                 | (1 << (int)Milestone.OutForDelivery) | (1 << (int)Milestone.Signed),
        _ => 0, // shipped: an upload, not a scan
    };

    private static (long, string?) Found(long at, string kind) => at == Never ? (Never, null) : (at, kind);

    /// <summary>
    /// Evidence of leaving the first distribution centre after pickup: a departure from that hub, or any later-stage
    /// scan (another hub, out for delivery, signed). Until a first hub is reached, only later-stage scans count.
    /// </summary>
    private static (long At, string? Kind) LeftFirstHub(ReadOnlySpan<ScanRecord> scans, long start)
    {
        var firstHub = -1;
        foreach (ref readonly var scan in scans)
        {
            if (scan.At < start)
            {
                continue;
            }

            switch (scan.Milestone)
            {
                case Milestone.HubArrival when firstHub == -1:
                    firstHub = scan.Site;
                    break;
                case Milestone.HubArrival when scan.Site != firstHub:
                    return (scan.At, "hub-arrival");
                case Milestone.HubDeparture when firstHub == -1 || scan.Site == firstHub || scan.Site == 0:
                    return (scan.At, "hub-departure");
                case Milestone.OutForDelivery or Milestone.Signed:
                    return (scan.At, scan.Milestone.ToText());
            }
        }

        return (Never, null);
    }

    private static long First(TrackingState trace, Milestone milestone, long notBefore)
    {
        foreach (ref readonly var scan in trace.ScanSpan)
        {
            if (scan.Milestone == milestone && scan.At >= notBefore)
            {
                return scan.At;
            }
        }

        return Never;
    }

    /// <summary>
    /// The pickup that starts pickup-anchored clocks. On a number reached by transshipment the hand-over itself is
    /// the new carrier's pickup when its own trace shows none.
    /// </summary>
    private static long PickupAnchor(TrackingState trace, long transferAt)
    {
        var pickup = First(trace, Milestone.Pickup, long.MinValue);
        return pickup == Never && transferAt != Never ? transferAt : pickup;
    }

    /// <summary>
    /// The trace a rule judges: for transfer-adjusted rules (1688, Taobao Special) the newest number reached by
    /// hand-overs inside the origin province, following several transfers to the latest (RULES §1 "Transshipment").
    /// A hand-over whose province is unknown is followed: the articles' case is the in-province one.
    /// </summary>
    internal static (TrackingState Trace, long TransferAt) Judged(in OrderRecord order, RuleDefinition rule, TrackingState uploaded)
    {
        if (uploaded.Transfers is null)
        {
            return (uploaded, Never);
        }

        if (!rule.TransferAdjusted)
        {
            if (!evaluating)
            {
                return (WholeChain(uploaded), Never); // Explain: the state may have changed since the last evaluation
            }

            if (chainOf != uploaded)
            {
                chain = WholeChain(uploaded);
                chainOf = uploaded;
            }

            return (chain, Never);
        }

        var current = uploaded;
        var at = Never;
        for (var hops = 0; hops < 8 && current.Transfers is { Count: > 0 } transfers; hops++)
        {
            TransferLink? latest = null;
            foreach (var t in transfers)
            {
                var inOrigin = t.Province == 0 || order.SellerProvince == 0 || t.Province == order.SellerProvince;
                if (inOrigin && (latest is null || t.At > latest.Value.At
                                  || (t.At == latest.Value.At && TrackingState.CompareTracking(t.Target, latest.Value.Target) > 0)))
                {
                    latest = t;
                }
            }

            if (latest is null)
            {
                break;
            }

            current = latest.Value.Target;
            at = latest.Value.At;
        }

        return (current, at);
    }

    /// <summary>
    /// For rules that do not single out the newest number: the parcel's whole journey, the uploaded number's scans
    /// followed by those of every number it was handed over to (a delivery signed under the new number is a delivery).
    /// Built only for transshipped parcels, which are few.
    /// </summary>
    private static TrackingState WholeChain(TrackingState uploaded)
    {
        var chain = uploaded.Namesake();
        var pending = chainPending ??= new Stack<(TrackingState Number, int Depth)>();
        var seen = chainSeen ??= new HashSet<TrackingState>();
        pending.Clear();
        seen.Clear();
        pending.Push((uploaded, 0));
        while (pending.TryPop(out var item))
        {
            if (!seen.Add(item.Number))
            {
                continue;
            }

            foreach (ref readonly var scan in item.Number.ScanSpan)
            {
                chain.Insert(scan);
            }

            if (item.Number.Transfers is not null && item.Depth < 8)
            {
                foreach (var transfer in item.Number.Transfers)
                {
                    pending.Push((transfer.Target, item.Depth + 1));
                }
            }
        }

        return chain;
    }

    private static void Gap(in OrderRecord order, RulePack pack, RuleDefinition rule, int segment, long end, long now,
        List<ExpectedFinding> output, ref Wake wake)
    {
        var (trace, transferAt) = Judged(order, rule, order.Shipments[segment].Trace);
        var pickup = PickupAnchor(trace, transferAt);
        if (pickup == Never || pickup >= end)
        {
            return;
        }

        var window = rule.Window!.Value.BclCompatibleTicks;
        var previous = pickup;
        foreach (ref readonly var scan in trace.ScanSpan)
        {
            if (scan.At <= previous)
            {
                continue;
            }

            if (scan.At >= previous + window)
            {
                break;
            }

            if (scan.Milestone is Milestone.OutForDelivery or Milestone.Signed)
            {
                return;
            }

            previous = scan.At;
        }

        // Either a later scan came too late, or none has come yet: the gap's deadline is previous + window.
        var due = previous + window;
        if (due > end)
        {
            return;
        }

        if (due > now)
        {
            // Proposed as moved by no scan, though every scan moves a gap's end: judging each would cost more than its timer.
            wake.Propose(due);
            return;
        }

        var exempt = rule.ExemptRemote && IsRemote(order, pack);
        output.Add(new ExpectedFinding
        {
            Rule = rule.Index, Kind = exempt ? FindingKind.Exempted : FindingKind.Violation, Segment = segment, At = due,
            Start = previous, Deadline = due, Occurrence = 1, Number = trace,
            Reason = exempt ? "remote-region" : "no scan for the window after the last one",
            EvidenceKind = "last-scan", EvidenceAt = previous,
        });
    }

    private static void ReusedNumber(in OrderRecord order, RuleDefinition rule, int segment, long end, long now, List<ExpectedFinding> output)
    {
        var shipment = order.Shipments[segment];
        var trace = shipment.Trace;
        var more = trace.MoreOrders;
        if (more is null || shipment.UploadedAt > end || shipment.UploadedAt > now)
        {
            return;
        }

        var window = rule.Window!.Value.BclCompatibleTicks;
        var found = false;
        OrderState earlier = default;
        var earlierAt = Never;
        // The number's first order, then the others, indexed: an iterator was an allocation per judgement of such an order.
        for (var i = -1; i < more.Count; i++)
        {
            var other = i < 0 ? trace.Order : more[i];
            if (other.IsNone || Unsafe.AreSame(in other.Record, in order) || !other.Paid)
            {
                continue;
            }

            var otherAt = UploadOf(in other.Record, trace);
            var sameRecipient = other.NameHash == order.NameHash && other.PhoneHash == order.PhoneHash && other.AddressHash == order.AddressHash;
            if (otherAt < shipment.UploadedAt && shipment.UploadedAt - otherAt <= window && !sameRecipient
                && (!found || otherAt < earlierAt || (otherAt == earlierAt && OrderState.CompareIds(other, earlier) < 0)))
            {
                found = true;
                earlier = other;
                earlierAt = otherAt;
            }
        }

        if (found)
        {
            output.Add(new ExpectedFinding
            {
                Rule = rule.Index, Kind = FindingKind.Violation, Segment = segment, At = shipment.UploadedAt, Start = shipment.UploadedAt,
                Deadline = shipment.UploadedAt, Occurrence = 1, Number = trace,
                Reason = $"number used for order {earlier.Id} (another recipient) within the window",
                EvidenceKind = "shipped", EvidenceAt = earlierAt,
            });
        }
    }

    private static long UploadOf(in OrderRecord order, TrackingState trace)
    {
        foreach (var s in order.Shipments)
        {
            if (s.Trace == trace)
            {
                return s.UploadedAt;
            }
        }

        return Never;
    }

    private static void AddressMismatch(in OrderRecord order, RuleDefinition rule, int segment, long end, long now, List<ExpectedFinding> output)
    {
        if (order.BuyerCity == 0 || order.Abroad)
        {
            return;
        }

        var (trace, _) = Judged(order, rule, order.Shipments[segment].Trace);
        foreach (ref readonly var scan in trace.ScanSpan)
        {
            if (scan.Milestone is not (Milestone.OutForDelivery or Milestone.Signed) || scan.City == 0)
            {
                continue;
            }

            if (scan.City != order.BuyerCity && scan.At <= end && scan.At <= now)
            {
                output.Add(new ExpectedFinding
                {
                    Rule = rule.Index, Kind = FindingKind.Violation, Segment = segment, At = scan.At, Start = scan.At, Deadline = scan.At,
                    Occurrence = 1, Number = trace, Reason = "the trace is delivered to another city than the buyer's",
                    EvidenceKind = scan.Milestone.ToText(), EvidenceAt = scan.At,
                });
            }

            return;
        }
    }

    private static void NoLogistics(in OrderRecord order, RuleDefinition rule, int segment, long end, long now, List<ExpectedFinding> output)
    {
        var shipment = order.Shipments[segment];
        var noLogistics = shipment.Mode == Events.OrderMode.None || order.Mode == Events.OrderMode.None;
        if (!noLogistics || order.SelfHandled || shipment.UploadedAt > end || shipment.UploadedAt > now)
        {
            return;
        }

        output.Add(new ExpectedFinding
        {
            Rule = rule.Index, Kind = FindingKind.Violation, Segment = segment, At = shipment.UploadedAt, Start = shipment.UploadedAt,
            Deadline = shipment.UploadedAt, Occurrence = 1, Number = shipment.Trace,
            Reason = "shipped as no-logistics without agreed self-pickup or self-delivery; auto-confirm becomes 30 days",
            EvidenceKind = "shipped", EvidenceAt = shipment.UploadedAt,
        });
    }

    /// <summary>
    /// Why a violation no longer holds, for its <c>retracted</c> finding: the order stopped (refund, close) or the
    /// number was replaced before the deadline, or evidence that arrived late shows the rule was met.
    /// </summary>
    public static (string Reason, string? EvidenceKind, long EvidenceAt) Explain(OrderState order, RuleDefinition rule, int segment, long deadline) =>
        Explain(in order.Record, rule, segment, deadline);

    private static (string Reason, string? EvidenceKind, long EvidenceAt) Explain(in OrderRecord order, RuleDefinition rule, int segment, long deadline)
    {
        if (CoveringAnnouncement(order, deadline) is { } announcement)
        {
            return ($"announcement {announcement.Id} extended the deadline", "announcement", announcement.From);
        }

        var closedBefore = order.ClosedAt < deadline;
        var stop = order.StopAt;
        if (stop < deadline)
        {
            return closedBefore && order.ClosedAt == stop
                ? ("the order was closed before the deadline", "order.closed", stop)
                : ("the order was fully refunded before the deadline", "order.refunded", stop);
        }

        if (segment >= 0 && segment + 1 < order.Shipments.Count && order.Shipments[segment + 1].UploadedAt < deadline)
        {
            return ("the tracking number was replaced before the deadline", "order.tracking-changed", order.Shipments[segment + 1].UploadedAt);
        }

        if (rule.Check == CheckKind.Deadline)
        {
            var (at, kind) = segment < 0
                ? OrderEvidence(order, rule)
                : TraceEvidence(Judged(order, rule, order.Shipments[segment].Trace).Trace, rule.MetBy, long.MinValue);
            if (kind is not null && at < deadline)
            {
                return ("late evidence shows the rule was met before the deadline", kind, at);
            }
        }

        return ("late evidence shows the rule was met", null, 0);
    }

    private static void Complaints(in OrderRecord order, RuleDefinition rule, long now, List<ExpectedFinding> output)
    {
        if (order.Complaints is null)
        {
            return;
        }

        var n = 0;
        foreach (var (at, kind) in order.Complaints.OrderBy(c => c.At))
        {
            if (rule.ComplaintKinds.Contains(kind) && at <= now)
            {
                output.Add(new ExpectedFinding
                {
                    Rule = rule.Index, Kind = FindingKind.Violation, Segment = -1 - n, At = at, Start = at, Deadline = at,
                    Occurrence = ++n, Reason = $"consumer complaint '{kind}' upheld", EvidenceKind = "complaint", EvidenceAt = at,
                });
            }
        }
    }
}
