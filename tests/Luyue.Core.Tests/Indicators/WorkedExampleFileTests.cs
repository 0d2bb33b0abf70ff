namespace Luyue.Core.Tests.Indicators;

/// <summary>
/// docs/examples/indicators-worked-example.jsonl is <see cref="WorkedExample.Lines"/>, for the CLI, the API tests and
/// readers of docs/indicators.md; this keeps the two from drifting. Rewrite it with LUYUE_UPDATE_EXAMPLES=1.
/// </summary>
public class WorkedExampleFileTests
{
    [Fact]
    public void The_documented_stream_is_the_one_the_tests_work_by_hand()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "examples", "indicators-worked-example.jsonl");
        var expected = string.Join('\n', WorkedExample.Lines) + "\n";
        if (Environment.GetEnvironmentVariable("LUYUE_UPDATE_EXAMPLES") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.Equal(expected, File.ReadAllText(path));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Luyue.slnx");
    }
}
