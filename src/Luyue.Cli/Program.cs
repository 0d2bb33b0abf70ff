using System.CommandLine;
using System.CommandLine.Invocation;
using Luyue.Cli;
using Luyue.Cli.Commands;

// The command line is a table of contents: one class per command, each thin over Luyue.Core.
var root = new RootCommand("Luyue (履约): fulfilment-compliance engine for Chinese marketplaces. Reads fulfilment events, "
                           + "warns before deadlines and records violations per each platform's rules.")
{
    ReplayCommand.Create(),
    ReportCommand.Create(),
    WhatIfCommand.Create(),
    AnnouncementsCommand.Create(),
    RulesCommand.Create(),
    GenerateCommand.Create(),
    ServeCommand.Create(),
    CheckLineCommand.Create(),
    FreightCommand.Create(),
    IndicatorsCommand.Create(),
    ImportCommand.Create(),
};

DetailedHelp.Install(root);

// System.CommandLine answers a usage error with 1; scripts are promised ExitCodes.BadInput (help stays 0). It would
// also print the whole help on standard output, where commands write their data (`generate --orders -5 > events.jsonl`
// would fill the file with it): the errors and suggestions go to standard error alone, with where the help is.
var parse = root.Parse(args);
if (parse.Action is ParseErrorAction usageError)
{
    usageError.ShowHelp = false;
    parse.Invoke(new InvocationConfiguration { Output = Console.Error }); // its suggestions for a typo too
    var command = string.Join(' ', parse.CommandResult.Command is RootCommand ? ["luyue"] : ["luyue", .. CommandPath(parse.CommandResult)]);
    Console.Error.WriteLine($"'{command} --help' tells how to use it.");
    return ExitCodes.BadInput;
}

return parse.Invoke();

// The names from the root's child down to the command a parse ended in ("rules show").
static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
    result.Parent is System.CommandLine.Parsing.CommandResult parent && parent.Command is not RootCommand
        ? [.. CommandPath(parent), result.Command.Name]
        : [result.Command.Name];
