using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;

namespace Luyue.Cli.Commands;

/// <summary>
/// Opens a JSON Lines input named on the command line ('-' is standard input) and reads it line by line, counting
/// the lines it refuses. Refused lines are reported like <c>replay</c> without <c>--strict</c> does: line number,
/// field and reason on stderr, the first few only, and the count in the summary; the valid lines around them still count.
/// </summary>
internal sealed class InputFile
{
    private const int MaxReportedErrors = 20;

    /// <summary>Takes one line; returns why it is refused, or null. The span is valid only during the call.</summary>
    public delegate string? LineHandler(ReadOnlySpan<byte> line);

    private readonly Stream stream;
    private readonly bool readOnce;

    private InputFile(string path, Stream stream, bool readOnce)
    {
        Path = path;
        this.stream = stream;
        this.readOnce = readOnce;
    }

    public string Path { get; }

    /// <summary>Non-blank lines read.</summary>
    public long Lines { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>The input, or null after saying on stderr why it cannot be opened (exit code <see cref="ExitCodes.NotFound"/>).</summary>
    /// <param name="readOnce">Drop the file's pages from the kernel's cache as they are read (<see cref="KeepCacheOption"/>).</param>
    public static InputFile? Open(string path, bool readOnce)
    {
        try
        {
            var stream = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return new InputFile(path, stream, readOnce);
        }
        catch (Exception ex) when (FileErrors.IsOpenFailure(ex))
        {
            Console.Error.WriteLine(FileErrors.Reading(path, ex));
            return null;
        }
    }

    /// <summary>Hands every non-blank line to <paramref name="onLine"/>, which returns the reason it refuses a line, or null.</summary>
    public void ReadLines(LineHandler onLine)
    {
        using (stream)
        {
            JsonLines.Read(stream, (number, line) =>
            {
                if (line.Trim((byte)' ').IsEmpty)
                {
                    return;
                }

                Lines++;
                if (onLine(line) is { } problem)
                {
                    Rejected++;
                    if (Rejected <= MaxReportedErrors)
                    {
                        Console.Error.WriteLine($"line {number}: {problem}");
                    }
                }
            }, readOnce: readOnce);
        }
    }

    /// <summary>
    /// Replays the events into every engine at once: the file is read and parsed once however many pack sets judge
    /// it, so standard input works for a what-if too. Each engine's clock ends at the latest event time, as in <c>replay</c>.
    /// </summary>
    public void ReadEvents(params ComplianceEngine[] engines)
    {
        var parser = new EventParser();
        ReadLines(line =>
        {
            if (!parser.TryParse(line, out var e, out var error))
            {
                return error!.ToString();
            }

            foreach (var engine in engines)
            {
                engine.Apply(e!);
            }

            return null;
        });
        foreach (var engine in engines)
        {
            engine.Flush();
        }
    }

    /// <summary>Reads findings (CONTRACT JSON Lines, e.g. the output of <c>replay</c>) into <paramref name="sink"/>.</summary>
    public void ReadFindings(IFindingSink sink) =>
        ReadLines(line =>
        {
            if (!FindingReader.TryParse(line, out var finding, out var error))
            {
                return error!.ToString();
            }

            sink.Emit(finding!);
            return null;
        });

    /// <summary>"N lines, M rejected", with a note when some refusals were not shown.</summary>
    public string Summary() =>
        $"{Path}: {Counted.Of(Lines, "line")}, {Rejected} rejected"
        + (Rejected > MaxReportedErrors ? $" (only the first {MaxReportedErrors} shown)" : "");
}
