using Luyue.Core.Findings;
using Luyue.Core.Rules;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Core.Engine;

/// <summary>
/// Judgements above the single order: store strikes per item and day (RULES §3.4) and fraud shipping's withdrawal
/// restriction of the shop's balance (§3.2). Both are judged on the engine's clock at fixed times (the end of a local
/// day; the day after a restriction's minimum period), so they do not depend on the order events arrived in within a
/// day. Not thread-safe, like the engine that owns it.
/// </summary>
internal sealed class StoreLevel
{
    /// <summary>
    /// One item's orders on one local day: those shipped, and by strike those with a counted violation. Most item-days
    /// ship one order and find none, so the first order is held inline and the rest made only when needed (a set and a
    /// dictionary for every shipped order of a pack with strikes were most of what a shipment cost the collector).
    /// Orders are told apart by their keys in the engine's table (<see cref="OrderState.Key"/>), which the engine holds
    /// instead of id strings. The item-day is also what the queue judges at the day's end: one object an item-day, where
    /// a separate entry for the queue and a string to order it by were two more for the collector.
    /// </summary>
    private sealed class ItemDay(string shop, CompactText item, LocalDate day, RulePack pack) : Due
    {
        public readonly string Shop = shop;
        public readonly CompactText Item = item;
        public readonly LocalDate Day = day;
        public readonly RulePack Pack = pack;

        private UInt128? firstShipped;
        private HashSet<UInt128>? moreShipped;

        /// <summary>Orders with a violation counted by each strike, by strike id; null until the first.</summary>
        public Dictionary<string, HashSet<UInt128>>? Found;

        public int ShippedCount => (firstShipped is null ? 0 : 1) + (moreShipped?.Count ?? 0);

        public void Ship(UInt128 order)
        {
            if (firstShipped is null)
            {
                firstShipped = order;
            }
            else if (firstShipped != order)
            {
                (moreShipped ??= []).Add(order);
            }
        }
    }

    private sealed class Restriction(RuleDefinition rule, RulePack pack, long start)
    {
        public readonly RuleDefinition Rule = rule;
        public readonly RulePack Pack = pack;
        public readonly long Start = start;
        public long MinEnd = start;
        public readonly List<FraudOrder> FraudOrders = [];
    }

    /// <summary>
    /// A fraud order of a restriction, read while the engine holds it; once the engine forgets it (settled, idle for
    /// the retention), nothing more can resolve it, so when it was resolved is kept instead (<see cref="Forgetting"/>).
    /// </summary>
    private record struct FraudOrder(OrderState Order, long Since, long? ResolvedAt);

    private readonly Dictionary<(string Shop, CompactText Item, LocalDate Day), ItemDay> days = [];

    /// <summary>
    /// Item-days already judged, so that a late event does not judge one twice, stamped with their end so that
    /// <see cref="Forget"/> lets go of those past the engine's retention. Days ending at or before
    /// <see cref="forgottenThrough"/> count as judged, kept or not: memory follows the days still open, not the length
    /// of the stream.
    /// </summary>
    private readonly ExpiringMap<(string Shop, CompactText Item, LocalDate Day), bool> judged = new();
    private long forgottenThrough = long.MinValue;

    /// <summary>The last day <see cref="EndOf"/> was asked for, and its answer.</summary>
    private (LocalDate Day, DateTimeZone? Zone, long End) lastEnd;

    private readonly Dictionary<(string Shop, string Strike, int Year), int> yearCounts = [];
    private readonly Dictionary<string, Restriction> restrictions = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Due, (long At, string Shop, bool Day, CompactText Item)> queue = new(DueOrder.Instance);

    /// <summary>Something judged at a time: an item's day at its end (<see cref="ItemDay"/>), or a restriction.</summary>
    private abstract class Due;

    private sealed class RestrictionCheck(string shop) : Due
    {
        public readonly string Shop = shop;
    }

    /// <summary>Item-days counted or remembered as judged: what the store level holds for strikes.</summary>
    public int ItemDaysHeld => days.Count + judged.Count;

    /// <summary>The next time something here is due, or <see cref="RuleEvaluator.Never"/>.</summary>
    public long NextDue => queue.TryPeek(out _, out var at) ? at.At : RuleEvaluator.Never;

    /// <summary>An order of a pack with strikes was shipped: it counts towards its items' shipped orders that day.</summary>
    public void Shipped(OrderState order, long uploadedAt)
    {
        if (order.Pack is not { Strikes.Count: > 0 } pack || order.Items.IsEmpty)
        {
            return;
        }

        var day = LocalDay(pack, uploadedAt);
        var key = order.Key();
        foreach (var item in order.Items)
        {
            Day(order.Shop, item, day, pack)?.Ship(key);
        }
    }

    /// <summary>Sees every finding the engine emits for an order, to count strikes and start sanctions.</summary>
    public void Observe(OrderState order, Finding finding, List<Finding> emitted)
    {
        if (order.Pack is not { } pack)
        {
            return;
        }

        if (finding.Kind is FindingKind.Violation or FindingKind.Retracted && pack.Strikes.Count > 0 && !order.Items.IsEmpty)
        {
            var at = finding.Kind == FindingKind.Violation ? finding.At : finding.Deadline ?? finding.At;
            var day = LocalDay(pack, at.ToUnixTimeTicks());
            // Indexed, here and in JudgeDay: a foreach over the interface made an enumerator for every finding.
            var strikes = pack.Strikes;
            for (var i = 0; i < strikes.Count; i++)
            {
                var strike = strikes[i];
                if (!strike.Counts.Contains(finding.Rule))
                {
                    continue;
                }

                foreach (var item in order.Items)
                {
                    if (Day(order.Shop, item, day, pack) is not { } counts)
                    {
                        continue;
                    }

                    if (finding.Kind == FindingKind.Violation)
                    {
                        var found = counts.Found ??= new Dictionary<string, HashSet<UInt128>>(StringComparer.Ordinal);
                        if (!found.TryGetValue(strike.Id, out var orders))
                        {
                            found[strike.Id] = orders = [];
                        }

                        orders.Add(order.Key());
                    }
                    else if (counts.Found?.TryGetValue(strike.Id, out var orders) == true)
                    {
                        orders.Remove(order.Key());
                    }
                }
            }
        }

        if (finding.Kind == FindingKind.Violation && RuleOf(pack, finding.Rule) is { Sanctions.WithdrawalRestriction: { } period } rule)
        {
            Restrict(order, rule, finding.At.ToUnixTimeTicks(), period, pack, emitted);
        }
    }

    /// <summary>The pack's rule of that id: a search by a lambda made a closure for every finding.</summary>
    private static RuleDefinition? RuleOf(RulePack pack, string id)
    {
        var rules = pack.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Id == id)
            {
                return rules[i];
            }
        }

        return null;
    }

    /// <summary>Judges everything due at or before <paramref name="time"/>, in time order.</summary>
    public void FireDue(long time, List<Finding> emitted)
    {
        while (queue.TryPeek(out var due, out var at) && at.At <= time)
        {
            queue.Dequeue();
            switch (due)
            {
                case ItemDay d:
                    JudgeDay(d, at.At, emitted);
                    break;
                case RestrictionCheck r:
                    CheckRestriction(r.Shop, at.At, emitted);
                    break;
            }
        }
    }

    /// <summary>
    /// The counts of an item-day still to be judged, made on its first event; null for one judged already (a late
    /// event no longer changes a strike given or not), whose counts used to be made and then kept for nothing.
    /// </summary>
    private ItemDay? Day(string shop, CompactText item, LocalDate day, RulePack pack)
    {
        var key = (shop, item, day);
        if (!days.TryGetValue(key, out var counts))
        {
            var end = EndOf(day, pack.Zone);
            if (end <= forgottenThrough || judged.ContainsKey(key))
            {
                return null;
            }

            days[key] = counts = new ItemDay(shop, item, day, pack);
            queue.Enqueue(counts, (end, shop, true, item));
        }

        return counts;
    }

    /// <summary>
    /// The start of the local day after <paramref name="day"/>, remembered for the last day asked: the orders of a day
    /// ask for the same one, and mapping a local midnight into a zone allocates.
    /// </summary>
    private long EndOf(LocalDate day, DateTimeZone zone)
    {
        if (lastEnd.Day != day || !ReferenceEquals(lastEnd.Zone, zone))
        {
            lastEnd = (day, zone, day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant().ToUnixTimeTicks());
        }

        return lastEnd.End;
    }

    /// <summary>
    /// Drops the record of item-days that ended at or before <paramref name="horizon"/> (the engine's retention behind
    /// its clock): they stay judged, as every day ending by then does.
    /// </summary>
    public void Forget(long horizon)
    {
        judged.Forget(horizon);
        forgottenThrough = Math.Max(forgottenThrough, horizon);
    }

    /// <summary>At the end of an item's day: one strike per definition whose count and share are both reached.</summary>
    private void JudgeDay(ItemDay d, long at, List<Finding> emitted)
    {
        var key = (d.Shop, d.Item, d.Day);
        if (!days.Remove(key) || !judged.TryAdd(key, true, at))
        {
            return;
        }

        var shipped = d.ShippedCount;
        var strikes = d.Pack.Strikes;
        for (var i = 0; i < strikes.Count; i++)
        {
            var strike = strikes[i];
            var found = d.Found?.TryGetValue(strike.Id, out var orders) == true ? orders.Count : 0;
            if (found < strike.MinOrders || shipped == 0 || found < strike.MinShare * shipped)
            {
                continue;
            }

            var yearKey = (d.Shop, strike.Id, d.Day.Year);
            var year = yearCounts.GetValueOrDefault(yearKey) + 1;
            yearCounts[yearKey] = year;
            emitted.Add(new Finding(FindingKind.Strike, strike.Id, null, Instant.FromUnixTimeTicks(at))
            {
                Platform = d.Pack.Platform,
                Shop = d.Shop,
                PackVersion = d.Pack.Version,
                Item = d.Item.ToString(),
                Day = d.Day,
                Count = found,
                Shipped = shipped,
                YearCount = year,
                Reason = $"{strike.Title}: {found} orders ≥ {strike.MinOrders} and {(decimal)found / shipped:P1} ≥ {strike.MinShare:P0} of {shipped} shipped that day",
            });
        }
    }

    private void Restrict(OrderState order, RuleDefinition rule, long at, Duration period, RulePack pack, List<Finding> emitted)
    {
        if (!restrictions.TryGetValue(order.Shop, out var restriction))
        {
            restrictions[order.Shop] = restriction = new Restriction(rule, pack, at);
            emitted.Add(new Finding(FindingKind.Sanction, rule.Id, null, Instant.FromUnixTimeTicks(at))
            {
                Platform = pack.Platform,
                Shop = order.Shop,
                PackVersion = pack.Version,
                Start = Instant.FromUnixTimeTicks(at),
                End = Instant.FromUnixTimeTicks(LiftDay(pack, at + period.BclCompatibleTicks)),
                Reason = $"withdrawal restricted for at least {RulePackReader.FormatDuration(period)}; lifted the day after the period once every fraud order is resolved",
            });
        }

        restriction.FraudOrders.Add(new FraudOrder(order, at, null));
        var minEnd = at + period.BclCompatibleTicks;
        if (minEnd > restriction.MinEnd)
        {
            restriction.MinEnd = minEnd;
            queue.Enqueue(new RestrictionCheck(order.Shop), (LiftDay(pack, minEnd), order.Shop, false, default));
        }
    }

    /// <summary>Lifts a restriction at the start of the day after its period if every fraud order is resolved, else checks daily.</summary>
    private void CheckRestriction(string shop, long at, List<Finding> emitted)
    {
        if (!restrictions.TryGetValue(shop, out var restriction) || at < restriction.MinEnd)
        {
            return;
        }

        var pack = restriction.Pack;
        if (restriction.FraudOrders.Any(f => (f.ResolvedAt ?? ResolvedAt(f.Order, f.Since)) > at))
        {
            queue.Enqueue(new RestrictionCheck(shop), (LiftDay(pack, at), shop, false, default));
            return;
        }

        restrictions.Remove(shop);
        emitted.Add(new Finding(FindingKind.Sanction, restriction.Rule.Id, null, Instant.FromUnixTimeTicks(at))
        {
            Platform = pack.Platform,
            Shop = shop,
            PackVersion = pack.Version,
            Start = Instant.FromUnixTimeTicks(restriction.Start),
            End = Instant.FromUnixTimeTicks(at),
            Reason = $"withdrawal restriction lifted: the period has ended and all {restriction.FraudOrders.Count} fraud order(s) are resolved",
        });
    }

    /// <summary>The engine forgets an order: a restriction it is a fraud order of keeps when it was resolved.</summary>
    public void Forgetting(OrderState order)
    {
        if (!restrictions.TryGetValue(order.Shop, out var restriction))
        {
            return;
        }

        var fraud = restriction.FraudOrders;
        for (var i = 0; i < fraud.Count; i++)
        {
            if (fraud[i].Order == order)
            {
                fraud[i] = fraud[i] with { ResolvedAt = ResolvedAt(order, fraud[i].Since) };
            }
        }
    }

    /// <summary>A fraud order is resolved once refunded in full, closed, or delivered (signed) after the complaint.</summary>
    private static long ResolvedAt(OrderState order, long since)
    {
        var resolved = Math.Min(order.FullRefundAt, order.ClosedAt);
        foreach (var shipment in order.Shipments)
        {
            foreach (ref readonly var scan in shipment.Trace.ScanSpan)
            {
                if (scan.Milestone == Milestone.Signed && scan.At >= since)
                {
                    resolved = Math.Min(resolved, scan.At);
                    break;
                }
            }
        }

        return resolved;
    }

    private static LocalDate LocalDay(RulePack pack, long ticks) => Instant.FromUnixTimeTicks(ticks).InZone(pack.Zone).Date;

    /// <summary>The start of the local day after <paramref name="ticks"/>.</summary>
    private static long LiftDay(RulePack pack, long ticks) =>
        LocalDay(pack, ticks).PlusDays(1).AtStartOfDayInZone(pack.Zone).ToInstant().ToUnixTimeTicks();

    /// <summary>
    /// By time, then shop, then a shop's restriction before its item-days, then item: the order the key texts "shop" and
    /// "shop U+0001 item" gave.
    /// </summary>
    private sealed class DueOrder : IComparer<(long At, string Shop, bool Day, CompactText Item)>
    {
        public static readonly DueOrder Instance = new();

        public int Compare((long At, string Shop, bool Day, CompactText Item) x, (long At, string Shop, bool Day, CompactText Item) y)
        {
            if (x.At != y.At)
            {
                return x.At.CompareTo(y.At);
            }

            var shops = string.CompareOrdinal(x.Shop, y.Shop);
            return shops != 0 ? shops : x.Day != y.Day ? x.Day.CompareTo(y.Day) : CompactText.Compare(x.Item, y.Item);
        }
    }
}
