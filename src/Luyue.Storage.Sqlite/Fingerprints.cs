using Luyue.Core.Storage;
using SQLitePCL;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// The (tenant, key) pairs stored in a table, as 128-bit fingerprints in memory: what decides that an appended row is a
/// duplicate, in place of a unique index whose random keys made every insert write a page of its own: event ids in
/// the event log (docs/decisions/0003-event-log-fingerprints.md; since 0008 in each batch row's records), finding keys in
/// <c>findings</c> (docs/decisions/0007-finding-keys-as-fingerprints.md).
/// </summary>
/// <remarks>
/// Not thread-safe: used only by the store's single writer, inside its write transaction. A write starts with
/// <see cref="Begin"/>, which catches up with the rows committed since the set last looked, by sequence, so another
/// process writing to the same file (it holds the same write lock while it writes) is seen too; sequences are handed out
/// in commit order under that lock, so "after the last sequence seen" misses nothing. The write then adds its keys as it
/// goes (<see cref="TryAdd"/>: one probe decides both "stored before" and "earlier in this write"); they stay only if it
/// commits (<see cref="Commit"/>), and the next <see cref="Begin"/> takes back those of a write that did not.
/// <para>
/// A fingerprint is <see cref="EventFingerprint"/> (128 bits of SHA-256 over the tenant and the key). The set is an
/// open-addressing table of them (linear probing, at most 70 % full): a lookup is one or two cache lines, where a
/// <see cref="HashSet{T}"/> read a bucket, then an entry elsewhere, and the write's own set and the commit's adds were
/// two more lookups per key. Written here because no package restorable here has such a table. 23 to 46 bytes of
/// memory per stored key.
/// </para>
/// </remarks>
/// <param name="select">
/// The rows past a sequence (bound as ?1), in sequence order; its first column is the last sequence a row holds.
/// </param>
/// <param name="read">Adds the fingerprints of the current row of <paramref name="select"/> (through <see cref="Add"/>).</param>
internal sealed class Fingerprints(string select, Action<sqlite3_stmt, Fingerprints> read)
{
    private const int InitialSlots = 1 << 10;

    // (0, 0) marks an empty slot; the one fingerprint equal to it (a 2^-128 chance) is held by storedZero instead.
    private EventFingerprint[] slots = new EventFingerprint[InitialSlots];
    private int count;
    private bool storedZero;
    private long seenThrough;

    // Added by the write in progress; taken back by the next Begin unless Commit kept them.
    private readonly List<EventFingerprint> tentative = [];

    /// <summary>Over a table with one key per row: its rows have <c>sequence</c> (the rowid), <c>tenant</c> and <paramref name="key"/>.</summary>
    public static Fingerprints OfColumn(string table, string key) =>
        new($"SELECT sequence, tenant, {key} FROM {table} WHERE sequence > ?1 ORDER BY sequence",
            (row, set) => set.Add(EventFingerprint.Of(raw.sqlite3_column_blob(row, 1), raw.sqlite3_column_blob(row, 2))));

    /// <summary>Stored keys, fingerprinted (with those of the write in progress).</summary>
    public int Count => count + (storedZero ? 1 : 0);

    public bool Contains(EventFingerprint fingerprint) =>
        fingerprint == default ? storedZero : slots[Find(fingerprint)] == fingerprint;

    /// <summary>
    /// Starts a write, with the write lock held: takes back what a write that did not commit added, then adds the rows
    /// committed after the last sequence seen.
    /// </summary>
    public void Begin(sqlite3 database)
    {
        for (var i = tentative.Count - 1; i >= 0; i--)
        {
            Remove(tentative[i]);
        }

        tentative.Clear();
        using var rows = Statement.Prepare(database, select);
        raw.sqlite3_bind_int64(rows.Handle, 1, seenThrough);
        int result;
        while ((result = raw.sqlite3_step(rows.Handle)) == raw.SQLITE_ROW)
        {
            seenThrough = raw.sqlite3_column_int64(rows.Handle, 0);
            read(rows.Handle, this);
        }

        Statement.Check(database, result, raw.SQLITE_DONE);
    }

    /// <summary>Adds a key the write in progress stores, unless stored or added before: false then (a duplicate).</summary>
    public bool TryAdd(EventFingerprint fingerprint)
    {
        if (!Add(fingerprint))
        {
            return false;
        }

        tentative.Add(fingerprint);
        return true;
    }

    /// <summary>The write in progress committed: its keys stay; <paramref name="lastSequence"/> is the last it stored (0: none).</summary>
    public void Commit(long lastSequence)
    {
        tentative.Clear();
        seenThrough = Math.Max(seenThrough, lastSequence);
    }

    /// <summary>Adds a committed key (<see cref="Begin"/>'s reader); false if already held.</summary>
    public bool Add(EventFingerprint fingerprint)
    {
        if (fingerprint == default)
        {
            var added = !storedZero;
            storedZero = true;
            return added;
        }

        var slot = Find(fingerprint);
        if (slots[slot] == fingerprint)
        {
            return false;
        }

        slots[slot] = fingerprint;
        count++;
        if (count * 10L > slots.Length * 7L)
        {
            Grow();
        }

        return true;
    }

    /// <summary>The slot holding <paramref name="fingerprint"/>, or the empty slot where it would go.</summary>
    private int Find(EventFingerprint fingerprint)
    {
        var mask = slots.Length - 1;
        // SHA-256's bits are uniform: the low ones are the hash.
        var slot = (int)(fingerprint.Low & (ulong)mask);
        while (slots[slot] != fingerprint && slots[slot] != default)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        var old = slots;
        slots = new EventFingerprint[old.Length * 2];
        foreach (var fingerprint in old)
        {
            if (fingerprint != default)
            {
                slots[Find(fingerprint)] = fingerprint;
            }
        }
    }

    /// <summary>
    /// Removes a key, moving back the ones after it that probing would no longer reach (linear probing's deletion).
    /// <see cref="Begin"/> removes a write's keys in the reverse of their order, which after a growth during the write
    /// is not a plain undo; any order works (as the tests check).
    /// </summary>
    internal void Remove(EventFingerprint fingerprint)
    {
        if (fingerprint == default)
        {
            storedZero = false;
            return;
        }

        var mask = slots.Length - 1;
        var hole = Find(fingerprint);
        if (slots[hole] != fingerprint)
        {
            return;
        }

        count--;
        for (var next = (hole + 1) & mask; slots[next] != default; next = (next + 1) & mask)
        {
            // An entry may fill the hole if its home slot is not in (hole, next] going round the table.
            var home = (int)(slots[next].Low & (ulong)mask);
            var reachable = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!reachable)
            {
                slots[hole] = slots[next];
                hole = next;
            }
        }

        slots[hole] = default;
    }
}
