namespace Luyue.Core.Engine;

/// <summary>
/// A dictionary whose entries are let go once the engine's retention has passed their stamp (a time on the engine's
/// clock or in event time, as the owner chooses): for what the engine keeps beside its orders and numbers (ids of
/// events without an order, decisions waiting for their filing, the penalty cap's ledger, the store level's judged
/// item-days), so that memory follows the
/// retention window, not the length of the stream. Stamps are queued in the order entries were set, so
/// <see cref="Forget"/> looks only at the oldest; an entry stamped earlier than one set before it waits for that one.
/// Not thread-safe, like the engine.
/// </summary>
internal sealed class ExpiringMap<TKey, TValue>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, (TValue Value, long Stamp)> entries = new(comparer);
    private readonly Queue<(long Stamp, TKey Key)> byAge = new();

    public int Count => entries.Count;

    public bool ContainsKey(TKey key) => entries.ContainsKey(key);

    public bool TryGetValue(TKey key, out TValue value)
    {
        if (entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Adds the entry unless the key is held; false when it was (a duplicate), and then nothing changes.</summary>
    public bool TryAdd(TKey key, TValue value, long stamp)
    {
        if (!entries.TryAdd(key, (value, stamp)))
        {
            return false;
        }

        byAge.Enqueue((stamp, key));
        return true;
    }

    /// <summary>Adds or replaces the entry; a replaced one is kept from its new stamp.</summary>
    public void Set(TKey key, TValue value, long stamp)
    {
        if (entries.TryGetValue(key, out var held) && held.Stamp == stamp)
        {
            entries[key] = (value, stamp);
            return;
        }

        entries[key] = (value, stamp);
        byAge.Enqueue((stamp, key));
    }

    public bool Remove(TKey key, out TValue value)
    {
        if (entries.Remove(key, out var entry))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Lets go of the entries stamped at or before <paramref name="horizon"/>.</summary>
    public void Forget(long horizon)
    {
        while (byAge.TryPeek(out var oldest) && oldest.Stamp <= horizon)
        {
            byAge.Dequeue();

            // A key set again since, or removed and set again, is held under its newer stamp (queued later).
            if (entries.TryGetValue(oldest.Key, out var entry) && entry.Stamp == oldest.Stamp)
            {
                entries.Remove(oldest.Key);
            }
        }
    }
}
