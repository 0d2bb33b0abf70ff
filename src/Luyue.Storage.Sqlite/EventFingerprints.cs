using Luyue.Core.Storage;
using SQLitePCL;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// The (tenant, event id) pairs stored in <c>events</c>, as 128-bit fingerprints in memory: what decides that an
/// appended event is a duplicate, in place of a unique index (docs/decisions/0003-event-log-fingerprints.md).
/// </summary>
/// <remarks>
/// Not thread-safe: used only by the store's single writer, inside its write transaction. Before each append the set
/// catches up with the rows committed since it last looked (<see cref="CatchUp"/>), by sequence, so another process
/// writing to the same file (it holds the same write lock while it appends) is seen too; sequences are handed out in
/// commit order under that lock, so "after the last sequence seen" misses nothing. The fingerprints of an append are
/// added only once it has committed (<see cref="Commit"/>), so a rolled-back append leaves no trace.
/// A fingerprint is <see cref="EventFingerprint"/> (128 bits of SHA-256). It costs 28 to 56 bytes of memory per stored
/// event (the set's arrays grow by doubling).
/// </remarks>
internal sealed class EventFingerprints
{
    private readonly HashSet<EventFingerprint> stored = [];
    private long seenThrough;

    /// <summary>Stored events, fingerprinted.</summary>
    public int Count => stored.Count;

    public bool Contains(EventFingerprint fingerprint) => stored.Contains(fingerprint);

    /// <summary>Adds the rows committed after the last sequence seen; call with the write lock held.</summary>
    public void CatchUp(sqlite3 database)
    {
        using var select = Statement.Prepare(database, "SELECT sequence, tenant, event_id FROM events WHERE sequence > ?1 ORDER BY sequence");
        raw.sqlite3_bind_int64(select.Handle, 1, seenThrough);
        int result;
        while ((result = raw.sqlite3_step(select.Handle)) == raw.SQLITE_ROW)
        {
            seenThrough = raw.sqlite3_column_int64(select.Handle, 0);
            stored.Add(EventFingerprint.Of(Column(select.Handle, 1), Column(select.Handle, 2)));
        }

        Statement.Check(database, result, raw.SQLITE_DONE);
    }

    /// <summary>Records what a committed append stored: its fingerprints, and its last sequence.</summary>
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
