using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using SQLitePCL;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// The log's side index (0010-side-index-in-blocks.sql): which sequences hold the events of an order, or the scans of a
/// tracking number; and the findings' (0011-findings-index-in-blocks.sql): which hold the findings of an order or of a
/// shop. Each batch copy adds a run; a run is (key hash, sequence) entries sorted by hash, stored as blocks of
/// a few hundred entries, one row of <c>log_index_blocks</c> each, keyed by (kind, run, the block's first hash). A
/// lookup reads one block per run (the last one starting at or before the hash) and searches it in memory.
/// </summary>
/// <remarks>
/// A key is its tenant and its text, hashed to 64 bits (<see cref="KeyHash"/>): the index may name sequences of
/// another key with the same hash, so a reader checks every event it finds against the key it asked for.
/// </remarks>
internal static class LogIndex
{
    /// <summary>Block row of an order's events.</summary>
    public const int OrderKind = 0;

    /// <summary>Block row of a tracking number's scans.</summary>
    public const int TrackingKind = 1;

    /// <summary>Block row of an order's findings (runs listed in <c>finding_index_runs</c>).</summary>
    public const int FindingOrderKind = 2;

    /// <summary>Block row of a shop's findings (runs listed in <c>finding_index_runs</c>).</summary>
    public const int FindingShopKind = 3;

    /// <summary>Bytes of one entry in a block: hash and sequence, each a little-endian 64-bit integer.</summary>
    public const int EntryBytes = 16;

    /// <summary>
    /// Entries a block holds before the next hash starts a new one: 3,840 bytes, so that a block and its row header fit
    /// one page even of a file made with SQLite's 4 KiB pages (the store makes 16 KiB ones). A block holds every entry of
    /// its hashes, so one with many entries of one hash can be larger.
    /// </summary>
    public const int BlockEntries = 240;

    /// <summary>The block of each run of the log that may hold a hash: the last one starting at or before it (NULL when none does).</summary>
    internal const string BlocksSql = """
        SELECT (SELECT entries FROM log_index_blocks
                WHERE kind = $kind AND run = runs.run AND first <= $hash ORDER BY first DESC LIMIT 1)
        FROM log_index_runs AS runs
        """;

    /// <summary><see cref="BlocksSql"/> over the findings' runs.</summary>
    internal const string FindingBlocksSql = """
        SELECT (SELECT entries FROM log_index_blocks
                WHERE kind = $kind AND run = runs.run AND first <= $hash ORDER BY first DESC LIMIT 1)
        FROM finding_index_runs AS runs
        """;

    private const byte Separator = 0xFF; // never a byte of UTF-8 text, so tenant and key cannot run into each other

    /// <summary>The 64-bit hash of a tenant's key (both as UTF-8): XxHash3 of the tenant, a separator byte and the key.</summary>
    public static long KeyHash(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> key)
    {
        var length = tenant.Length + 1 + key.Length;
        byte[]? rented = null;
        var joined = length <= 512 ? stackalloc byte[512] : rented = ArrayPool<byte>.Shared.Rent(length);
        tenant.CopyTo(joined);
        joined[tenant.Length] = Separator;
        key.CopyTo(joined[(tenant.Length + 1)..]);
        var hash = unchecked((long)XxHash3.HashToUInt64(joined[..length]));
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    /// <summary>Adds to <paramref name="sequences"/> the sequences a block holds under <paramref name="hash"/>.</summary>
    /// <exception cref="InvalidDataException">The block is not a whole number of entries (a damaged file).</exception>
    public static void Find(ReadOnlySpan<byte> block, long hash, List<long> sequences)
    {
        if (block.Length % EntryBytes != 0)
        {
            throw new InvalidDataException($"A block of log_index_blocks holds {block.Length} bytes, not a whole number of {EntryBytes}-byte entries.");
        }

        // The first entry whose hash is not below the one sought (entries are in hash order).
        int low = 0, high = block.Length / EntryBytes;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (HashAt(block, middle) < hash)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < block.Length / EntryBytes && HashAt(block, i) == hash; i++)
        {
            sequences.Add(BinaryPrimitives.ReadInt64LittleEndian(block[(i * EntryBytes + 8)..]));
        }
    }

    /// <summary>
    /// A side index's stored watermark (row 1 of <paramref name="watermarkTable"/>) when a copy is due, that is when
    /// <paramref name="last"/> is <paramref name="batch"/> or more sequences past it; else null. <paramref name="known"/>
    /// is the caller's last reading of it, which spares the read while it shows that no copy is due; the stored one
    /// decides, since another process on the file may have moved it.
    /// </summary>
    public static long? DueWatermark(sqlite3 database, string watermarkTable, ref long? known, long last, int batch)
    {
        if (known is { } cached && last - cached < batch)
        {
            return null;
        }

        using var select = Statement.Prepare(database, $"SELECT sequence FROM {watermarkTable} WHERE id = 1");
        Statement.Check(database, raw.sqlite3_step(select.Handle), raw.SQLITE_ROW);
        var indexed = raw.sqlite3_column_int64(select.Handle, 0);
        if (last - indexed < batch)
        {
            known = indexed;
            return null;
        }

        return indexed;
    }

    /// <summary>
    /// Inserts <paramref name="runs"/> as run <paramref name="last"/> (the new watermark: unique, and larger than every
    /// run before it), lists it in <paramref name="runsTable"/> and moves <paramref name="watermarkTable"/> to it.
    /// </summary>
    public static void AddRuns(sqlite3 database, long last, string runsTable, string watermarkTable, params Run[] runs)
    {
        foreach (var run in runs)
        {
            run.InsertAs(database, last);
        }

        using (var insert = Statement.Prepare(database, $"INSERT INTO {runsTable} (run) VALUES (?1)"))
        {
            insert.BindInt64(1, last);
            insert.Execute();
        }

        using var move = Statement.Prepare(database, $"UPDATE {watermarkTable} SET sequence = ?1 WHERE id = 1");
        move.BindInt64(1, last);
        move.Execute();
    }

    private static long HashAt(ReadOnlySpan<byte> block, int entry) => BinaryPrimitives.ReadInt64LittleEndian(block[(entry * EntryBytes)..]);

    /// <summary>
    /// One run of one kind as the batch copy builds it. Its arrays are kept from copy to copy (a copy holds about 50,000
    /// entries: new ones each time were large-object garbage for the collector).
    /// </summary>
    /// <remarks>Not thread-safe: used only by the store's single writer.</remarks>
    public sealed class Run(int kind, int blockEntries = BlockEntries)
    {
        private const int InitialEntries = 1 << 16;
        private long[] hashes = new long[InitialEntries];
        private long[] sequences = new long[InitialEntries];
        private readonly ArrayBufferWriter<byte> block = new(blockEntries * EntryBytes * 2);
        private int count;

        /// <summary>Empties the run: a copy starts with this, so a copy that failed half-way (its transaction rolled back) leaves nothing behind.</summary>
        public void Clear()
        {
            count = 0;
            // A whole log indexed at once (after migration 0010) grew the arrays far past a copy's needs: not kept.
            if (hashes.Length > InitialEntries * 4)
            {
                hashes = new long[InitialEntries];
                sequences = new long[InitialEntries];
            }
        }

        public void Add(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> key, long sequence)
        {
            if (count == hashes.Length)
            {
                Array.Resize(ref hashes, count * 2);
                Array.Resize(ref sequences, count * 2);
            }

            hashes[count] = KeyHash(tenant, key);
            sequences[count] = sequence;
            count++;
        }

        /// <summary>Sorts the entries and inserts them as run <paramref name="run"/>, block by block (a few hundred rows for 50,000 entries).</summary>
        public void InsertAs(sqlite3 database, long run)
        {
            Array.Sort(hashes, sequences, 0, count);
            using var insert = Statement.Prepare(database, "INSERT INTO log_index_blocks (kind, run, first, entries) VALUES (?1, ?2, ?3, ?4)");
            insert.BindInt64(1, kind);
            insert.BindInt64(2, run);
            var start = 0;
            while (start < count)
            {
                // A block ends at the first change of hash after it is full, so that all of a hash's entries are in it.
                var end = start;
                while (end < count && (end - start < blockEntries || hashes[end] == hashes[end - 1]))
                {
                    end++;
                }

                block.ResetWrittenCount();
                var bytes = block.GetSpan((end - start) * EntryBytes);
                for (var i = start; i < end; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(bytes[((i - start) * EntryBytes)..], hashes[i]);
                    BinaryPrimitives.WriteInt64LittleEndian(bytes[((i - start) * EntryBytes + 8)..], sequences[i]);
                }

                block.Advance((end - start) * EntryBytes);
                insert.BindInt64(3, hashes[start]);
                insert.BindBlob(4, block.WrittenSpan);
                insert.Execute();
                start = end;
            }
        }
    }
}
