using Luyue.Simulation.Timeline;

namespace Luyue.Simulation.Emission;

/// <summary>
/// Orders in flight, keyed by when their next event reaches the stream. Holding one entry per order (each plan
/// keeps its own steps in emission order) bounds memory by the orders in flight, not by the run's length; ties
/// go to the older order, so the output is a pure function of the plans.
/// </summary>
internal sealed class ReorderBuffer
{
    private readonly PriorityQueue<OrderPlan, (long EmitAt, int Order)> queue = new(KeyComparer.Instance);

    public int Count => queue.Count;

    public int Peak { get; private set; }

    public void Add(OrderPlan plan)
    {
        if (!plan.HasNext)
        {
            return;
        }

        queue.Enqueue(plan, (plan.NextStep.EmitAt, plan.Index));
        Peak = Math.Max(Peak, queue.Count);
    }

    /// <summary>The order whose next event is due first, if it is due no later than <paramref name="until"/>.</summary>
    public bool TryPeekDue(long until, out OrderPlan plan)
    {
        if (queue.TryPeek(out var next, out var key) && key.EmitAt <= until)
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
            queue.DequeueEnqueue(plan, (plan.NextStep.EmitAt, plan.Index));
        }
        else
        {
            queue.Dequeue();
        }
    }

    private sealed class KeyComparer : IComparer<(long EmitAt, int Order)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((long EmitAt, int Order) x, (long EmitAt, int Order) y) =>
            x.EmitAt != y.EmitAt ? x.EmitAt.CompareTo(y.EmitAt) : x.Order.CompareTo(y.Order);
    }
}
