using Luyue.Core.Scans;

namespace Luyue.Core.Engine;

/// <summary>
/// When an order next needs judging (<see cref="At"/>), and the milestones whose scan could put that time later
/// (<see cref="MovedBy"/>): those that are evidence for everything due then. A gap's end or a penalty's date is met by
/// no scan, so a time that one of them proposes is moved by none.
/// <para>
/// Why the engine wants the second half. It leaves a scan it calls inert unjudged, and the order's timer then still
/// fires at the wake it had (<c>ComplianceEngine.Inert</c>). When that scan was the very evidence the wake waited for,
/// the timer fires for nothing: the order is judged long after its state left the processor's caches, only to find
/// the deadline met and to set a later wake. That was most of the 1,000,000-order replay's timer judgements, about one
/// an order, each costing about three judgements made while the scan's order is at hand. Such a scan is judged at
/// once instead (docs/performance.md).
/// </para>
/// </summary>
internal struct Wake
{
    /// <summary>The time, or <see cref="RuleEvaluator.Never"/>.</summary>
    public long At;

    /// <summary>A bit per <see cref="Milestone"/> (1 &lt;&lt; its value): a scan of one of these may put <see cref="At"/> later.</summary>
    public ushort MovedBy;

    /// <summary>No time yet: any proposal is earlier.</summary>
    public static Wake Never => new() { At = RuleEvaluator.Never };

    /// <summary>Every milestone: any scan meets it.</summary>
    public const ushort AnyScan = (1 << ((int)Milestone.Transfer + 1)) - 1;

    /// <summary>
    /// Proposes a time and the milestones that would meet what falls due then; the earliest time wins. Two proposals of
    /// the same time move only with a scan that meets both.
    /// </summary>
    public void Propose(long at, ushort movedBy = 0)
    {
        if (at < At)
        {
            At = at;
            MovedBy = movedBy;
        }
        else if (at == At)
        {
            MovedBy &= movedBy;
        }
    }

    /// <summary>Whether a scan of <paramref name="milestone"/> may put the time of a wake with these bits later.</summary>
    public static bool Moves(ushort movedBy, Milestone milestone) => ((movedBy >> (int)milestone) & 1) != 0;
}
