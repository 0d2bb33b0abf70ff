using System.Text;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite.Tests;

public sealed class LogIndexTests
{
    [Fact]
    public void A_run_is_cut_into_blocks_in_hash_order_and_a_lookup_in_the_one_block_it_reads_finds_every_sequence_of_a_key()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE log_index_runs (run INTEGER PRIMARY KEY); INSERT INTO log_index_runs VALUES (7);"
                + "CREATE TABLE log_index_blocks (kind INTEGER, run INTEGER, first INTEGER, entries BLOB)";
            create.ExecuteNonQuery();
        }

        // Blocks of 4 entries; key K-0 has 9 entries (more than a block holds), the others one or two each.
        var run = new LogIndex.Run(LogIndex.OrderKind, blockEntries: 4);
        var expected = new Dictionary<string, List<long>>();
        long sequence = 0;
        foreach (var key in Enumerable.Range(0, 40).SelectMany(i => Enumerable.Repeat($"K-{i % 20}", i == 0 ? 9 : 1)))
        {
            sequence++;
            run.Add("t1"u8, Encoding.UTF8.GetBytes(key), sequence);
            (expected.TryGetValue(key, out var list) ? list : expected[key] = []).Add(sequence);
        }

        run.InsertAs(connection.Handle!, 7);

        var blocks = new List<(long First, byte[] Entries)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT first, entries FROM log_index_blocks WHERE kind = 0 AND run = 7 ORDER BY first";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                blocks.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        // Every entry once, in hash order across blocks; a block starts with its first hash; only a block holding all
        // of one hash's entries is larger than 4.
        var entries = blocks.SelectMany(b => Entries(b.Entries)).ToList();
        Assert.Equal(48, entries.Count);
        Assert.Equal(entries.OrderBy(e => e.Hash).Select(e => e.Hash), entries.Select(e => e.Hash));
        Assert.All(blocks, b => Assert.Equal(b.First, Entries(b.Entries)[0].Hash));
        Assert.All(blocks, b => Assert.True(Entries(b.Entries).Count <= 4 || Entries(b.Entries).Select(e => e.Hash).Distinct().Count() < Entries(b.Entries).Count));

        foreach (var (key, sequences) in expected)
        {
            var hash = LogIndex.KeyHash("t1"u8, Encoding.UTF8.GetBytes(key));
            using var lookup = connection.CreateCommand();
            lookup.CommandText = LogIndex.BlocksSql;
            lookup.Parameters.AddWithValue("$kind", LogIndex.OrderKind);
            lookup.Parameters.AddWithValue("$hash", hash);
            var found = new List<long>();
            LogIndex.Find((byte[])lookup.ExecuteScalar()!, hash, found);
            Assert.Equal(sequences, found.Order());
        }

        // A hash below every block's first has no block; one between keys finds nothing in the block it reads.
        using var none = connection.CreateCommand();
        none.CommandText = LogIndex.BlocksSql;
        none.Parameters.AddWithValue("$kind", LogIndex.OrderKind);
        none.Parameters.AddWithValue("$hash", long.MinValue);
        Assert.IsType<DBNull>(none.ExecuteScalar());
        var between = entries[10].Hash + 1;
        Assert.NotEqual(between, entries[11].Hash);
        var nothing = new List<long>();
        LogIndex.Find(blocks.Last(b => b.First <= between).Entries, between, nothing);
        Assert.Empty(nothing);
    }

    [Fact]
    public void A_key_hash_tells_the_tenant_from_the_key_and_a_damaged_block_is_named()
    {
        Assert.NotEqual(LogIndex.KeyHash("t1"u8, "2O"u8), LogIndex.KeyHash("t12"u8, "O"u8));
        Assert.Equal(LogIndex.KeyHash("t1"u8, "订单"u8), LogIndex.KeyHash("t1"u8, Encoding.UTF8.GetBytes("订单")));
        var longKey = Encoding.UTF8.GetBytes(new string('x', 2_000));
        Assert.NotEqual(LogIndex.KeyHash("t1"u8, longKey), LogIndex.KeyHash("t1"u8, longKey.AsSpan(1)));

        var error = Assert.Throws<InvalidDataException>(() => LogIndex.Find(new byte[LogIndex.EntryBytes + 3], 0, []));
        Assert.Contains("log_index_blocks", error.Message, StringComparison.Ordinal);
    }

    private static List<(long Hash, long Sequence)> Entries(byte[] block) =>
        Enumerable.Range(0, block.Length / LogIndex.EntryBytes)
            .Select(i => (BitConverter.ToInt64(block, i * LogIndex.EntryBytes), BitConverter.ToInt64(block, i * LogIndex.EntryBytes + 8)))
            .ToList();
}
