namespace Luyue.Simulation.Timeline;

/// <summary>A scratch list the planner writes one order's steps into, reused between orders to avoid garbage.</summary>
internal sealed class StepList
{
    private Step[] steps = new Step[32];
    private ushort nextNumber;

    public int Count { get; private set; }

    public Span<Step> Items => steps.AsSpan(0, Count);

    public ref Step this[int index] => ref steps[index];

    public void Clear()
    {
        Count = 0;
        nextNumber = 0;
    }

    /// <summary>Adds an event that reaches the stream when it happens; returns its index.</summary>
    public int Add(long at, StepKind kind, int parcel = 0, short place = 0, short next = 0, int attempt = 1, byte flags = 0)
    {
        var index = Append(new Step
        {
            At = at, EmitAt = at, Kind = kind, Parcel = (byte)parcel, Place = place, Next = next, Attempt = (byte)attempt,
            Flags = flags, Number = nextNumber,
        });
        nextNumber++;
        return index;
    }

    /// <summary>Adds a second delivery of step <paramref name="index"/>: same number (so same id), arriving later.</summary>
    public void AddCopy(int index, long emitAt)
    {
        var copy = steps[index];
        copy.EmitAt = emitAt;
        copy.Flags |= Step.CopyFlag;
        Append(copy);
    }

    /// <summary>The steps in emission order: by emission time, ties in the order they were planned.</summary>
    public Step[] ToEmissionOrder()
    {
        var result = Items.ToArray();
        Array.Sort(result, static (a, b) => a.EmitAt != b.EmitAt ? a.EmitAt.CompareTo(b.EmitAt) : a.Ordinal.CompareTo(b.Ordinal));
        return result;
    }

    private int Append(Step step)
    {
        if (Count == steps.Length)
        {
            Array.Resize(ref steps, steps.Length * 2);
        }

        step.Ordinal = (ushort)Count;
        steps[Count] = step;
        return Count++;
    }
}
