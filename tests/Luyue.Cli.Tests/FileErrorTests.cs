namespace Luyue.Cli.Tests;

/// <summary>
/// Files named on the command line that cannot be opened: the path and the reason in a user's words on standard error,
/// an exit code a script can tell apart (4 for an input, 5 for an output), and no stack trace.
/// </summary>
public class FileErrorTests
{
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "luyue-no-such-dir-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_rejects_file_in_a_missing_directory_is_refused_before_anything_is_read()
    {
        var target = Path.Combine(Missing, "rejects.tsv");
        var result = Cli.RunWithInput("{}", "replay", "-", "--rejects", target);

        Cli.AssertExit(5, result);
        Assert.Equal($"--rejects: cannot write '{target}': no such directory '{Missing}'", result.Stderr.Trim());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_generated_stream_cannot_be_written_over_a_directory()
    {
        var result = Cli.Run("generate", "--orders", "2", "-o", Path.GetTempPath());

        Cli.AssertExit(5, result);
        Assert.Equal($"--output: cannot write '{Path.GetTempPath()}': it is a directory, not a file", result.Stderr.Trim());
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("report")]
    [InlineData("indicators")]
    public void A_directory_given_as_the_input_is_named_as_one(string command)
    {
        var result = Cli.Run(command, Path.GetTempPath());

        Cli.AssertExit(4, result);
        Assert.Equal($"{Path.GetTempPath()}: it is a directory, not a file", result.Stderr.Trim());
    }

    [Fact]
    public void A_missing_input_says_what_is_missing()
    {
        var inMissingDirectory = Path.Combine(Missing, "events.jsonl");
        var missingFile = Path.Combine(Path.GetTempPath(), "luyue-no-such-file-" + Guid.NewGuid().ToString("N") + ".jsonl");

        var noDirectory = Cli.Run("replay", inMissingDirectory);
        var noFile = Cli.Run("replay", missingFile);

        Cli.AssertExit(4, noDirectory);
        Assert.Equal($"{inMissingDirectory}: no such directory '{Missing}'", noDirectory.Stderr.Trim());
        Cli.AssertExit(4, noFile);
        Assert.Equal($"{missingFile}: no such file", noFile.Stderr.Trim());
    }
}
