namespace Luyue.Cli.Tests;

/// <summary>Every scenario in ../shared/examples through the built CLI: they must always pass.</summary>
public class SharedExamplesTests
{
    public static TheoryData<string> Scenarios() => ScenarioMatcher.In(Cli.Shared("examples"));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_produces_its_expected_findings_and_no_other_violation(string name) =>
        ScenarioMatcher.AssertScenario(Cli.Shared("examples"), name);

    [Fact]
    public void There_are_scenarios_to_run() => Assert.True(Scenarios().Count >= 4);
}
