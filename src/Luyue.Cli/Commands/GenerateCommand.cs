using System.CommandLine;
using System.Globalization;
using Luyue.Core.Events;
using Luyue.Simulation;

namespace Luyue.Cli.Commands;

/// <summary><c>luyue generate --orders N --seed S</c>: a realistic synthetic event stream for demos, benchmarks and load tests.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var orders = new Option<int>("--orders") { Description = "Number of orders", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same bytes", DefaultValueFactory = _ => 1 };
        var start = new Option<string?>("--start") { Description = "First payment time (ISO-8601 with offset; default 2024-06-01T00:00:00+08:00)", HelpName = "TIME" };
        var perDay = new Option<int?>("--orders-per-day") { Description = "Average payments a day (default: spread over about two weeks)" };
        var share = new Option<string[]>("--share")
        {
            Description = $"Share of eligible orders with a violation kind, as KIND=SHARE (repeatable). Kinds: {string.Join(", ", Enum.GetNames<ViolationKind>())}",
            HelpName = "KIND=SHARE",
            AllowMultipleArgumentsPerToken = false,
        };
        var clean = new Option<bool>("--clean") { Description = "Start from no violations at all (then add kinds with --share)" };
        var labelled = new Option<bool>("--label-milestones") { Description = "Stamp scans with their milestone kind instead of leaving classification to the engine" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to FILE instead of standard output", HelpName = "FILE" };

        var command = new Command("generate", "Write a realistic synthetic event stream (CONTRACT.md JSON Lines) with a chosen share of each violation kind")
        {
            orders, seed, start, perDay, share, clean, labelled, output,
        };
        command.SetAction(parse =>
        {
            var options = new GeneratorOptions
            {
                Orders = parse.GetValue(orders),
                Seed = parse.GetValue(seed),
                OrdersPerDay = parse.GetValue(perDay),
                LabelMilestones = parse.GetValue(labelled),
                Violations = parse.GetValue(clean) ? ViolationMix.None : new ViolationMix(),
            };
            if (parse.GetValue(start) is { } startText)
            {
                if (!InstantText.TryParse(startText, out var instant))
                {
                    Console.Error.WriteLine($"--start: '{startText}' is not an ISO-8601 time with offset");
                    return ExitCodes.BadInput;
                }

                options = options with { Start = instant };
            }

            foreach (var pair in parse.GetValue(share) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || !Enum.TryParse<ViolationKind>(parts[0], ignoreCase: true, out var kind)
                    || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    Console.Error.WriteLine($"--share: '{pair}' is not KIND=SHARE with KIND one of {string.Join(", ", Enum.GetNames<ViolationKind>())}");
                    return ExitCodes.BadInput;
                }

                options = options with { Violations = options.Violations.With(kind, value) };
            }

            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return ExitCodes.BadInput;
            }

            var file = parse.GetValue(output);
            using var stream = file is null
                ? new BufferedStream(Console.OpenStandardOutput(), 1 << 16)
                : (Stream)new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var summary = new EventGenerator().WriteTo(stream, options);
            stream.Flush();
            Console.Error.WriteLine(summary.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }
}
