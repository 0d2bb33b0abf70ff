namespace Luyue.Core.Scans;

/// <summary>What one raw carrier scan means.</summary>
/// <param name="Milestone">The RULES.md §1 milestone; never <see cref="Milestone.Unknown"/> from classification.</param>
/// <param name="Site">The outlet or hub the scan happened at, as the text names it (青岛转运中心, 上海浦东康桥店), when it does.</param>
/// <param name="City">The city the text names for the scan (ZTO's 【苏州市】 prefix), when it does.</param>
public readonly record struct ScanClassification(Milestone Milestone, string? Site, string? City);
