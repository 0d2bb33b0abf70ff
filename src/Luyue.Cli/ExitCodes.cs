namespace Luyue.Cli;

/// <summary>Exit codes that mean something to scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A usage error (System.CommandLine's own), or bad input with <c>--strict</c>.</summary>
    public const int BadInput = 2;

    /// <summary>A rule pack failed validation.</summary>
    public const int InvalidRules = 3;

    /// <summary>An input file or directory does not exist or cannot be read.</summary>
    public const int NotFound = 4;

    /// <summary>An output file (<c>--output</c>, <c>--rejects</c>) cannot be created: its directory is missing, it is a directory, or it may not be written.</summary>
    public const int CannotWrite = 5;

    /// <summary><c>check-line</c>: the proposed line change is blocked (the answer says why).</summary>
    public const int LineChangeBlocked = 6;

    /// <summary><c>serve</c> could not start: the port is taken or may not be used, or the <c>--store</c> database cannot be opened.</summary>
    public const int CannotStart = 7;
}
