namespace Luyue.Core.Geography;

/// <summary>
/// Place names to what they name, looked up without allocating (orders arrive by the million). A name may name
/// several places (鼓楼区 is in four cities); when names of different ranks collide, the stronger rank alone counts
/// (朝阳 is 朝阳市 the city before 朝阳区 the district). Written only while <see cref="ChinaRegions"/> is built.
/// </summary>
internal sealed class NameIndex<T>
    where T : class
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> bySpan;

    public NameIndex()
    {
        bySpan = entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int MaxNameLength { get; private set; }

    /// <param name="rank">Lower is stronger: a city outranks a district of the same name.</param>
    /// <param name="isShortForm">杭州 for 杭州市: in an address it must not be the start of a street name (杭州路).</param>
    public void Add(string name, int rank, bool isShortForm, T target)
    {
        if (!entries.TryGetValue(name, out var entry) || rank < entry.Rank)
        {
            entries[name] = new Entry(rank, isShortForm, target);
            MaxNameLength = Math.Max(MaxNameLength, name.Length);
            return;
        }

        if (rank == entry.Rank)
        {
            entry.Include(isShortForm, target);
        }
    }

    /// <returns>Every place the name names (more than one when it is ambiguous), or null when it names none.</returns>
    public IReadOnlyList<T>? Find(ReadOnlySpan<char> name) =>
        bySpan.TryGetValue(name, out var entry) ? entry.Targets : null;

    /// <summary>The longest name that starts <paramref name="text"/>, as in an address (浙江省杭州市… → 浙江省).</summary>
    /// <param name="streetMarkers">Words after which a short form is a street (北京路, 中山东路), not a place.</param>
    public NameMatch<T> LongestPrefix(ReadOnlySpan<char> text, string[] streetMarkers)
    {
        for (var length = Math.Min(text.Length, MaxNameLength); length > 0; length--)
        {
            if (bySpan.TryGetValue(text[..length], out var entry)
                && !(entry.IsShortForm && StartsWithAny(text[length..], streetMarkers)))
            {
                return new NameMatch<T>(length, entry.Targets);
            }
        }

        return default;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.StartsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Entry(int rank, bool isShortForm, T target)
    {
        private readonly List<T> targets = [target];

        public int Rank { get; } = rank;

        /// <summary>True when every place registered under this name uses it only as a short form.</summary>
        public bool IsShortForm { get; private set; } = isShortForm;

        public IReadOnlyList<T> Targets => targets;

        public void Include(bool isShortForm, T target)
        {
            IsShortForm &= isShortForm;
            if (!targets.Contains(target))
            {
                targets.Add(target);
            }
        }
    }
}

/// <summary>A name found at the start of a text: its length, and every place it names.</summary>
internal readonly record struct NameMatch<T>(int Length, IReadOnlyList<T>? Targets)
    where T : class;
