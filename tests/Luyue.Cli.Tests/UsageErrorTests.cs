namespace Luyue.Cli.Tests;

/// <summary>
/// A command line the parser refuses (a missing argument, an unknown command, a value out of its set): exit code 2,
/// the error and where the help is on standard error, and nothing on standard output, where commands write their data
/// and a redirected file would otherwise receive the whole help.
/// </summary>
public class UsageErrorTests
{
    [Theory]
    [InlineData("'luyue replay --help'", "replay")]
    [InlineData("'luyue replay --help'", "replay", "x.jsonl", "--format", "xml")]
    [InlineData("'luyue rules show --help'", "rules", "show")]
    [InlineData("'luyue whatif --help'", "whatif", "x.jsonl")]
    [InlineData("'luyue --help'", "teleport")]
    public void A_usage_error_goes_to_standard_error_with_where_the_help_is(string help, params string[] args)
    {
        var result = Cli.Run(args);

        Cli.AssertExit(2, result);
        Assert.Equal("", result.Stdout);
        Assert.Contains($"{help} tells how to use it.", result.Stderr);
        Assert.DoesNotContain("Usage:", result.Stderr);
    }

    [Fact]
    public void A_mistyped_command_gets_its_suggestions_on_standard_error()
    {
        var result = Cli.Run("reprot", "x.jsonl");

        Cli.AssertExit(2, result);
        Assert.Equal("", result.Stdout);
        Assert.Contains("Did you mean", result.Stderr);
        Assert.Contains("report", result.Stderr);
    }

    [Fact]
    public void Help_asked_for_still_goes_to_standard_output()
    {
        var result = Cli.Run("replay", "--help");

        Cli.AssertExit(0, result);
        Assert.Contains("Usage:", result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
