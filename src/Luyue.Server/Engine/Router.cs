using Luyue.Core.Events;
using Luyue.Core.Rules;
using Luyue.Core.Scans;

namespace Luyue.Server.Engine;

/// <summary>
/// Decides which partition owns each event. Order events go to the partition of a hash of (tenant, order); a scan goes
/// where its number's order is, learnt from <c>order.shipped</c> / <c>order.tracking-changed</c> and from transfers; a
/// scan for a number no order has claimed yet is parked until one does. Deterministic: replaying the stored events
/// through a fresh router routes them the same way. Not thread-safe: the host calls it under its lock.
/// </summary>
public sealed class Router(int partitions, CarrierVocabulary carriers)
{
    // A number is usually claimed by one order; a reused number can be claimed by orders in several partitions, and
    // its scans then go to each of them.
    private readonly Dictionary<(string Tenant, string Carrier, string Tracking), List<int>> numbers = [];
    private readonly Dictionary<(string Tenant, string Carrier, string Tracking), List<FulfilmentEvent>> parked = [];
    private readonly Dictionary<(string Tenant, string Filing), int> filings = [];
    private readonly Dictionary<(string Tenant, string Filing), List<FulfilmentEvent>> parkedDecisions = [];

    public int Partitions { get; } = partitions;

    public int Parked => parked.Values.Sum(p => p.Count) + parkedDecisions.Values.Sum(p => p.Count);

    public int PartitionOf(string tenant, string order) =>
        (int)(Core.Storage.PartitionHash.Of(tenant, order) % (uint)Partitions);

    /// <summary>Routes one event: (partition, event) pairs to apply in order; announcements go to every partition.</summary>
    public IEnumerable<(int Partition, FulfilmentEvent Event)> Route(string tenant, FulfilmentEvent e)
    {
        switch (e)
        {
            case OrderShipped s:
                return Claim(tenant, s.Carrier, s.Tracking, PartitionOf(tenant, s.Order), e);
            case TrackingChanged t:
                return Claim(tenant, t.Carrier, t.Tracking, PartitionOf(tenant, t.Order), e);
            case Scan s:
                var key = Key(tenant, s.Carrier, s.Tracking);
                if (!numbers.TryGetValue(key, out var owners))
                {
                    (parked.TryGetValue(key, out var waiting) ? waiting : parked[key] = []).Add(e);
                    return [];
                }

                var routed = new List<(int, FulfilmentEvent)>();
                foreach (var holder in owners.ToArray())
                {
                    routed.Add((holder, e));
                    if (s.NewTracking is not null)
                    {
                        routed.AddRange(Claim(tenant, s.NewCarrier ?? s.Carrier, s.NewTracking, holder, null));
                    }
                }

                return routed;
            case FilingSubmitted f:
                var owner = PartitionOf(tenant, f.Order);
                filings[(tenant, f.Filing)] = owner;
                var released = new List<(int, FulfilmentEvent)> { (owner, e) };
                if (parkedDecisions.Remove((tenant, f.Filing), out var decisions))
                {
                    released.AddRange(decisions.Select(d => (owner, d)));
                }

                return released;
            case FilingDecided d:
                if (filings.TryGetValue((tenant, d.Filing), out var filingPartition))
                {
                    return [(filingPartition, e)];
                }

                (parkedDecisions.TryGetValue((tenant, d.Filing), out var list) ? list : parkedDecisions[(tenant, d.Filing)] = []).Add(e);
                return [];
            case Announcement or ClockTick:
                return Enumerable.Range(0, Partitions).Select(p => (p, e));
            case OrderPaid p:
                return [(PartitionOf(tenant, p.Order), e)];
            case OrderRefunded r:
                return [(PartitionOf(tenant, r.Order), e)];
            case OrderClosed c:
                return [(PartitionOf(tenant, c.Order), e)];
            case Complaint c:
                return [(PartitionOf(tenant, c.Order), e)];
            default:
                return [(0, e)];
        }
    }

    /// <summary>A number now belongs to a partition: the claiming event first, then the scans that waited for it.</summary>
    private List<(int, FulfilmentEvent)> Claim(string tenant, string carrier, string tracking, int partition, FulfilmentEvent? claiming)
    {
        var key = Key(tenant, carrier, tracking);
        if (!numbers.TryGetValue(key, out var owners))
        {
            numbers[key] = owners = [];
        }

        if (!owners.Contains(partition))
        {
            owners.Add(partition);
        }

        var routed = new List<(int, FulfilmentEvent)>();
        if (claiming is not null)
        {
            routed.Add((partition, claiming));
        }

        if (parked.Remove(key, out var waiting))
        {
            foreach (var scan in waiting)
            {
                routed.AddRange(Route(tenant, scan).Select(r => (r.Partition, r.Event)));
            }
        }

        return routed;
    }

    private (string, string, string) Key(string tenant, string carrier, string tracking) => (tenant, carriers.Normalize(carrier), tracking);
}
