using System.CommandLine;

namespace Luyue.Cli.Commands;

/// <summary>
/// The shared <c>--keep-cache</c> option of the commands that read a file through once (replay, whatif, report,
/// indicators): by default they drop the file's pages from the kernel's cache as they read them
/// (<see cref="Luyue.Core.Events.JsonLines.Read"/>'s <c>readOnce</c>, docs/performance.md), and replay writes findings
/// redirected to a file the same way (<see cref="Luyue.Core.WrittenOnceStream"/>).
/// </summary>
internal static class KeepCacheOption
{
    public static Option<bool> Create() => new("--keep-cache")
    {
        Description = "Leave the file's pages in the kernel's cache (by default the file is read once and they are dropped as it goes: "
                      + "reading the same file again fetches it from the disk; replay also writes findings redirected to a file once)",
    };
}
