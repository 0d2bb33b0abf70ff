using Luyue.Core.Engine;

namespace Luyue.Core.Tests.Engine;

public class IdleBucketsTests
{
    private const long Day = TimeSpan.TicksPerDay;

    private sealed class Item(string name) : IIdleFiled
    {
        public string Name => name;

        public long Bucket { get; set; } = IdleBuckets<Item>.NotFiled;
    }

    private static string[] Due(IdleBuckets<Item> buckets, long horizon)
    {
        var due = new List<Item>();
        buckets.Due(horizon, due);
        return due.Select(i => i.Name).ToArray();
    }

    [Fact]
    public void Due_gives_the_buckets_up_to_the_horizons_own_oldest_first_each_item_once()
    {
        var buckets = new IdleBuckets<Item>();
        var (a, b, c, d) = (new Item("a"), new Item("b"), new Item("c"), new Item("d"));
        buckets.File(c, 20 * Day);
        buckets.File(a, 1 * Day);
        buckets.File(b, 1 * Day + 1);
        buckets.File(a, 1 * Day + 2); // the same bucket again: no second entry
        buckets.File(d, 100 * Day);

        Assert.Equal(["a", "b", "c"], Due(buckets, 20 * Day));
    }

    [Fact]
    public void An_item_filed_again_later_leaves_its_earlier_bucket()
    {
        var buckets = new IdleBuckets<Item>();
        var (a, b) = (new Item("a"), new Item("b"));
        buckets.File(a, 1 * Day);
        buckets.File(b, 1 * Day);
        buckets.File(a, 50 * Day);

        Assert.Equal(["b"], Due(buckets, 10 * Day));
        Assert.Equal(["a"], Due(buckets, 50 * Day));
    }

    [Fact]
    public void Earlier_buckets_are_emptied_and_the_horizons_own_keeps_its_items()
    {
        var buckets = new IdleBuckets<Item>();
        var (old, recent) = (new Item("old"), new Item("recent"));
        buckets.File(old, 1 * Day);
        buckets.File(recent, 10 * Day + 1);

        // The horizon falls in recent's bucket, after it: recent comes back every time until filed elsewhere or
        // forgotten; old comes once, and not again unless filed again.
        Assert.Equal(["old", "recent"], Due(buckets, 10 * Day + 2));
        Assert.Equal(["recent"], Due(buckets, 10 * Day + 3));
        buckets.File(old, 10 * Day + 3);
        IdleBuckets<Item>.Forget(recent);
        Assert.Equal(["old"], Due(buckets, 10 * Day + 4));
    }

    /// <summary>A bucket keeps its entries in chunks of a few thousand: past several chunks, order and membership hold.</summary>
    [Fact]
    public void Buckets_of_many_chunks_keep_their_items_in_filing_order()
    {
        var buckets = new IdleBuckets<Item>();
        var items = Enumerable.Range(0, (2 * IdleBuckets<Item>.ChunkSize) + 1_000).Select(i => new Item(i.ToString())).ToArray();
        foreach (var item in items)
        {
            buckets.File(item, 10 * Day);
        }

        var moved = items.Where((_, i) => i % 3 == 0).ToArray();
        foreach (var item in moved)
        {
            buckets.File(item, 20 * Day);
        }

        var stayed = items.Where((_, i) => i % 3 != 0).Select(i => i.Name).ToArray();
        Assert.Equal(stayed, Due(buckets, 10 * Day + 1)); // the horizon's own bucket: kept, less the moved entries
        Assert.Equal(stayed, Due(buckets, 10 * Day + 2));

        foreach (var item in items.Where((_, i) => i % 3 == 1))
        {
            IdleBuckets<Item>.Forget(item);
        }

        Assert.Equal(items.Where((_, i) => i % 3 == 2).Select(i => i.Name), Due(buckets, 10 * Day + 3));

        // Past the first bucket: it is emptied and its chunks serve the buckets filed after it.
        Assert.Equal(items.Where((_, i) => i % 3 == 2).Concat(moved).Select(i => i.Name), Due(buckets, 20 * Day));
        var later = Enumerable.Range(0, 9_000).Select(i => new Item($"later{i}")).ToArray();
        foreach (var item in later)
        {
            buckets.File(item, 40 * Day);
        }

        Assert.Equal(moved.Select(i => i.Name).Concat(later.Select(i => i.Name)), Due(buckets, 40 * Day));
    }

    [Fact]
    public void Matches_looking_at_every_item_on_random_activity()
    {
        // The sweep's question, "what was last active before the horizon", asked of the buckets (then checked by
        // time, as the callers do) and of every item: the same answer, day after day.
        var random = new Random(7);
        var items = Enumerable.Range(0, 300).Select(i => new Item(i.ToString())).ToArray();
        var last = new long[items.Length];
        var gone = new bool[items.Length];
        var buckets = new IdleBuckets<Item>();
        var retention = 9 * Day;
        long now = Day;
        for (var day = 0; day < 60; day++)
        {
            for (var n = 0; n < 100; n++)
            {
                now += random.NextInt64(Day / 100);
                var i = random.Next(items.Length);
                last[i] = now;
                gone[i] = false;
                buckets.File(items[i], now);
            }

            var horizon = now - retention;
            var expected = Enumerable.Range(0, items.Length).Where(i => !gone[i] && last[i] != 0 && last[i] < horizon).ToHashSet();
            var due = new List<Item>();
            buckets.Due(horizon, due);
            var idle = new HashSet<int>();
            foreach (var item in due)
            {
                var i = int.Parse(item.Name);
                if (last[i] >= horizon)
                {
                    buckets.File(item, last[i]);
                    continue;
                }

                Assert.True(idle.Add(i), $"item {i} came twice");
                IdleBuckets<Item>.Forget(item);
                gone[i] = true;
            }

            Assert.Equal(expected.Order(), idle.Order());
        }
    }
}
