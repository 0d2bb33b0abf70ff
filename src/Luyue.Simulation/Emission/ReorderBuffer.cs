using Luyue.Simulation.Timeline;

namespace Luyue.Simulation.Emission;

/// <summary>
/// Orders in flight, keyed by when their next event reaches the stream. Holding one entry per order (each plan
/// keeps its own steps in emission order) bounds memory by the orders in flight, not by the run's length; ties
/// go to the older order, so the output is a pure function of the plans.
/// </summary>
internal sealed class ReorderBuffer(long origin)
{
    // The key packs (emission second since the run's start, order index) into one long: the queue's fast path
    // for primitive priorities is markedly cheaper than a custom comparer over a tuple, at ten million operations.
    private readonly PriorityQueue<OrderPlan, long> queue = new();

    public int Peak { get; private set; }

    public void Add(OrderPlan plan)
    {
        if (!plan.HasNext)
        {
            return;
        }

        queue.Enqueue(plan, Key(plan));
        Peak = Math.Max(Peak, queue.Count);
    }

    /// <summary>The order whose next event is due first, if it is due no later than <paramref name="until"/>.</summary>
    public bool TryPeekDue(long until, out OrderPlan plan)
    {
        if (queue.TryPeek(out var next, out _) && next.NextStep.EmitAt <= until)
        {
            plan = next;
            return true;
        }

        plan = null!;
        return false;
    }

    /// <summary>Call after emitting the peeked plan's step and advancing it: requeues it by its next step, or drops it.</summary>
    public void Requeue(OrderPlan plan)
    {
        if (plan.HasNext)
        {
            queue.DequeueEnqueue(plan, Key(plan));
        }
        else
        {
            queue.Dequeue();
        }
    }

    private long Key(OrderPlan plan)
    {
        var seconds = plan.NextStep.EmitAt - origin;
        if (seconds is < 0 or > int.MaxValue)
        {
            throw new InvalidOperationException($"order {plan.OrderId}: an event {seconds} s from the start is outside the generator's range");
        }

        return (seconds << 32) | (uint)plan.Index;
    }
}
