using Luyue.Core.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Luyue.Storage.Sqlite.Tests;

/// <summary>Findings by order and by shop through the findings' side index (0011-findings-index-in-blocks.sql).</summary>
public sealed partial class SqliteStoreTests
{
    public static TheoryData<string> KeyedQueries => new()
    {
        "order O-5",
        "order O-5 kind warning",
        "order O-5 shop S-3",
        "order O-96 rule douyin.ship-timeout from 20000",
        "shop S-3",
        "shop S-3 kind warning",
        "shop S-12 platform douyin to 21000",
        "order O-404",
        // The first finding past the watermark (20,001) is of this order and shop.
        "order O-18",
        "shop S-6 kind violation",
    };

    [Theory]
    [MemberData(nameof(KeyedQueries))]
    public async Task Findings_of_an_order_or_a_shop_read_the_same_whether_indexed_or_in_the_tail(string filters)
    {
        // 24,000 findings in writes of 2,000: the fifth write brings the unindexed tail to 10,000 findings
        // (SqliteStore.FindingIndexBatch) and indexes it, the tenth the next 10,000; the last 4,000 stay past the watermark.
        var stored = await AddKeyedFindingsAsync(Store, writes: 12);
        Assert.Equal(20_000, await ScalarAsync(Database, "SELECT sequence FROM findings_indexed WHERE id = 1"));

        var query = Parse(filters);
        var expected = stored.Where(f => Matches(f, query)).Select(f => f.Sequence).ToList();
        Assert.Equal(expected, await PagedAsync(Store, query, limit: 37));
        Assert.Equal(expected, await PagedAsync(Store, query, limit: 5_000));
        Assert.Equal(expected.Where(s => s > 19_990), await PagedAsync(Store, query with { After = 19_990 }, limit: 3));
        Assert.Equal(stored.Where(f => Matches(f, query with { Tenant = "t2" })).Select(f => f.Sequence), await PagedAsync(Store, query with { Tenant = "t2" }, limit: 10));
    }

    [Fact]
    public async Task Findings_whose_side_index_is_empty_are_indexed_when_the_store_opens_and_read_the_same()
    {
        // As migration 0011 leaves a file: no runs, the watermark at 0. The store opened again indexes every finding as
        // one run before any write.
        var stored = await AddKeyedFindingsAsync(Store, writes: 7);
        Assert.Equal(10_000, await ScalarAsync(Database, "SELECT sequence FROM findings_indexed WHERE id = 1"));
        await ExecuteAsync(Database, "DELETE FROM log_index_blocks WHERE kind IN (2, 3); DELETE FROM finding_index_runs; UPDATE findings_indexed SET sequence = 0 WHERE id = 1");

        await using var reopened = SqliteStore.Open($"Data Source={Database}");
        await reopened.MigrateAsync(Ct);

        Assert.Equal(14_000, await ScalarAsync(Database, "SELECT sequence FROM findings_indexed WHERE id = 1"));
        Assert.Equal(1, await ScalarAsync(Database, "SELECT count(*) FROM finding_index_runs"));
        foreach (var filters in new[] { "order O-5", "shop S-3 kind warning" })
        {
            var query = Parse(filters);
            Assert.Equal(stored.Where(f => Matches(f, query)).Select(f => f.Sequence), await PagedAsync(reopened, query, limit: 100));
        }

        // A hash shared with another key: a run whose block names, under O-5's hash, a finding of O-6 and one of tenant t2.
        var hash = LogIndex.KeyHash("t1"u8, "O-5"u8);
        var strangers = stored.Where(f => f is { Tenant: "t1", Order: "O-6" } || f.Tenant == "t2").Take(200).Select(f => f.Sequence).ToList();
        var block = new byte[strangers.Count * LogIndex.EntryBytes];
        for (var i = 0; i < strangers.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(i * LogIndex.EntryBytes), hash);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(i * LogIndex.EntryBytes + 8), strangers[i]);
        }

        await using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO finding_index_runs (run) VALUES (1); INSERT INTO log_index_blocks (kind, run, first, entries) VALUES (2, 1, $hash, $block)";
            insert.Parameters.AddWithValue("$hash", hash);
            insert.Parameters.AddWithValue("$block", block);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        Assert.Equal(stored.Where(f => f is { Tenant: "t1", Order: "O-5" }).Select(f => f.Sequence), await PagedAsync(reopened, Parse("order O-5"), limit: 7));
    }

    [Theory]
    // The statements of a read by order or shop: each finds its rows by key or by a range of keys, never by a scan.
    [InlineData(nameof(LogIndex.FindingBlocksSql), "SEARCH log_index_blocks USING INDEX log_index_blocks_by_key (kind=? AND run=? AND first<?)")]
    [InlineData(nameof(SqliteStore.FindingsWatermarkSql), "SEARCH findings_indexed USING INTEGER PRIMARY KEY (rowid=?)")]
    [InlineData(nameof(SqliteStore.FindingsAmongSql), "SEARCH findings USING INTEGER PRIMARY KEY (rowid=?)")]
    [InlineData(nameof(SqliteStore.FindingsPastSql), "SEARCH findings USING INTEGER PRIMARY KEY (rowid>?)")]
    public async Task Reading_findings_by_order_or_shop_is_a_keyed_lookup_or_a_range_of_keys(string statement, string expected)
    {
        // Every filter a query can add, so that no other index of findings could tempt the planner.
        const string Where = "tenant = @Tenant AND order_id = @Order AND shop = @Shop AND platform = @Platform AND rule = @Rule AND kind = @Kind AND at >= @From AND at < @To AND sequence > @After";
        var sql = statement switch
        {
            nameof(LogIndex.FindingBlocksSql) => LogIndex.FindingBlocksSql,
            nameof(SqliteStore.FindingsWatermarkSql) => SqliteStore.FindingsWatermarkSql,
            nameof(SqliteStore.FindingsAmongSql) => SqliteStore.FindingsAmongSql(Where),
            _ => SqliteStore.FindingsPastSql(Where),
        };
        var parameters = new[] { "$kind", "$hash", "@Tenant", "@Order", "@Shop", "@Platform", "@Rule", "@Kind", "@From", "@To", "@After", "@Indexed", "@Rest" }
            .Select(name => (name, (object)1)).Append(("@Candidates", "[1,2]"));
        var steps = await QueryPlanAsync(sql, [.. parameters]);

        Assert.Contains(expected, steps);
        Assert.DoesNotContain(steps, step => step.StartsWith("SCAN findings", StringComparison.Ordinal) || step.Contains("USING INDEX findings_by", StringComparison.Ordinal));
    }

    /// <summary>
    /// Findings in writes of 2,000: each 25th of tenant t2, the rest of t1; orders O-0 to O-96 (each 50th without one),
    /// shops S-0 to S-12 (each 70th without one), two kinds, two rules, two platforms, times rising. Finding i gets
    /// sequence i + 1.
    /// </summary>
    private async Task<List<StoredFinding>> AddKeyedFindingsAsync(IStore store, int writes)
    {
        var stored = new List<StoredFinding>();
        for (var write = 0; write < writes; write++)
        {
            var findings = Enumerable.Range(write * 2_000, 2_000).Select(i => Finding(
                i % 25 == 3 ? "t2" : "t1", $"fk-{i}",
                kind: i % 3 == 0 ? "warning" : "violation",
                rule: i % 4 == 0 ? "douyin.ship-timeout" : "tmall.ship-timeout",
                order: i % 50 == 7 ? null : $"O-{i % 97}",
                shop: i % 70 == 9 ? null : $"S-{i % 13}",
                platform: i % 5 == 0 ? "douyin" : "tmall",
                at: Instant.FromUnixTimeSeconds(i))).ToList();
            stored.AddRange(await store.AddFindingsAsync(findings, Ct));
        }

        Assert.Equal(Enumerable.Range(1, writes * 2_000).Select(i => (long)i), stored.Select(f => f.Sequence));
        return stored;
    }

    /// <summary>A query from "field value" pairs: order, shop, platform, rule, kind, and from and to in seconds.</summary>
    private static FindingQuery Parse(string filters)
    {
        var words = filters.Split(' ');
        var query = new FindingQuery("t1");
        for (var i = 0; i < words.Length; i += 2)
        {
            var value = words[i + 1];
            query = words[i] switch
            {
                "order" => query with { Order = value },
                "shop" => query with { Shop = value },
                "platform" => query with { Platform = value },
                "rule" => query with { Rule = value },
                "kind" => query with { Kind = value },
                "from" => query with { From = Instant.FromUnixTimeSeconds(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) },
                _ => query with { To = Instant.FromUnixTimeSeconds(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)) },
            };
        }

        return query;
    }

    private static bool Matches(StoredFinding f, FindingQuery query) =>
        f.Tenant == query.Tenant
        && (query.Order is null || f.Order == query.Order)
        && (query.Shop is null || f.Shop == query.Shop)
        && (query.Platform is null || f.Platform == query.Platform)
        && (query.Rule is null || f.Rule == query.Rule)
        && (query.Kind is null || f.Kind == query.Kind)
        && (query.From is not { } from || f.At >= from)
        && (query.To is not { } to || f.At < to)
        && (query.After is not { } after || f.Sequence > after);

    /// <summary>Every page of the query, <paramref name="limit"/> at a time, following the cursor.</summary>
    private async Task<List<long>> PagedAsync(IStore store, FindingQuery query, int limit)
    {
        var sequences = new List<long>();
        var page = await store.QueryFindingsAsync(query with { Limit = limit }, Ct);
        while (true)
        {
            Assert.True(page.Items.Count <= limit);
            sequences.AddRange(page.Items.Select(f => f.Sequence));
            if (page.Next is not { } next)
            {
                return sequences;
            }

            Assert.Equal(limit, page.Items.Count);
            page = await store.QueryFindingsAsync(query with { After = next, Limit = limit }, Ct);
        }
    }
}
