using Luyue.Core.Storage;
using SQLitePCL;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// The (tenant, key) pairs stored in a table, as 128-bit fingerprints in memory: what decides that an appended row is a
/// duplicate, in place of a unique index whose random keys made every insert write a page of its own: event ids in
/// <c>events</c> (docs/decisions/0003-event-log-fingerprints.md), finding keys in <c>findings</c>
/// (docs/decisions/0007-finding-keys-as-fingerprints.md).
/// </summary>
/// <remarks>
/// Not thread-safe: used only by the store's single writer, inside its write transaction. Before each write the set
/// catches up with the rows committed since it last looked (<see cref="CatchUp"/>), by sequence, so another process
/// writing to the same file (it holds the same write lock while it writes) is seen too; sequences are handed out in
/// commit order under that lock, so "after the last sequence seen" misses nothing. The fingerprints of a write are
/// added only once it has committed (<see cref="Commit"/>), so a rolled-back write leaves no trace.
/// A fingerprint is <see cref="EventFingerprint"/> (128 bits of SHA-256 over the tenant and the key). It costs 28 to 56
/// bytes of memory per stored row (the set's arrays grow by doubling).
/// </remarks>
/// <param name="table">The table, whose rows have <c>sequence</c> (the rowid) and <c>tenant</c>.</param>
/// <param name="key">The column unique per tenant.</param>
internal sealed class Fingerprints(string table, string key)
{
    private readonly HashSet<EventFingerprint> stored = [];
    private readonly string select = $"SELECT sequence, tenant, {key} FROM {table} WHERE sequence > ?1 ORDER BY sequence";
    private long seenThrough;

    /// <summary>Stored rows, fingerprinted.</summary>
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
            stored.Add(EventFingerprint.Of(Column(rows.Handle, 1), Column(rows.Handle, 2)));
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

    private static ReadOnlySpan<byte> Column(sqlite3_stmt statement, int index) => raw.sqlite3_column_blob(statement, index);
}
