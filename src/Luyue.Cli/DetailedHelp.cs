using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Luyue.Cli;

/// <summary>
/// Help that teaches without crowding the command list: a command keeps a one-line description (what
/// <c>luyue --help</c> lists) and attaches its longer explanation (columns, mappings, a worked example) here;
/// <c>luyue COMMAND --help</c> prints it after the usual sections.
/// </summary>
internal static class DetailedHelp
{
    private static readonly ConditionalWeakTable<Command, string> Details = [];

    public static TCommand WithDetails<TCommand>(this TCommand command, string details) where TCommand : Command
    {
        Details.AddOrUpdate(command, details);
        return command;
    }

    /// <summary>Wraps the root's help action (recursive, so it serves every subcommand).</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithDetailsAction((SynchronousCommandLineAction)help.Action!);
    }

    private sealed class WithDetailsAction(SynchronousCommandLineAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = standard.Invoke(parseResult);
            if (Details.TryGetValue(parseResult.CommandResult.Command, out var details))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Details:");
                foreach (var line in details.Split('\n'))
                {
                    output.WriteLine(line.Length == 0 ? "" : "  " + line);
                }

                output.WriteLine();
            }

            return exitCode;
        }
    }
}
