using Luyue.Core.Storage;

namespace Luyue.Storage.Compliance;

public abstract partial class StoreCompliance
{
    private const int Writers = 6;

    [StoreFact]
    public async Task Parallel_appends_lose_nothing_and_store_each_event_once()
    {
        // Every writer sends 120 ids in batches of 10, overlapping its neighbour's by half: 420 distinct ids in all.
        var accepted = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var count = 0;
            foreach (var batch in Enumerable.Range(writer * 60, 120).Chunk(10))
            {
                var outcomes = await Store.AppendEventsAsync("t1", batch.Select(i => Event($"e{i:000}")).ToList(), Ct);
                count += outcomes.Count(outcome => outcome == AppendOutcome.Accepted);
            }

            return count;
        })));

        var stored = await Store.ReadEventsAsync(0, 1000, Ct);
        var distinct = Enumerable.Range(0, (Writers + 1) * 60).Select(i => $"e{i:000}").ToList();
        Assert.Equal(distinct.Count, accepted.Sum());
        Assert.Equal(distinct, stored.Select(e => e.EventId).Order(StringComparer.Ordinal));
        Assert.Equal(stored.Count, stored.Select(e => e.Sequence).Distinct().Count());
    }

    [StoreFact]
    public async Task An_id_that_another_store_on_the_same_database_appended_is_a_duplicate()
    {
        // Two processes on one database (a server and a CLI, two nodes): each must see the other's ids, whatever it
        // keeps in memory, both for an id it knew nothing of and for one appended after it had already written.
        var other = OpenStore(Database);
        try
        {
            await other.MigrateAsync(Ct);
            await other.AppendEventsAsync("t1", [Event("early")], Ct);
            await Store.AppendEventsAsync("t1", [Event("mine")], Ct);
            await other.AppendEventsAsync("t1", [Event("late"), Event("theirs")], Ct);

            Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Duplicate, AppendOutcome.Accepted],
                await Store.AppendEventsAsync("t1", [Event("early"), Event("late"), Event("new")], Ct));
            Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Accepted], await other.AppendEventsAsync("t1", [Event("new"), Event("last")], Ct));
            Assert.Equal(["early", "mine", "late", "theirs", "new", "last"], (await Store.ReadEventsAsync(0, 10, Ct)).Select(e => e.EventId));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [StoreFact]
    public async Task A_reader_following_the_sequence_while_others_append_misses_nothing()
    {
        // Sequences must follow commit order: were a smaller sequence to commit after a larger one was read, a
        // reader resuming after the larger one would never see it (a restart would lose the event from replay).
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var batch = 0; batch < 20; batch++)
            {
                await Store.AppendEventsAsync("t1", Enumerable.Range(0, 5).Select(i => Event($"w{writer}-b{batch:00}-{i}")).ToList(), Ct);
            }
        })).ToList();

        var seen = new List<StoredEvent>();
        var all = Task.WhenAll(writers);
        while (true)
        {
            var done = all.IsCompleted;
            while (await Store.ReadEventsAsync(seen.Count == 0 ? 0 : seen[^1].Sequence, 50, Ct) is { Count: > 0 } page)
            {
                seen.AddRange(page);
            }

            if (done)
            {
                break;
            }

            await Task.Delay(1, Ct);
        }

        await all;
        Assert.Equal(Writers * 20 * 5, seen.Count);
        Assert.Equal(seen.Count, seen.Select(e => e.EventId).Distinct().Count());
    }

    [StoreFact]
    public async Task Parallel_finding_inserts_store_each_key_once()
    {
        var added = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var mine = new List<StoredFinding>();
            foreach (var batch in Enumerable.Range(writer * 30, 60).Chunk(8))
            {
                mine.AddRange(await Store.AddFindingsAsync(batch.Select(i => Finding("t1", $"k{i:000}")).ToList(), Ct));
            }

            return mine;
        })));

        var keys = added.SelectMany(findings => findings).Select(f => f.FindingKey).ToList();
        var stored = (await Store.QueryFindingsAsync(new FindingQuery("t1") { Limit = 1000 }, Ct)).Items;
        Assert.Equal((Writers + 1) * 30, keys.Count);
        Assert.Equal(keys.Order(StringComparer.Ordinal), stored.Select(f => f.FindingKey).Order(StringComparer.Ordinal));
        Assert.Equal(stored.Count, stored.Select(f => f.FindingKey).Distinct().Count());
    }
}
