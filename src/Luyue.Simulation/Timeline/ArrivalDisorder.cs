using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// Bends when events reach the stream without changing when they happened: late evidence, shuffled runs of scans,
/// duplicate deliveries. Every change only delays an emission, so no event ever arrives before it happened and
/// the reorder buffer can release everything up to the newest payment.
/// </summary>
internal static class ArrivalDisorder
{
    /// <summary>
    /// Holds back every scan stamped before <paramref name="deadline"/> until after it, and after the first of the
    /// order's own events past it: the engine first sees the deadline pass with no evidence, then receives it.
    /// </summary>
    public static void DelayEvidence(StepList steps, long deadline, Prng rng)
    {
        var firstAfter = long.MaxValue;
        foreach (ref readonly var step in steps.Items)
        {
            if (step.At >= deadline && step.At < firstAfter)
            {
                firstAfter = step.At;
            }
        }

        var emitAt = deadline + rng.Hours(2, 12);
        if (firstAfter != long.MaxValue)
        {
            emitAt = Math.Max(emitAt, firstAfter + rng.Minutes(10, 120));
        }

        foreach (ref var step in steps.Items)
        {
            if (step.IsScan && step.At < deadline)
            {
                step.EmitAt = emitAt;
            }
        }
    }

    /// <summary>Scans that still arrive when they happen: candidates for a shuffle, in event-time order.</summary>
    public static int[] ShuffleCandidates(StepList steps)
    {
        var candidates = new List<int>();
        for (var i = 0; i < steps.Count; i++)
        {
            ref readonly var step = ref steps[i];
            if (step.IsScan && step.EmitAt == step.At)
            {
                candidates.Add(i);
            }
        }

        candidates.Sort((a, b) => steps[a].At != steps[b].At ? steps[a].At.CompareTo(steps[b].At) : steps[a].Number.CompareTo(steps[b].Number));
        return [.. candidates];
    }

    /// <summary>
    /// A run of two to four consecutive scans arrives together, shortly after the last of them happened, in a
    /// shuffled order that is never the original one (as when a carrier pushes a batch out of order).
    /// </summary>
    public static void Shuffle(StepList steps, int[] candidates, Prng rng)
    {
        var length = Math.Min(rng.Between(2, 4), candidates.Length);
        var start = rng.Next(candidates.Length - length + 1);
        var last = 0L;
        for (var i = 0; i < length; i++)
        {
            last = Math.Max(last, steps[candidates[start + i]].At);
        }

        Span<long> delays = stackalloc long[length];
        var delay = rng.Minutes(1, 10);
        for (var i = 0; i < length; i++)
        {
            delays[i] = delay;
            delay += rng.Minutes(1, 20);
        }

        Span<int> order = stackalloc int[length];
        for (var i = 0; i < length; i++)
        {
            order[i] = i;
        }

        for (var i = length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var identity = true;
        for (var i = 0; i < length && identity; i++)
        {
            identity = order[i] == i;
        }

        if (identity)
        {
            order.Reverse();
        }

        for (var i = 0; i < length; i++)
        {
            steps[candidates[start + i]].EmitAt = last + delays[order[i]];
        }
    }

    /// <summary>Delivers one event (sometimes two) a second time, minutes to hours later.</summary>
    public static void Duplicate(StepList steps, Prng rng)
    {
        var originals = steps.Count;
        var first = rng.Next(originals);
        steps.AddCopy(first, steps[first].EmitAt + rng.Minutes(1, 360));
        if (originals >= 2 && rng.Chance(0.15))
        {
            var second = (first + 1 + rng.Next(originals - 1)) % originals;
            steps.AddCopy(second, steps[second].EmitAt + rng.Minutes(1, 360));
        }
    }
}
