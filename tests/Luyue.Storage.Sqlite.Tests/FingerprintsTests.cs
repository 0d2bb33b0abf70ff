using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite.Tests;

public sealed class FingerprintsTests
{
    [Fact]
    public void Writes_that_commit_keep_their_keys_and_writes_that_do_not_are_taken_back_as_a_set_would()
    {
        using var connection = OpenWithTable();

        // Few distinct low bits, so that keys collide, probe past each other, wrap round the table's end and are moved
        // back when one before them is taken back; (0, 0), the empty slot's mark, is a key like any other.
        var random = new Random(7);
        EventFingerprint Key() => random.Next(12) == 0 ? default : new((ulong)random.Next(64) * 1_000_003, (ulong)random.Next(400));
        var set = Fingerprints.OfColumn("t", "k");
        var stored = new HashSet<EventFingerprint>();
        for (var write = 0; write < 3_000; write++)
        {
            set.Begin(connection.Handle!);
            var written = new HashSet<EventFingerprint>();
            for (var i = random.Next(1, 40); i > 0; i--)
            {
                var key = Key();
                Assert.Equal(!stored.Contains(key) && written.Add(key), set.TryAdd(key));
            }

            // Two writes in three commit; the others leave their keys in the set until the next Begin.
            var commits = random.Next(3) > 0;
            if (commits)
            {
                set.Commit(write);
                stored.UnionWith(written);
            }

            Assert.Equal(stored.Count + (commits ? 0 : written.Count), set.Count);
        }

        set.Begin(connection.Handle!);
        Assert.Equal(stored.Count, set.Count);
        for (var low = 0UL; low < 64; low++)
        {
            for (var high = 0UL; high < 400; high++)
            {
                var key = new EventFingerprint(low * 1_000_003, high);
                Assert.Equal(stored.Contains(key), set.Contains(key));
            }
        }
    }

    [Fact]
    public void A_write_taken_back_after_the_table_grew_under_it_leaves_every_committed_key_findable()
    {
        using var connection = OpenWithTable();

        // Homes crowded into a few slots, so that the probe runs are long, and split by each growth (bits 10 and 11):
        // growing moves committed and uncommitted keys together, interleaving them, and taking the uncommitted back must
        // close the gaps it leaves.
        static EventFingerprint Key(int i) => new((ulong)(i % 16) * 64 + (ulong)(i / 16 % 4) * 1024, (ulong)i);
        var set = Fingerprints.OfColumn("t", "k");
        set.Begin(connection.Handle!);
        for (var i = 0; i < 600; i++)
        {
            Assert.True(set.TryAdd(Key(i)));
        }

        set.Commit(1);
        set.Begin(connection.Handle!);
        for (var i = 600; i < 3_000; i++)
        {
            Assert.True(set.TryAdd(Key(i)));
        }

        set.Begin(connection.Handle!);
        Assert.Equal(600, set.Count);
        Assert.All(Enumerable.Range(0, 600), i => Assert.True(set.Contains(Key(i))));
        Assert.All(Enumerable.Range(600, 2_400), i => Assert.False(set.Contains(Key(i))));
    }

    [Fact]
    public void Keys_removed_in_any_order_leave_the_others_findable()
    {
        // Crowded homes, and growth splitting them, as above; then half the keys removed in random order.
        static EventFingerprint Key(int i) => new((ulong)(i % 16) * 64 + (ulong)(i / 16 % 4) * 1024, (ulong)i);
        var set = Fingerprints.OfColumn("t", "k");
        for (var i = 0; i < 3_000; i++)
        {
            Assert.True(set.Add(Key(i)));
        }

        var random = new Random(3);
        var removed = Enumerable.Range(0, 3_000).Where(_ => random.Next(2) == 0).OrderBy(_ => random.Next()).ToList();
        foreach (var i in removed)
        {
            set.Remove(Key(i));
        }

        Assert.Equal(3_000 - removed.Count, set.Count);
        var gone = removed.ToHashSet();
        Assert.All(Enumerable.Range(0, 3_000), i => Assert.Equal(!gone.Contains(i), set.Contains(Key(i))));
    }

    [Fact]
    public void Begin_adds_the_rows_committed_since_the_last_sequence_seen()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (sequence INTEGER PRIMARY KEY, tenant TEXT, k TEXT); INSERT INTO t VALUES (1, 't1', 'a'), (2, 't1', 'b')";
        command.ExecuteNonQuery();

        var set = Fingerprints.OfColumn("t", "k");
        set.Begin(connection.Handle!);
        Assert.False(set.TryAdd(EventFingerprint.Of("t1", "a")));
        Assert.True(set.TryAdd(EventFingerprint.Of("t2", "a")));
        set.Commit(0);

        // Another writer's rows (sequence 3): seen at the next write's start, and never again counted.
        command.CommandText = "INSERT INTO t VALUES (3, 't1', 'c')";
        command.ExecuteNonQuery();
        set.Begin(connection.Handle!);
        Assert.Equal(4, set.Count);
        Assert.False(set.TryAdd(EventFingerprint.Of("t1", "c")));
        set.Begin(connection.Handle!);
        Assert.Equal(4, set.Count);
    }

    /// <summary>An in-memory database with the table <see cref="Fingerprints.OfColumn"/> reads, empty: Begin adds nothing from it.</summary>
    private static SqliteConnection OpenWithTable()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (sequence INTEGER PRIMARY KEY, tenant TEXT, k TEXT)";
        create.ExecuteNonQuery();
        return connection;
    }
}
