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
            Description = $"Share of eligible orders with a violation kind, as KIND=SHARE (repeatable). Kinds: {KindNames}",
            HelpName = "KIND=SHARE",
            AllowMultipleArgumentsPerToken = false,
        };
        var clean = new Option<bool>("--clean") { Description = "Start from no violations at all (then add kinds with --share)" };
        var labelled = new Option<bool>("--label-milestones") { Description = "Stamp scans with their milestone kind instead of leaving classification to the engine" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to FILE instead of standard output", HelpName = "FILE" };

        orders.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var n and < 0)
            {
                result.AddError($"--orders: must not be negative (got {n})");
            }
        });
        perDay.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n and (<= 0 or > GeneratorOptions.MaxOrdersPerDay))
            {
                result.AddError($"--orders-per-day: must be between 1 and {GeneratorOptions.MaxOrdersPerDay.ToString("N0", CultureInfo.InvariantCulture)} (got {n})");
            }
        });

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
                if (parts.Length != 2 || !TryKind(parts[0], out var kind)
                    || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    Console.Error.WriteLine($"--share: '{pair}' is not KIND=SHARE with KIND one of {KindNames}");
                    return ExitCodes.BadInput;
                }

                if (!(value is >= 0 and <= 1))
                {
                    Console.Error.WriteLine($"--share: '{pair}': a share is between 0 and 1");
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
            Stream stream;
            try
            {
                stream = file is null
                    ? new BufferedStream(Console.OpenStandardOutput(), 1 << 16)
                    : new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            }
            catch (Exception ex) when (FileErrors.IsOpenFailure(ex))
            {
                Console.Error.WriteLine(FileErrors.Writing("--output", file!.ToString(), ex));
                return ExitCodes.CannotWrite;
            }

            using var written = stream;
            var summary = new EventGenerator().WriteTo(stream, options);
            stream.Flush();
            Console.Error.WriteLine(summary.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The kinds as the generator's summary spells them (late-shipment, ...).</summary>
    private static string KindNames => string.Join(", ", Enum.GetValues<ViolationKind>().Select(k => k.ToText()));

    /// <summary>
    /// A kind by the summary's spelling, or by its enum name in any case (LateShipment, lateshipment) as before; letters
    /// only, since <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would also take numbers and lists ("3", "Gap,Refund").
    /// </summary>
    private static bool TryKind(string text, out ViolationKind kind) =>
        ViolationKindText.TryParse(text, out kind) || (text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out kind));
}
