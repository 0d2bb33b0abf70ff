namespace Luyue.Cli.Tests;

/// <summary>
/// The consequence side (penalties, exemptions, filings, revocations, fraud, announcements) as scenario files in the
/// style of ../shared/examples, every amount to the yuan: tests/Luyue.Cli.Tests/Scenarios/.
/// </summary>
public class ConsequenceScenarioTests
{
    private static string Directory => Cli.Repository("tests", "Luyue.Cli.Tests", "Scenarios");

    public static TheoryData<string> Scenarios() => ScenarioMatcher.In(Directory);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_produces_its_expected_findings_and_amounts(string name) => ScenarioMatcher.AssertScenario(Directory, name);
}
