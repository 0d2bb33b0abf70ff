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

// System.CommandLine answers a usage error with 1; scripts are promised ExitCodes.BadInput (help stays 0).
var parse = root.Parse(args);
var exitCode = parse.Invoke();
return parse.Action is ParseErrorAction ? ExitCodes.BadInput : exitCode;
