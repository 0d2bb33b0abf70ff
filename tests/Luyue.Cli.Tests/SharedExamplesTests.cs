using System.Text.Json;

namespace Luyue.Cli.Tests;

/// <summary>
/// Every scenario in ../shared/examples through the built CLI, matched as its README says: every expected finding
/// (kind, rule, order, at) is produced, and no violation that is not listed.
/// </summary>
public class SharedExamplesTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Cli.Shared("examples"), "*.jsonl").Where(f => !f.EndsWith(".expected.jsonl", StringComparison.Ordinal)).Order())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    private static (string Kind, string Rule, string Order, DateTimeOffset At) Key(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        return (e.GetProperty("kind").GetString()!, e.GetProperty("rule").GetString()!, e.GetProperty("order").GetString()!,
            DateTimeOffset.Parse(e.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_produces_its_expected_findings_and_no_other_violation(string name)
    {
        var result = Cli.Run("replay", Cli.Shared("examples", name + ".jsonl"));
        Cli.AssertExit(0, result);

        var produced = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Key).ToList();
        var expected = File.ReadAllLines(Cli.Shared("examples", name + ".expected.jsonl")).Where(l => l.Trim().Length > 0).Select(Key).ToList();
        foreach (var finding in expected)
        {
            Assert.Contains(finding, produced);
        }

        var unexpectedViolations = produced.Where(p => p.Kind == "violation" && !expected.Contains(p)).ToList();
        Assert.Empty(unexpectedViolations);
    }

    [Fact]
    public void There_are_scenarios_to_run()
    {
        Assert.True(Scenarios().Count >= 4);
    }
}
