using System.Runtime.InteropServices;

namespace Luyue.Core;

/// <summary>
/// madvise(2): the hints Luyue gives Linux about its memory. A hint never changes what the program computes; callers
/// check <see cref="OperatingSystem.IsLinux"/> first and ignore a refusal.
/// </summary>
internal static partial class LinuxMemory
{
    /// <summary>MADV_DONTNEED: the pages are let go (those of a file stay in the kernel's cache, to be read again).</summary>
    public const int DontNeed = 4;

    /// <summary>MADV_HUGEPAGE: back the range with transparent huge pages where the kernel can.</summary>
    public const int HugePage = 14;

    [LibraryImport("libc", EntryPoint = "madvise")]
    public static partial int Advise(nint address, nuint length, int advice);
}
