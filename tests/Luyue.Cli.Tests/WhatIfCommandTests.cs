using System.Text.Json;
using static Luyue.Cli.Tests.Events;

namespace Luyue.Cli.Tests;

/// <summary>
/// The what-if through the built CLI on a stream whose numbers are worked out by hand. A is the embedded packs
/// judged at payment (2024: the seed versions); B is rules/ with --as-if-always (the 2025 Tmall and Douyin values).
/// </summary>
public class WhatIfCommandTests
{
    /// <summary>
    /// T1 (Tmall, 200): shipped 36 h after payment, picked up and scanned on: only the ship timeout can fire, and it
    /// does at 24 h (seed) but not at 48 h (2025). T2 (Tmall, 60): never picked up: warning at 40 h, violation at 48 h,
    /// penalty 5 % = 3 yuan (seed), clamped up to the 2025 minimum of 5. D1 (Douyin, 100, default 48 h promise):
    /// uploaded, never picked up: warning 6 h before upload + 24 h, violation at it, penalty rate not configured
    /// (seed) or 1 % = 1, clamped up to 3 (2025, promise up to 48 h).
    /// </summary>
    private static readonly string Hand = Stream( // in event-time order: replay's clock is the latest event time seen
        Paid("tmall", "tm", "T1", "2024-06-01T08:00:00+08:00", 200m),
        Paid("tmall", "tm", "T2", "2024-06-01T09:00:00+08:00", 60m),
        Paid("douyin", "dy", "D1", "2024-06-01T10:00:00+08:00", 100m),
        Shipped("T2", "2024-06-01T12:00:00+08:00", "STO-2"),
        Shipped("D1", "2024-06-01T12:00:00+08:00", "STO-3"),
        Shipped("T1", "2024-06-02T20:00:00+08:00", "STO-1"),
        Scan("2024-06-02T21:00:00+08:00", "pickup", "STO-1"),
        Scan("2024-06-03T10:00:00+08:00", "transit", "STO-1"),
        Clock("2024-06-08T00:00:00+08:00"));

    private static Dictionary<string, JsonElement> Rows(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.TryGetProperty("rule", out var rule) ? rule.GetString()! : "total", StringComparer.Ordinal);

    /// <summary>violations, warnings, exempted, penalties, notConfigured, charged of one side.</summary>
    private static (int, int, int, int, int, decimal) Side(JsonElement row, string side)
    {
        var s = row.GetProperty(side);
        return (s.GetProperty("violations").GetInt32(), s.GetProperty("warnings").GetInt32(), s.GetProperty("exempted").GetInt32(),
            s.GetProperty("penalties").GetInt32(), s.GetProperty("notConfigured").GetInt32(), s.GetProperty("charged").GetDecimal());
    }

    [Fact]
    public void The_2025_values_as_if_always_change_exactly_what_the_hand_count_says()
    {
        var result = Cli.RunWithInput(Hand, "whatif", "-", "--rules", Cli.Repository("rules"), "--as-if-always", "--format", "json");

        Cli.AssertExit(0, result);
        var rows = Rows(result.Stdout);
        Assert.Equal(["douyin.pickup-timeout", "tmall.pickup-timeout", "tmall.ship-timeout", "total"], rows.Keys.Order(StringComparer.Ordinal));

        Assert.Equal((1, 0, 0, 0, 0, 0m), Side(rows["tmall.ship-timeout"], "a"));
        Assert.Equal((0, 0, 0, 0, 0, 0m), Side(rows["tmall.ship-timeout"], "b"));
        Assert.Equal((-1, 0, 0, 0, 0, 0m), Side(rows["tmall.ship-timeout"], "change"));

        Assert.Equal((1, 1, 0, 1, 0, 3m), Side(rows["tmall.pickup-timeout"], "a"));
        Assert.Equal((1, 1, 0, 1, 0, 5m), Side(rows["tmall.pickup-timeout"], "b"));
        Assert.Equal((0, 0, 0, 0, 0, 2m), Side(rows["tmall.pickup-timeout"], "change"));

        Assert.Equal((1, 1, 0, 1, 1, 0m), Side(rows["douyin.pickup-timeout"], "a"));
        Assert.Equal((1, 1, 0, 1, 0, 3m), Side(rows["douyin.pickup-timeout"], "b"));
        Assert.Equal((0, 0, 0, 0, -1, 3m), Side(rows["douyin.pickup-timeout"], "change"));

        Assert.Equal((3, 2, 0, 2, 1, 3m), Side(rows["total"], "a"));
        Assert.Equal((2, 2, 0, 2, 0, 8m), Side(rows["total"], "b"));
        Assert.Equal((-1, 0, 0, 0, -1, 5m), Side(rows["total"], "change"));
        Assert.True(rows["total"].GetProperty("total").GetBoolean());
    }

    [Fact]
    public void Without_as_if_always_the_same_packs_judged_at_payment_change_nothing()
    {
        var result = Cli.RunWithInput(Hand, "whatif", "-", "--rules", Cli.Repository("rules"), "--format", "json");

        Cli.AssertExit(0, result);
        Assert.All(Rows(result.Stdout).Values, r => Assert.Equal((0, 0, 0, 0, 0, 0m), Side(r, "change")));
    }

    [Fact]
    public void Against_names_set_A_and_the_table_reads_A_arrow_B_with_the_change()
    {
        var result = Cli.RunWithInput(Hand, "whatif", "-", "--rules", Cli.Repository("rules"), "--against", Cli.Repository("rules"), "--as-if-always");

        Cli.AssertExit(0, result);
        var ship = Assert.Single(result.Stdout.Split('\n'), l => l.Contains("tmall.ship-timeout", StringComparison.Ordinal));
        Assert.Contains("1 → 0 (-1)", ship);
        var total = Assert.Single(result.Stdout.Split('\n'), l => l.Contains("total", StringComparison.Ordinal));
        Assert.Contains("3.00 → 8.00 (+5.00)", total);
        Assert.Contains("newest version of each platform", result.Stdout);
    }

    [Fact]
    public void Rules_is_required_and_a_bad_pack_directory_is_exit_code_3()
    {
        Cli.AssertExit(2, Cli.RunWithInput(Hand, "whatif", "-"));
        Cli.AssertExit(3, Cli.RunWithInput(Hand, "whatif", "-", "--rules", "/nonexistent/packs"));
        Cli.AssertExit(4, Cli.Run("whatif", "/nonexistent/events.jsonl", "--rules", Cli.Repository("rules")));
    }
}
