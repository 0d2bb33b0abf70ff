using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Luyue.Core;

/// <summary>
/// madvise(2), posix_fadvise(2) and sync_file_range(2): the hints Luyue gives Linux about its memory and the kernel's
/// cache of a file. A hint never changes what the program computes; callers check <see cref="OperatingSystem.IsLinux"/>
/// first and ignore a refusal.
/// </summary>
internal static partial class LinuxMemory
{
    /// <summary>MADV_DONTNEED: the pages are let go (those of a file stay in the kernel's cache, to be read again).</summary>
    public const int DontNeed = 4;

    /// <summary>MADV_HUGEPAGE: back the range with transparent huge pages where the kernel can.</summary>
    public const int HugePage = 14;

    [LibraryImport("libc", EntryPoint = "madvise")]
    public static partial int Advise(nint address, nuint length, int advice);

    /// <summary>POSIX_FADV_DONTNEED: the file's cached pages in the range are not needed again soon.</summary>
    private const int FileDontNeed = 4;

    /// <summary>
    /// Drops the kernel's cached pages of a range of a file that nothing maps any more (whole pages only; a length of 0
    /// runs to the file's end). The file's bytes are unchanged: a later read fetches them from the disk again.
    /// </summary>
    public static void DropCached(SafeFileHandle file, long offset, long length) => FileAdvise(file, offset, length, FileDontNeed);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int FileAdvise(SafeFileHandle file, long offset, long length, int advice);

    // sync_file_range(2)'s flags: wait for writing already under way, start writing what is dirty, wait for it.
    private const uint SyncWaitBefore = 1, SyncWrite = 2, SyncWaitAfter = 4;

    /// <summary>Starts writing a range of a file's dirty pages to the disk, without waiting for it.</summary>
    public static void StartWriting(SafeFileHandle file, long offset, long length) => SyncFileRange(file, offset, length, SyncWrite);

    /// <summary>
    /// Writes a range of a file to the disk, waiting for it, then drops its pages from the kernel's cache (a page still
    /// dirty cannot be dropped). The file's bytes are unchanged.
    /// </summary>
    public static void DropWritten(SafeFileHandle file, long offset, long length)
    {
        SyncFileRange(file, offset, length, SyncWaitBefore | SyncWrite | SyncWaitAfter);
        FileAdvise(file, offset, length, FileDontNeed);
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(SafeFileHandle file, long offset, long length, uint flags);

    /// <summary>The file's position (lseek(2)), or -1 for what has none: a pipe, a terminal.</summary>
    public static long Position(SafeFileHandle file) => Seek(file, 0, SeekCurrent);

    private const int SeekCurrent = 1;

    [LibraryImport("libc", EntryPoint = "lseek")]
    private static partial long Seek(SafeFileHandle file, long offset, int whence);

    /// <summary>
    /// How many pages of a range of a file the kernel has in its cache, of how many (mincore(2) over a mapping of it,
    /// which reads none): what <see cref="DropCached"/> left, for tests. Throws where mincore is refused.
    /// </summary>
    public static (int Cached, int Total) CachedPages(string path, long from = 0, long length = -1)
    {
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        length = length < 0 ? new FileInfo(path).Length - from : length;
        var page = Environment.SystemPageSize;
        var vector = new byte[(length + page - 1) / page];
        var address = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)(view.PointerOffset + from);
        if (InCore(address, (nuint)length, vector) != 0)
        {
            throw new IOException($"{path}: mincore failed ({Marshal.GetLastPInvokeError()})");
        }

        return (vector.Count(p => (p & 1) != 0), vector.Length);
    }

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int InCore(nint address, nuint length, [Out] byte[] vector);
}
