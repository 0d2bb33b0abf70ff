using System.Runtime.InteropServices;
using Luyue.Core.Engine;

namespace Luyue.Core.Tests.Engine;

/// <summary>The range <see cref="HugePages"/> advises must be the collector's heap, found in the process's mappings.</summary>
public class HugePagesTests
{
    [Fact]
    public void The_heap_range_is_the_largest_anonymous_mapping_with_its_neighbours()
    {
        string[] maps =
        [
            "55d0c0000000-55d0c0021000 r--p 00000000 08:01 131 /usr/bin/dotnet",
            "7f0000000000-7f0000400000 rw-p 00000000 00:00 0",
            "7f0000400000-7f0c00000000 ---p 00000000 00:00 0",
            "7f0c00000000-7f0c00200000 rw-p 00000000 00:00 0",
            "7f0c00300000-7f0c80000000 ---p 00000000 00:00 0",
            "7f1000000000-7f1000100000 r-xp 00000000 08:01 77 /usr/lib/libc.so.6",
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]",
        ];

        // The largest is the reserved middle; the committed parts either side of it touch it, the one after a gap does not.
        Assert.Equal((0x7f0000000000UL, 0x7f0c00200000UL), HugePages.HeapRange(maps));
        Assert.Null(HugePages.HeapRange(["55d0c0000000-55d0c0021000 r--p 00000000 08:01 131 /usr/bin/dotnet"]));
    }

    [Fact]
    public void On_linux_the_range_found_holds_what_the_collector_allocates()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var range = HugePages.HeapRange(File.ReadLines("/proc/self/maps"));
        var small = new byte[1024];
        var large = GC.AllocateUninitializedArray<byte>(8 << 20);
        Assert.NotNull(range);
        foreach (var array in new[] { small, large })
        {
            var pinned = GCHandle.Alloc(array, GCHandleType.Pinned);
            try
            {
                Assert.InRange((ulong)pinned.AddrOfPinnedObject(), range.Value.Start, range.Value.End - 1);
            }
            finally
            {
                pinned.Free();
            }
        }

        // Advising is a hint, which a kernel without transparent huge pages refuses; one that has them takes it.
        var advised = HugePages.AdviseHeap();
        const string setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        if (File.Exists(setting) && !File.ReadAllText(setting).Contains("[never]", StringComparison.Ordinal)
            && Environment.GetEnvironmentVariable("LUYUE_HUGE_PAGES") != "0")
        {
            Assert.Equal(range, advised);
        }
    }
}
