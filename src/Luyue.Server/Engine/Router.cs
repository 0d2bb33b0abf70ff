using Luyue.Core.Events;
using Luyue.Core.Rules;
using Luyue.Core.Scans;

namespace Luyue.Server.Engine;

/// <summary>
/// Decides which partition owns each event. Order events go to the partition of a hash of (tenant, order); a scan goes
/// where its number's order is, learnt from <c>order.shipped</c> / <c>order.tracking-changed</c> and from transfers; a
/// scan for a number no order has claimed yet is parked until one does. With one partition (the default) every event
/// simply goes to it. Deterministic: replaying the stored events through a fresh router routes them the same way. Not
/// thread-safe: the host calls it under its lock.
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

    /// <summary>
    /// Routes one event: appends to <paramref name="routed"/> the (partition, event) pairs to apply, in order;
    /// announcements go to every partition. (Appending to the caller's list, rather than returning a sequence per
    /// event, leaves nothing for the GC: routing runs under the host's lock for every acknowledged event.)
    /// </summary>
    public void Route(string tenant, FulfilmentEvent e, List<(int Partition, FulfilmentEvent Event)> routed)
    {
        if (Partitions == 1)
        {
            // One partition owns every order: there is nothing to learn. Parking a scan until its number is claimed
            // would only change the order the engine sees events in, which changes none of its findings (it judges
            // any arrival order alike, as replay does); and the bookkeeping, an entry for every number ever shipped,
            // cost 3.4 % of the server's CPU under full ingestion (docs/performance.md).
            routed.Add((0, e));
            return;
        }

        switch (e)
        {
            case OrderShipped s:
                Claim(tenant, s.Carrier, s.Tracking, PartitionOf(tenant, s.Order), e, routed);
                break;
            case TrackingChanged t:
                Claim(tenant, t.Carrier, t.Tracking, PartitionOf(tenant, t.Order), e, routed);
                break;
            case Scan s:
                var key = Key(tenant, s.Carrier, s.Tracking);
                if (!numbers.TryGetValue(key, out var owners))
                {
                    (parked.TryGetValue(key, out var waiting) ? waiting : parked[key] = []).Add(e);
                    break;
                }

                // The owners as they are now: a transfer claims its new number here, which may be this one again
                // (a list that only grows, so its first `count` entries are the owners of now).
                var count = owners.Count;
                for (var i = 0; i < count; i++)
                {
                    var holder = owners[i];
                    routed.Add((holder, e));
                    if (s.NewTracking is not null)
                    {
                        Claim(tenant, s.NewCarrier ?? s.Carrier, s.NewTracking, holder, null, routed);
                    }
                }

                break;
            case FilingSubmitted f:
                var owner = PartitionOf(tenant, f.Order);
                filings[(tenant, f.Filing)] = owner;
                routed.Add((owner, e));
                if (parkedDecisions.Remove((tenant, f.Filing), out var decisions))
                {
                    foreach (var decision in decisions)
                    {
                        routed.Add((owner, decision));
                    }
                }

                break;
            case FilingDecided d:
                if (filings.TryGetValue((tenant, d.Filing), out var filingPartition))
                {
                    routed.Add((filingPartition, e));
                    break;
                }

                (parkedDecisions.TryGetValue((tenant, d.Filing), out var list) ? list : parkedDecisions[(tenant, d.Filing)] = []).Add(e);
                break;
            case Announcement or ClockTick:
                for (var p = 0; p < Partitions; p++)
                {
                    routed.Add((p, e));
                }

                break;
            case OrderPaid p:
                routed.Add((PartitionOf(tenant, p.Order), e));
                break;
            case OrderRefunded r:
                routed.Add((PartitionOf(tenant, r.Order), e));
                break;
            case OrderClosed c:
                routed.Add((PartitionOf(tenant, c.Order), e));
                break;
            case Complaint c:
                routed.Add((PartitionOf(tenant, c.Order), e));
                break;
            default:
                routed.Add((0, e));
                break;
        }
    }

    /// <summary>A number now belongs to a partition: the claiming event first, then the scans that waited for it.</summary>
    private void Claim(string tenant, string carrier, string tracking, int partition, FulfilmentEvent? claiming,
        List<(int Partition, FulfilmentEvent Event)> routed)
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

        if (claiming is not null)
        {
            routed.Add((partition, claiming));
        }

        if (parked.Remove(key, out var waiting))
        {
            foreach (var scan in waiting)
            {
                Route(tenant, scan, routed);
            }
        }
    }

    private (string, string, string) Key(string tenant, string carrier, string tracking) => (tenant, carriers.Normalize(carrier), tracking);
}
