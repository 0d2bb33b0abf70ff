using System.Globalization;
using System.Runtime.InteropServices;

namespace Luyue.Core.Engine;

/// <summary>
/// Asks Linux to back the collector's heap with transparent huge pages (2 MiB instead of 4 KiB), for a batch such as
/// <c>luyue replay</c>, which reads its orders, numbers and their tables at random over a heap of a gigabyte or more:
/// with small pages nearly every such read also missed the processor's address-translation cache. Where the kernel
/// gives huge pages only to memory that asks for them (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> set to
/// <c>madvise</c>, as on this project's machines), the runtime never asks, so this does, over the address range the
/// collector reserves for its whole heap when it starts (by far the process's largest anonymous mapping). The 1,000,000-
/// order replay took 4–8 % less CPU with it (docs/performance.md). A hint only: nothing the program computes depends
/// on it, and where it is refused, or not Linux, nothing changes. <c>LUYUE_HUGE_PAGES=0</c> leaves the heap alone.
/// Not for the server, where a page fault that compacts memory for a huge page would add to a request's latency.
/// </summary>
public static class HugePages
{
    /// <summary>
    /// Advises huge pages over the collector's reserved range; returns the range advised, or null where nothing was
    /// (not Linux, turned off, no such range found, or the kernel refused).
    /// </summary>
    public static (ulong Start, ulong End)? AdviseHeap()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("LUYUE_HUGE_PAGES") == "0")
        {
            return null;
        }

        try
        {
            if (HeapRange(File.ReadLines("/proc/self/maps")) is not { } range)
            {
                return null;
            }

            return LinuxMemory.Advise(checked((nint)range.Start), checked((nuint)(range.End - range.Start)), LinuxMemory.HugePage) == 0 ? range : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The collector's reserved range in a <c>/proc/PID/maps</c> listing: the largest anonymous mapping, with the
    /// anonymous mappings right before and after it (the parts committed so far have other permissions, so the kernel
    /// lists them apart).
    /// </summary>
    internal static (ulong Start, ulong End)? HeapRange(IEnumerable<string> maps)
    {
        var anonymous = new List<(ulong Start, ulong End)>();
        foreach (var line in maps)
        {
            // "start-end perms offset device inode [path]": an anonymous mapping has no path.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5 || fields[0].Split('-') is not [var start, var end])
            {
                continue;
            }

            anonymous.Add((ulong.Parse(start, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(end, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        }

        if (anonymous.Count == 0)
        {
            return null;
        }

        var largest = 0;
        for (var i = 1; i < anonymous.Count; i++)
        {
            if (anonymous[i].End - anonymous[i].Start > anonymous[largest].End - anonymous[largest].Start)
            {
                largest = i;
            }
        }

        var (first, last) = (largest, largest);
        while (first > 0 && anonymous[first - 1].End == anonymous[first].Start)
        {
            first--;
        }

        while (last < anonymous.Count - 1 && anonymous[last + 1].Start == anonymous[last].End)
        {
            last++;
        }

        return (anonymous[first].Start, anonymous[last].End);
    }
}
