namespace Luyue.Simulation.Randomness;

/// <summary>Picks items with probability proportional to their weights (cumulative table, binary search).</summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] items;
    private readonly double[] cumulative;

    public WeightedChoice(IEnumerable<(T Item, double Weight)> weighted)
    {
        var list = weighted.Where(w => w.Weight > 0).ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("a weighted choice needs at least one item with a positive weight", nameof(weighted));
        }

        items = new T[list.Length];
        cumulative = new double[list.Length];
        var total = 0.0;
        for (var i = 0; i < list.Length; i++)
        {
            total += list[i].Weight;
            items[i] = list[i].Item;
            cumulative[i] = total;
        }
    }

    public T Pick(Prng rng)
    {
        var u = rng.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, u);
        // BinarySearch returns the complement of the first larger element when u falls between two sums.
        index = index < 0 ? ~index : index + 1;
        return items[Math.Min(index, items.Length - 1)];
    }
}
