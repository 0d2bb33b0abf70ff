using Luyue.Core.Findings;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Whether an open finding is about to time out (即将超时) or has (已超时).</summary>
public enum OpenState : byte { Soon, Overdue }

/// <summary>One open finding: the warning or the standing violation that represents it on the monitor.</summary>
public sealed record OpenFinding(Finding Finding, OpenState State, string Monitor);

/// <summary>
/// What the monitor shows from a tenant's findings at a moment: warnings whose deadline has not passed and that no
/// violation, exemption or retraction has judged yet (about to time out), and violations neither retracted nor exempted
/// since (overdue). A finding is identified by (rule, order, deadline): the warning, violation and its later exemption
/// of one deadline share it.
/// </summary>
public static class OpenFindings
{
    public static List<OpenFinding> At(IEnumerable<Finding> findings, Instant now)
    {
        var all = findings.OrderBy(f => f.At).ToList();
        var standing = new Dictionary<(string Rule, string? Order, Instant? Deadline), Finding>();
        foreach (var f in all)
        {
            switch (f.Kind)
            {
                case FindingKind.Violation:
                    standing[(f.Rule, f.Order, f.Deadline)] = f;
                    break;
                case FindingKind.Retracted or FindingKind.Exempted:
                    standing.Remove((f.Rule, f.Order, f.Deadline));
                    break;
            }
        }

        var judged = all.Where(f => f.Kind is FindingKind.Violation or FindingKind.Exempted or FindingKind.Retracted)
            .Select(f => (f.Rule, f.Order, f.Deadline)).ToHashSet();
        var soon = all.Where(f => f.Kind == FindingKind.Warning && f.Deadline > now && !judged.Contains((f.Rule, f.Order, f.Deadline)))
            .Select(f => new OpenFinding(f, OpenState.Soon, MonitorTypes.Of(f.Rule)));
        return [.. soon, .. standing.Values.Select(f => new OpenFinding(f, OpenState.Overdue, MonitorTypes.Of(f.Rule)))];
    }
}

/// <summary>
/// The monitors of the workbench, after the platforms' own (Tmall 包裹监控: 发货, 揽收, 物流更新, 派送, 线路, 虚假签收),
/// and one per other platform, whose rules the merchant watches together. A grouping of rule ids for display, not a
/// rule: the numbers stay in the packs.
/// </summary>
public static class MonitorTypes
{
    /// <summary>Every monitor, in the order the overview shows them.</summary>
    public static readonly IReadOnlyList<string> All = ["ship", "pickup", "update", "delivery", "route", "fake-sign", "1688", "taote", "douyin", "aliexpress"];

    private static readonly Dictionary<string, string> TmallByRule = new(StringComparer.Ordinal)
    {
        ["tmall.ship-timeout"] = "ship",
        ["tmall.pickup-timeout"] = "pickup",
        ["tmall.update-timeout"] = "update",
        ["tmall.delivery-timeout"] = "delivery",
        ["tmall.route-timeout"] = "route",
        ["tmall.fake-sign"] = "fake-sign",
    };

    /// <summary>The monitor of a rule: Tmall's by rule, the others' by platform (the rule id's first part).</summary>
    public static string Of(string rule)
    {
        if (TmallByRule.TryGetValue(rule, out var monitor))
        {
            return monitor;
        }

        var dot = rule.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? rule[..dot] : rule;
    }
}
