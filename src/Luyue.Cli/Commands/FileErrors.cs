namespace Luyue.Cli.Commands;

/// <summary>
/// Why a file named on the command line could not be opened, in a user's words: the runtime's messages say "Access to
/// the path '/tmp' is denied" for a directory given as a file, and a path missing a directory surfaced as a stack trace.
/// </summary>
internal static class FileErrors
{
    public static bool IsOpenFailure(Exception ex) => ex is IOException or UnauthorizedAccessException;

    /// <summary>An input that could not be read: "PATH: reason".</summary>
    public static string Reading(string path, Exception ex) => $"{path}: {Why(path, ex)}";

    /// <summary>An output that could not be created: "OPTION: cannot write 'PATH': reason".</summary>
    public static string Writing(string option, string path, Exception ex) => $"{option}: cannot write '{path}': {Why(path, ex)}";

    private static string Why(string path, Exception ex) => ex switch
    {
        _ when Directory.Exists(path) => "it is a directory, not a file",
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => $"no such directory '{Path.GetDirectoryName(Path.GetFullPath(path))}'",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
