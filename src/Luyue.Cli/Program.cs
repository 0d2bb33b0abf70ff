using System.CommandLine;
using Luyue.Cli.Commands;

// The command line is a table of contents: one class per command, each thin over Luyue.Core.
var root = new RootCommand("Luyue (履约): fulfilment-compliance engine for Chinese marketplaces. Reads fulfilment events, "
                           + "warns before deadlines and records violations per each platform's rules.")
{
    ReplayCommand.Create(),
    RulesCommand.Create(),
    GenerateCommand.Create(),
};

return root.Parse(args).Invoke();
