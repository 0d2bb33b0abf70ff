using System.Text.Json;

namespace Luyue.Cli.Tests;

/// <summary>
/// Replays a scenario (NAME.jsonl) through the built CLI and matches NAME.expected.jsonl as ../shared/examples/README.md
/// says: every expected finding (kind, rule, order, at) is produced, and no violation that is not listed. Where an
/// expected finding gives an amount, the produced one must have exactly that amount.
/// </summary>
internal static class ScenarioMatcher
{
    private sealed record Key(string Kind, string Rule, string? Order, DateTimeOffset At);

    private static (Key Key, decimal? Amount) Parse(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        var key = new Key(e.GetProperty("kind").GetString()!, e.GetProperty("rule").GetString()!,
            e.TryGetProperty("order", out var order) ? order.GetString() : null,
            DateTimeOffset.Parse(e.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        return (key, e.TryGetProperty("amount", out var amount) ? amount.GetDecimal() : null);
    }

    public static void AssertScenario(string directory, string name)
    {
        var result = Cli.Run("replay", Path.Combine(directory, name + ".jsonl"));
        Cli.AssertExit(0, result);
        Assert.Contains(" 0 rejected", result.Stderr);

        var produced = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
        var expected = File.ReadAllLines(Path.Combine(directory, name + ".expected.jsonl")).Where(l => l.Trim().Length > 0).Select(Parse).ToList();
        foreach (var (key, amount) in expected)
        {
            var matches = produced.Where(p => p.Key == key).ToList();
            Assert.True(matches.Count > 0, $"{name}: expected {key} was not produced; got:\n{result.Stdout}");
            if (amount is not null)
            {
                Assert.True(matches.Any(m => m.Amount == amount), $"{name}: {key} expected amount {amount}, got {string.Join(", ", matches.Select(m => m.Amount))}");
            }
        }

        var unexpected = produced.Where(p => p.Key.Kind == "violation" && expected.All(e => e.Key != p.Key)).Select(p => p.Key).ToList();
        Assert.True(unexpected.Count == 0, $"{name}: violations not listed: {string.Join("; ", unexpected)}");
    }

    public static TheoryData<string> In(string directory)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(directory, "*.jsonl").Where(f => !f.EndsWith(".expected.jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }
}
