using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Luyue.Core.Storage;

/// <summary>
/// The identity of a tenant's event for idempotency: the first 128 bits of SHA-256 over the length-prefixed UTF-8 of
/// the tenant and the event id. SQLite decides duplicates by it (docs/decisions/0003-event-log-fingerprints.md); it
/// lives here so that a caller can compute it before its serial section (ingestion's writer's turn) and hand it over in
/// <see cref="EventBatch.Fingerprints"/>. Two different pairs share one with probability about n²/2¹²⁹ (10⁻¹⁹ for 10¹⁰
/// events), and a sender cannot aim for a collision with another's id.
/// </summary>
/// <remarks>128 bits of SHA-256 are already uniformly spread, so the low bits are the hash code.</remarks>
public readonly record struct EventFingerprint(ulong Low, ulong High)
{
    private const int StackLimit = 512;

    public override int GetHashCode() => unchecked((int)Low);

    /// <summary>The fingerprint of a tenant's event id.</summary>
    public static EventFingerprint Of(string tenant, string eventId)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(eventId);
        var length = 8 + Encoding.UTF8.GetMaxByteCount(tenant.Length) + Encoding.UTF8.GetMaxByteCount(eventId.Length);
        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[StackLimit] : rented;
            var tenantLength = Encoding.UTF8.GetBytes(tenant, buffer[4..]);
            var idLength = Encoding.UTF8.GetBytes(eventId, buffer[(8 + tenantLength)..]);
            return Of(buffer, tenantLength, idLength);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The fingerprint of a tenant's event id given as UTF-8 (as a store reads them back).</summary>
    public static EventFingerprint Of(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> eventId)
    {
        var length = 8 + tenant.Length + eventId.Length;
        var rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[StackLimit] : rented;
            tenant.CopyTo(buffer[4..]);
            eventId.CopyTo(buffer[(8 + tenant.Length)..]);
            return Of(buffer, tenant.Length, eventId.Length);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Hashes a buffer holding the tenant at 4 and the id after it, writing their length prefixes first.</summary>
    private static EventFingerprint Of(Span<byte> buffer, int tenantLength, int idLength)
    {
        // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        BinaryPrimitives.WriteInt32LittleEndian(buffer, tenantLength);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(4 + tenantLength)..], idLength);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..(8 + tenantLength + idLength)], digest);
        return new EventFingerprint(BinaryPrimitives.ReadUInt64LittleEndian(digest), BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]));
    }
}
