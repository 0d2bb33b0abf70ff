using static Luyue.Core.Tests.Engine.Harness;

namespace Luyue.Core.Tests.Indicators;

/// <summary>
/// The worked example of docs/indicators.md: nine Tmall orders (2024, seed pack) of two stores, two carriers and three
/// pickup outlets, with every boundary of RULES §2 at the second. Times are Shanghai time unless written in UTC.
/// </summary>
internal static class WorkedExample
{
    public static readonly string[] Lines =
    [
        // A1: picked up 12 h after payment at 西湖; next scan 12 h later (updated); signed. No violation.
        Paid("tmall", "A1", "2024-06-01T08:00:00+08:00"),
        Shipped("A1", "2024-06-01T10:00:00+08:00", "ZA1"),
        Scan("2024-06-02T08:00:00+08:00", "hub-arrival", "ZA1"),       // arrives before the pickup it follows
        Scan("2024-06-01T20:00:00+08:00", "pickup", "ZA1", extra: Site("杭州西湖网点")),
        Scan("2024-06-01T20:00:00+08:00", "pickup", "ZA1", extra: Site("杭州西湖网点")), // the same scan again
        Scan("2024-06-02T20:00:00+08:00", "transit", "ZA1"),
        Scan("2024-06-03T09:00:00+08:00", "out-for-delivery", "ZA1"),
        Scan("2024-06-03T15:00:00+08:00", "signed", "ZA1"),

        // A2: picked up at 06-03 07:59:59, the last second before payment + 48 h: in time (47:59:59). The next scan
        // comes exactly 24 h after the pickup: not strictly before, so not updated (tmall.update-timeout).
        Paid("tmall", "A2", "2024-06-01T08:00:00+08:00"),
        Shipped("A2", "2024-06-01T09:00:00+08:00", "ZA2"),
        Scan("2024-06-03T07:59:59+08:00", "pickup", "ZA2", extra: Site("杭州西湖网点")),
        Scan("2024-06-04T07:59:59+08:00", "transit", "ZA2"),

        // A3: picked up at exactly payment + 48 h: late (tmall.pickup-timeout). The outlet comes from the scan text.
        Paid("tmall", "A3", "2024-06-01T08:00:00+08:00"),
        Shipped("A3", "2024-06-01T09:00:00+08:00", "ZA3"),
        Text("2024-06-03T08:00:00+08:00", "【杭州市】 【杭州滨江网点】 的 张三 已揽收", "ZA3"),
        Scan("2024-06-03T20:00:00+08:00", "hub-arrival", "ZA3"),

        // A4: never shipped (tmall.ship-timeout and tmall.pickup-timeout): a pickup miss with no carrier or outlet.
        Paid("tmall", "A4", "2024-06-01T12:00:00+08:00"),

        // A5: picked up 10 h after payment at 西湖, then silence: no update (tmall.update-timeout) and, 72 h after
        // the pickup, a stall.
        Paid("tmall", "A5", "2024-06-01T08:00:00+08:00"),
        Shipped("A5", "2024-06-01T10:00:00+08:00", "ZA5"),
        Scan("2024-06-01T18:00:00+08:00", "pickup", "ZA5", extra: Site("杭州西湖网点")),

        // B1 (store s2, STO): paid 23:30 on 06-01, picked up 10 h later, one scan, then silence: a stall at 06-05 10:00.
        Paid("tmall", "B1", "2024-06-01T23:30:00+08:00").Replace("\"shop\":\"s1\"", "\"shop\":\"s2\"", StringComparison.Ordinal),
        Shipped("B1", "2024-06-02T08:00:00+08:00", "SB1", "sto"),
        Scan("2024-06-02T09:30:00+08:00", "pickup", "SB1", "sto", Site("上海浦东网点")),
        Scan("2024-06-02T10:00:00+08:00", "transit", "SB1", "sto"),

        // B2: paid 16:30 UTC on 06-01, which is 00:30 on 06-02 in Shanghai: a 06-02 order. Picked up 11.5 h later;
        // the next scan exactly 24 h after the pickup (not updated); delivered.
        Paid("tmall", "B2", "2024-06-01T16:30:00Z").Replace("\"shop\":\"s1\"", "\"shop\":\"s2\"", StringComparison.Ordinal),
        Shipped("B2", "2024-06-02T08:00:00+08:00", "SB2", "sto"),
        Scan("2024-06-02T12:00:00+08:00", "pickup", "SB2", "sto", Site("上海浦东网点")),
        Scan("2024-06-03T12:00:00+08:00", "hub-arrival", "SB2", "sto"),
        Scan("2024-06-03T13:00:00+08:00", "hub-departure", "SB2", "sto"),
        Scan("2024-06-04T08:00:00+08:00", "out-for-delivery", "SB2", "sto"),
        Scan("2024-06-04T10:00:00+08:00", "signed", "SB2", "sto"),

        // B3: paid 06-04 10:00, shipped, not picked up by the clock: its 48 h are not over, so it is not counted yet.
        Paid("tmall", "B3", "2024-06-04T10:00:00+08:00").Replace("\"shop\":\"s1\"", "\"shop\":\"s2\"", StringComparison.Ordinal),
        Shipped("B3", "2024-06-04T11:00:00+08:00", "SB3", "sto"),

        // B4: closed an hour after payment: it owes no pickup and is not counted.
        Paid("tmall", "B4", "2024-06-02T09:00:00+08:00").Replace("\"shop\":\"s1\"", "\"shop\":\"s2\"", StringComparison.Ordinal),
        """{"type":"order.closed","at":"2024-06-02T10:00:00+08:00","order":"B4"}""",

        Clock("2024-06-06T00:00:00+08:00"),
    ];

    private static string Site(string name) => $",\"site\":\"{name}\"";

    /// <summary>The outlet ratings of the example: 西湖's latest month is 4 stars; the last two rows are refused.</summary>
    public const string RatingsCsv = """
        month,carrier,outlet,stars
        2024-05,zto,杭州西湖网点,3
        2024-06,zto,杭州西湖网点,4
        2024-06,中通,杭州滨江网点,2
        2024-06,sto,上海浦东网点,5
        2024-06,zto,杭州拱墅网点,6
        2024-13,zto,杭州拱墅网点,4
        """;
}
