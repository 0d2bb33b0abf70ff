using Luyue.Core.Findings;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>Whether an open finding is about to time out (即将超时) or has (已超时).</summary>
public enum OpenState : byte { Soon, Overdue }

/// <summary>One open finding: the warning or the standing violation that represents it on the monitor.</summary>
public sealed record OpenFinding(Finding Finding, OpenState State, string Monitor);

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
