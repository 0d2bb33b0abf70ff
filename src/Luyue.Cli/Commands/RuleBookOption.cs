using System.CommandLine;
using Luyue.Core.Rules;

namespace Luyue.Cli.Commands;

/// <summary>The shared <c>--rules DIR</c> option: the embedded packs unless a directory is named.</summary>
internal static class RuleBookOption
{
    public static Option<DirectoryInfo?> Create() => new("--rules")
    {
        Description = "Load rule packs from DIR/<platform>/<version>.json instead of the embedded ones",
        HelpName = "DIR",
    };

    /// <summary>Loads the book, or prints every pack error and returns null.</summary>
    public static RuleBook? Load(DirectoryInfo? directory)
    {
        try
        {
            return directory is null ? RuleBook.Embedded : RuleBook.FromDirectory(directory.FullName);
        }
        catch (RulePackException ex)
        {
            foreach (var error in ex.Errors)
            {
                Console.Error.WriteLine($"rule pack error: {error}");
            }

            return null;
        }
    }
}
