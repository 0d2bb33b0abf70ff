using System.Buffers;
using System.Buffers.Binary;
using SQLitePCL;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// One run of a side table (<c>events_by_order</c> or <c>scans_by_tracking</c>, 0009-side-tables-in-runs.sql) as the
/// batch copy builds it: (tenant, key, sequence) entries, their keys copied into one buffer. Its arrays are kept from
/// copy to copy (a copy holds about 50,000 entries: new ones each time were large-object garbage for the collector).
/// </summary>
/// <remarks>Not thread-safe: used only by the store's single writer.</remarks>
internal sealed class SideTableRun(string insertSql)
{
    private readonly ArrayBufferWriter<byte> keys = new(1 << 20);
    private readonly List<byte[]> tenants = [];
    private Entry[] entries = new Entry[1 << 16];
    private ulong[] prefixes = new ulong[1 << 16];
    private int[] order = new int[1 << 16];
    private int count;

    /// <summary>Empties the run: a copy starts with this, so a copy that failed half-way (its transaction rolled back) leaves nothing behind.</summary>
    public void Clear()
    {
        count = 0;
        keys.ResetWrittenCount();
        tenants.Clear();
    }

    /// <summary>Adds an entry; the spans are copied (they may be SQLite's, valid only until its statement steps on).</summary>
    public void Add(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> key, long sequence)
    {
        if (count == entries.Length)
        {
            Array.Resize(ref entries, count * 2);
            Array.Resize(ref prefixes, count * 2);
            Array.Resize(ref order, count * 2);
        }

        // The key's first 8 bytes, big-endian and zero-padded: ordered as the keys' bytes are, as far as they go.
        Span<byte> first = stackalloc byte[8];
        first.Clear();
        key[..Math.Min(8, key.Length)].CopyTo(first);
        prefixes[count] = BinaryPrimitives.ReadUInt64BigEndian(first);
        order[count] = count;
        entries[count] = new Entry(TenantNumber(tenant), keys.WrittenCount, key.Length, sequence);
        keys.Write(key);
        count++;
    }

    /// <summary>
    /// Inserts the entries as run <paramref name="run"/>, roughly in key order (by the first 8 bytes, which tell nearly
    /// all keys apart; tenants interleaved), so that consecutive inserts fill the run's pages one after another instead
    /// of splitting them.
    /// </summary>
    public void InsertAs(sqlite3 database, long run)
    {
        Array.Sort(prefixes, order, 0, count);
        using (var insert = Statement.Prepare(database, insertSql))
        {
            insert.BindInt64(1, run);
            for (var i = 0; i < count; i++)
            {
                var entry = entries[order[i]];
                insert.BindUtf8(2, tenants[entry.Tenant]);
                insert.BindUtf8(3, keys.WrittenSpan.Slice(entry.KeyStart, entry.KeyLength));
                insert.BindInt64(4, entry.Sequence);
                insert.Execute();
            }
        }
    }

    /// <summary>The number of a tenant among this run's, added if new (a run holds one tenant or a few).</summary>
    private int TenantNumber(ReadOnlySpan<byte> tenant)
    {
        for (var i = tenants.Count - 1; i >= 0; i--)
        {
            if (tenant.SequenceEqual(tenants[i]))
            {
                return i;
            }
        }

        tenants.Add(tenant.ToArray());
        return tenants.Count - 1;
    }

    private readonly record struct Entry(int Tenant, int KeyStart, int KeyLength, long Sequence);
}
