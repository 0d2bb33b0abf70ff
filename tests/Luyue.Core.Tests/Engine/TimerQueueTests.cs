using Luyue.Core.Engine;

namespace Luyue.Core.Tests.Engine;

public class TimerQueueTests
{
    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 1_000)]
    [InlineData(3, 5_000)]
    public void Orders_come_out_earliest_first_and_by_id_on_a_tie_however_their_timers_moved(int seed, int orders)
    {
        var random = new Random(seed);
        var queue = new TimerQueue();
        var model = new Dictionary<OrderState, long>();
        var mostWaiting = 0;

        // Ids that often share their first four characters (the heap's inline prefix) and times that often tie.
        var all = Enumerable.Range(0, orders).Select(i => new OrderState($"{random.Next(3)}{random.Next(3)}{random.Next(3)}{random.Next(3)}-{i}")).ToList();
        for (var step = 0; step < orders * 4; step++)
        {
            var order = all[random.Next(all.Count)];
            var wake = random.Next(10) == 0 ? RuleEvaluator.Never : random.Next(50);
            queue.Set(order, wake);
            if (wake == RuleEvaluator.Never)
            {
                model.Remove(order);
            }
            else
            {
                model[order] = wake;
            }

            Assert.Equal(model.Count, queue.Count);
            mostWaiting = Math.Max(mostWaiting, model.Count);
        }

        Assert.Equal(mostWaiting, queue.HandlesMade);

        var expected = model.OrderBy(p => p.Value).ThenBy(p => p.Key.Id, StringComparer.Ordinal).ToList();
        foreach (var (order, at) in expected)
        {
            Assert.True(queue.TryPeek(out var first, out var firstAt));
            Assert.Equal(order, first);
            Assert.Equal(at, firstAt);
            Assert.Equal(at, first.NextWake);
            queue.Set(first, RuleEvaluator.Never);
        }

        Assert.False(queue.TryPeek(out _, out _));
        Assert.All(all, o => Assert.Equal(-1, o.TimerHandle));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 0)]
    [InlineData(3, 5)]
    [InlineData(4, 63)]
    [InlineData(5, 9)] // one or two buckets of up to 300 wakes: more than a chunk
    public void Orders_come_out_as_from_one_ordered_list_while_wakes_move_between_buckets_and_the_near_heap(int seed, int bucketShift)
    {
        // Buckets of 2^bucketShift ticks over wakes of 0–400, so that wakes cross between buckets and the heap of the
        // bucket taken up, and fire as the engine fires them: the earliest judged, then moved later or taken out.
        var random = new Random(seed);
        var queue = new TimerQueue(bucketShift);
        var model = new Dictionary<OrderState, long>();
        var all = Enumerable.Range(0, 300).Select(i => new OrderState($"{random.Next(3)}{random.Next(3)}{random.Next(3)}{random.Next(3)}-{i}")).ToList();
        var clock = 0L;
        for (var step = 0; step < 20_000; step++)
        {
            if (random.Next(3) == 0 && queue.TryPeek(out var first, out var firstAt))
            {
                var (expected, expectedAt) = model.OrderBy(p => p.Value).ThenBy(p => p.Key.Id, StringComparer.Ordinal).First();
                Assert.Equal(expected, first);
                Assert.Equal(expectedAt, firstAt);
                clock = Math.Max(clock, firstAt);
                var later = random.Next(4) == 0 ? RuleEvaluator.Never : clock + random.Next(1, 60);
                queue.Set(first, later);
                Apply(model, first, later);
            }
            else
            {
                var order = all[random.Next(all.Count)];
                var wake = random.Next(10) == 0 ? RuleEvaluator.Never : clock + random.Next(400);
                queue.Set(order, wake);
                Apply(model, order, wake);
            }

            Assert.Equal(model.Count, queue.Count);
        }

        foreach (var (order, at) in model.OrderBy(p => p.Value).ThenBy(p => p.Key.Id, StringComparer.Ordinal).ToList())
        {
            Assert.True(queue.TryPeek(out var first, out var firstAt));
            Assert.Equal((order, at), (first, firstAt));
            queue.Set(first, RuleEvaluator.Never);
        }

        Assert.False(queue.TryPeek(out _, out _));
        Assert.All(all, o => Assert.Equal(-1, o.TimerHandle));
    }

    private static void Apply(Dictionary<OrderState, long> model, OrderState order, long wake)
    {
        if (wake == RuleEvaluator.Never)
        {
            model.Remove(order);
        }
        else
        {
            model[order] = wake;
        }
    }
}
