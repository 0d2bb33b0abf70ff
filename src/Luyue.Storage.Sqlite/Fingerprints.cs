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
/// Not thread-safe: used only by the store's single writer, inside its write transaction. Before each write the set
/// catches up with the rows committed since it last looked (<see cref="CatchUp"/>), by sequence, so another process
/// writing to the same file (it holds the same write lock while it writes) is seen too; sequences are handed out in
/// commit order under that lock, so "after the last sequence seen" misses nothing. The fingerprints of a write are
/// added only once it has committed (<see cref="Commit"/>), so a rolled-back write leaves no trace.
/// A fingerprint is <see cref="EventFingerprint"/> (128 bits of SHA-256 over the tenant and the key). It costs 28 to 56
/// bytes of memory per stored key (the set's arrays grow by doubling).
/// </remarks>
/// <param name="select">
/// The rows past a sequence (bound as ?1), in sequence order; its first column is the last sequence a row holds.
/// </param>
/// <param name="read">Adds the fingerprints of the current row of <paramref name="select"/>.</param>
internal sealed class Fingerprints(string select, Action<sqlite3_stmt, HashSet<EventFingerprint>> read)
{
    private readonly HashSet<EventFingerprint> stored = [];
    private long seenThrough;

    /// <summary>Over a table with one key per row: its rows have <c>sequence</c> (the rowid), <c>tenant</c> and <paramref name="key"/>.</summary>
    public static Fingerprints OfColumn(string table, string key) =>
        new($"SELECT sequence, tenant, {key} FROM {table} WHERE sequence > ?1 ORDER BY sequence",
            (row, set) => set.Add(EventFingerprint.Of(raw.sqlite3_column_blob(row, 1), raw.sqlite3_column_blob(row, 2))));

    /// <summary>Stored keys, fingerprinted.</summary>
    public int Count => stored.Count;

    public bool Contains(EventFingerprint fingerprint) => stored.Contains(fingerprint);

    /// <summary>Adds the rows committed after the last sequence seen; call with the write lock held.</summary>
    public void CatchUp(sqlite3 database)
    {
        using var rows = Statement.Prepare(database, select);
        raw.sqlite3_bind_int64(rows.Handle, 1, seenThrough);
        int result;
        while ((result = raw.sqlite3_step(rows.Handle)) == raw.SQLITE_ROW)
        {
            seenThrough = raw.sqlite3_column_int64(rows.Handle, 0);
            read(rows.Handle, stored);
        }

        Statement.Check(database, result, raw.SQLITE_DONE);
    }

    /// <summary>Records what a committed write stored: its fingerprints, and its last sequence.</summary>
    public void Commit(IEnumerable<EventFingerprint> added, long lastSequence)
    {
        foreach (var fingerprint in added)
        {
            stored.Add(fingerprint);
        }

        seenThrough = Math.Max(seenThrough, lastSequence);
    }
}
