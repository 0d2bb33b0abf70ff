using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Checks;

namespace Luyue.Cli.Commands;

/// <summary>What the check commands share: reading an input file (or '-'), reporting input errors, and JSON like the API's.</summary>
internal static class CheckOutput
{
    /// <summary>camelCase and readable Chinese, as the HTTP API writes the same answers.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>The file's text ('-' is standard input), or null after saying on stderr why it cannot be read.</summary>
    public static string? ReadText(string path)
    {
        try
        {
            return path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception ex) when (FileErrors.IsOpenFailure(ex))
        {
            Console.Error.WriteLine(FileErrors.Reading(path, ex));
            return null;
        }
    }

    /// <summary>Every input error on stderr, one a line, then <see cref="ExitCodes.BadInput"/>.</summary>
    public static int Refuse(IEnumerable<CheckInputError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error);
        }

        return ExitCodes.BadInput;
    }

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
