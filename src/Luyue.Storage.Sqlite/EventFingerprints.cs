using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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
/// A fingerprint is the first 128 bits of SHA-256 over the length-prefixed UTF-8 of both: two different pairs share
/// one with probability about n²/2¹²⁹ (10⁻¹⁹ for 10¹⁰ events), and a sender cannot aim for a collision with another's
/// id. It costs 28 to 56 bytes of memory per stored event (the set's arrays grow by doubling).
/// </remarks>
internal sealed class EventFingerprints
{
    private readonly HashSet<Fingerprint> stored = [];
    private long seenThrough;

    /// <summary>Stored events, fingerprinted.</summary>
    public int Count => stored.Count;

    public bool Contains(Fingerprint fingerprint) => stored.Contains(fingerprint);

    /// <summary>Adds the rows committed after the last sequence seen; call with the write lock held.</summary>
    public void CatchUp(sqlite3 database)
    {
        using var select = Statement.Prepare(database, "SELECT sequence, tenant, event_id FROM events WHERE sequence > ?1 ORDER BY sequence");
        raw.sqlite3_bind_int64(select.Handle, 1, seenThrough);
        int result;
        while ((result = raw.sqlite3_step(select.Handle)) == raw.SQLITE_ROW)
        {
            seenThrough = raw.sqlite3_column_int64(select.Handle, 0);
            stored.Add(Of(Column(select.Handle, 1), Column(select.Handle, 2)));
        }

        Statement.Check(database, result, raw.SQLITE_DONE);
    }

    /// <summary>Records what a committed append stored: its fingerprints, and its last sequence.</summary>
    public void Commit(IEnumerable<Fingerprint> added, long lastSequence)
    {
        foreach (var fingerprint in added)
        {
            stored.Add(fingerprint);
        }

        seenThrough = Math.Max(seenThrough, lastSequence);
    }

    /// <summary>The fingerprint of a tenant's event id.</summary>
    public static Fingerprint Of(string tenant, string eventId)
    {
        var length = 8 + Encoding.UTF8.GetMaxByteCount(tenant.Length) + Encoding.UTF8.GetMaxByteCount(eventId.Length);
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[512] : rented;
            return Of(buffer, Encoding.UTF8.GetBytes(tenant, buffer[4..]), eventId);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static Fingerprint Of(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> eventId)
    {
        var length = 8 + tenant.Length + eventId.Length;
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[512] : rented;
            // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
            BinaryPrimitives.WriteInt32LittleEndian(buffer, tenant.Length);
            tenant.CopyTo(buffer[4..]);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[(4 + tenant.Length)..], eventId.Length);
            eventId.CopyTo(buffer[(8 + tenant.Length)..]);
            return Hash(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static Fingerprint Of(Span<byte> buffer, int tenantLength, string eventId)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer, tenantLength);
        var idLength = Encoding.UTF8.GetBytes(eventId, buffer[(8 + tenantLength)..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(4 + tenantLength)..], idLength);
        return Hash(buffer[..(8 + tenantLength + idLength)]);
    }

    private static Fingerprint Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return new Fingerprint(BinaryPrimitives.ReadUInt64LittleEndian(digest), BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]));
    }

    private static ReadOnlySpan<byte> Column(sqlite3_stmt statement, int index) => raw.sqlite3_column_blob(statement, index);
}

/// <summary>128 bits of SHA-256: already uniformly spread, so the low bits are the hash code.</summary>
internal readonly record struct Fingerprint(ulong Low, ulong High)
{
    public override int GetHashCode() => unchecked((int)Low);
}
