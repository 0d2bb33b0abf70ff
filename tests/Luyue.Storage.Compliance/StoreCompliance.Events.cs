using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Compliance;

public abstract partial class StoreCompliance
{
    [StoreFact]
    public async Task Appended_events_read_back_in_sequence_order_with_every_field()
    {
        IncomingEvent[] events = [Event("e1"), Event("e2", order: null, at: T0 + Duration.FromHours(1)), Event("e3", partition: 0)];

        var outcomes = await Store.AppendEventsAsync("t1", events, Ct);
        var stored = await Store.ReadEventsAsync(0, 10, Ct);

        Assert.All(outcomes, outcome => Assert.Equal(AppendOutcome.Accepted, outcome));
        Assert.Equal(events.Length, stored.Count);
        Assert.True(stored.Zip(stored.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence), "sequences increase");
        for (var i = 0; i < events.Length; i++)
        {
            var (e, s) = (events[i], stored[i]);
            Assert.Equal(new StoredEvent(s.Sequence, "t1", e.EventId, e.Order, e.Partition, e.At, e.ReceivedAt, Text(e)), s);
        }
    }

    [StoreFact]
    public async Task An_orders_events_read_back_in_sequence_order_without_other_orders_tenants_or_scans()
    {
        await Store.AppendEventsAsync("t1", [Event("paid"), Event("other", order: "O-2"), Event("scan", order: null)], Ct);
        await Store.AppendEventsAsync("t2", [Event("t2-paid")], Ct);
        await Store.AppendEventsAsync("t1", [Event("shipped"), Event("refunded")], Ct);

        var events = await Store.ReadOrderEventsAsync("t1", "O-1", 10, Ct);

        Assert.Equal(["paid", "shipped", "refunded"], events.Select(e => e.EventId));
        Assert.All(events, e => Assert.Equal(("t1", "O-1"), (e.Tenant, e.Order)));
        Assert.Equal(["paid", "shipped"], (await Store.ReadOrderEventsAsync("t1", "O-1", 2, Ct)).Select(e => e.EventId));
        Assert.Empty(await Store.ReadOrderEventsAsync("t2", "O-2", 10, Ct));
    }

    [StoreFact]
    public async Task The_scans_of_a_set_of_numbers_read_back_in_sequence_order_without_other_numbers_tenants_or_orders()
    {
        await Store.AppendEventsAsync("t1", [Scan("s1", "YT1"), Event("paid"), Scan("s2", "SF2"), Scan("s3", "ZT3")], Ct);
        await Store.AppendEventsAsync("t2", [Scan("t2-s1", "YT1")], Ct);
        await Store.AppendEventsAsync("t1", [Scan("s4", "YT1")], Ct);

        var scans = await Store.ReadTrackingEventsAsync("t1", ["YT1", "SF2"], 10, Ct);

        Assert.Equal(["s1", "s2", "s4"], scans.Select(e => e.EventId));
        Assert.All(scans, e => Assert.Equal(("t1", (string?)null), (e.Tenant, e.Order)));
        Assert.Equal(Text(Scan("s1", "YT1")), scans[0].Json);
        Assert.Equal(["s1", "s2"], (await Store.ReadTrackingEventsAsync("t1", ["YT1", "SF2"], 2, Ct)).Select(e => e.EventId));
        Assert.Equal(["t2-s1"], (await Store.ReadTrackingEventsAsync("t2", ["YT1"], 10, Ct)).Select(e => e.EventId));
        Assert.Empty(await Store.ReadTrackingEventsAsync("t1", [], 10, Ct));
        Assert.Empty(await Store.ReadTrackingEventsAsync("t1", ["O-1"], 10, Ct));
    }

    [StoreFact]
    public async Task An_event_id_appended_again_in_a_later_batch_is_a_duplicate()
    {
        await Store.AppendEventsAsync("t1", [Event("a"), Event("b")], Ct);

        var outcomes = await Store.AppendEventsAsync("t1", [Event("b", json: """{"id":"b","second":true}"""), Event("c")], Ct);

        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Accepted], outcomes);
        var stored = await Store.ReadEventsAsync(0, 10, Ct);
        Assert.Equal(["a", "b", "c"], stored.Select(e => e.EventId));
        Assert.Equal(Text(Event("b")), stored[1].Json);
    }

    [StoreFact]
    public async Task An_event_id_repeated_within_one_batch_is_stored_once_as_first_sent()
    {
        var outcomes = await Store.AppendEventsAsync(
            "t1", [Event("a"), Event("a", json: """{"id":"a","again":1}"""), Event("b"), Event("a", json: """{"id":"a","again":2}""")], Ct);

        Assert.Equal([AppendOutcome.Accepted, AppendOutcome.Duplicate, AppendOutcome.Accepted, AppendOutcome.Duplicate], outcomes);
        var stored = await Store.ReadEventsAsync(0, 10, Ct);
        Assert.Equal(["a", "b"], stored.Select(e => e.EventId));
        Assert.Equal(Text(Event("a")), stored[0].Json);
    }

    [StoreFact]
    public async Task The_same_event_id_under_two_tenants_is_two_events()
    {
        Assert.Equal([AppendOutcome.Accepted], await Store.AppendEventsAsync("t1", [Event("a")], Ct));
        Assert.Equal([AppendOutcome.Accepted], await Store.AppendEventsAsync("t2", [Event("a")], Ct));

        Assert.Equal(["t1", "t2"], (await Store.ReadEventsAsync(0, 10, Ct)).Select(e => e.Tenant));
    }

    [StoreFact]
    public async Task Events_are_counted_per_tenant_and_in_all()
    {
        await Store.AppendEventsAsync("t1", [Event("a"), Event("b"), Event("a")], Ct);
        await Store.AppendEventsAsync("t2", [Event("a")], Ct);

        Assert.Equal(2, await Store.CountEventsAsync("t1", Ct));
        Assert.Equal(1, await Store.CountEventsAsync("t2", Ct));
        Assert.Equal(0, await Store.CountEventsAsync("t3", Ct));
        Assert.Equal(3, await Store.CountEventsAsync(null, Ct));
    }

    [StoreFact]
    public async Task Later_batches_get_higher_sequences_and_reading_resumes_after_any_of_them()
    {
        await Store.AppendEventsAsync("t1", [Event("a"), Event("b")], Ct);
        var first = await Store.ReadEventsAsync(0, 10, Ct);
        await Store.AppendEventsAsync("t2", [Event("c")], Ct);
        await Store.AppendEventsAsync("t1", [Event("b"), Event("d")], Ct);

        var rest = await Store.ReadEventsAsync(first[^1].Sequence, 10, Ct);

        Assert.Equal(["c", "d"], rest.Select(e => e.EventId));
        Assert.True(first[^1].Sequence < rest[0].Sequence && rest[0].Sequence < rest[1].Sequence);
        Assert.Empty(await Store.ReadEventsAsync(rest[^1].Sequence, 10, Ct));
    }

    [StoreFact]
    public async Task Reading_in_pages_visits_every_event_once_in_order()
    {
        var ids = Enumerable.Range(0, 25).Select(i => $"e{i:00}").ToList();
        foreach (var chunk in ids.Chunk(6))
        {
            await Store.AppendEventsAsync("t1", chunk.Select(id => Event(id)).ToList(), Ct);
        }

        var seen = new List<string>();
        var after = 0L;
        while (await Store.ReadEventsAsync(after, 7, Ct) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 7);
            seen.AddRange(page.Select(e => e.EventId));
            after = page[^1].Sequence;
        }

        Assert.Equal(ids, seen);
    }

    [StoreFact]
    public async Task A_batch_that_fails_part_way_stores_none_of_it()
    {
        var broken = Event("b") with { Json = ReadOnlyMemory<byte>.Empty };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendEventsAsync("t1", [Event("a"), broken, Event("c")], Ct));

        Assert.Equal(0, await Store.CountEventsAsync(null, Ct));
        Assert.Equal([AppendOutcome.Accepted, AppendOutcome.Accepted], await Store.AppendEventsAsync("t1", [Event("a"), Event("c")], Ct));
    }

    [StoreFact]
    public async Task Batches_appended_together_are_stored_in_list_order_with_duplicates_decided_across_them()
    {
        await Store.AppendEventsAsync("t1", [Event("old")], Ct);

        var outcomes = await Store.AppendEventBatchesAsync(
        [
            new EventBatch("t1", [Event("a"), Event("old"), Event("b")]),
            new EventBatch("t2", [Event("a"), Event("c")]),
            new EventBatch("t1", [Event("b"), Event("d")]),
            new EventBatch("t2", []),
        ], Ct);

        Assert.Equal(4, outcomes.Count);
        Assert.Equal([AppendOutcome.Accepted, AppendOutcome.Duplicate, AppendOutcome.Accepted], outcomes[0]);
        Assert.Equal([AppendOutcome.Accepted, AppendOutcome.Accepted], outcomes[1]);
        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Accepted], outcomes[2]);
        Assert.Empty(outcomes[3]);
        var stored = await Store.ReadEventsAsync(0, 10, Ct);
        Assert.Equal([("t1", "old"), ("t1", "a"), ("t1", "b"), ("t2", "a"), ("t2", "c"), ("t1", "d")],
            stored.Select(e => (e.Tenant, e.EventId)));
        Assert.True(stored.Zip(stored.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence), "sequences increase");
    }

    [StoreFact]
    public async Task Batches_committed_in_two_steps_are_readable_once_committed_and_decided_as_an_append_decides_them()
    {
        await Store.AppendEventsAsync("t1", [Event("old")], Ct);

        var committed = await Store.CommitEventBatchesAsync(
            [new EventBatch("t1", [Event("a"), Event("old")]), new EventBatch("t2", [Event("a")]), new EventBatch("t1", [Event("a")])], Ct);
        var visible = await Store.ReadEventsAsync(0, 10, Ct);
        await committed.Durable;
        var later = await Store.CommitEventBatchesAsync([new EventBatch("t1", [Event("b")])], Ct);
        await later.Durable;

        Assert.Equal([[AppendOutcome.Accepted, AppendOutcome.Duplicate], [AppendOutcome.Accepted], [AppendOutcome.Duplicate]],
            committed.Outcomes.Select(o => o.ToArray()));
        Assert.Equal([("t1", "old"), ("t1", "a"), ("t2", "a")], visible.Select(e => (e.Tenant, e.EventId)));
        Assert.Equal([AppendOutcome.Accepted], later.Outcomes[0]);
        Assert.Equal(4, await Store.CountEventsAsync(null, Ct));
    }

    [StoreFact]
    public async Task Batches_appended_together_are_stored_all_or_none()
    {
        var broken = Event("b") with { Json = ReadOnlyMemory<byte>.Empty };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendEventBatchesAsync(
            [new EventBatch("t1", [Event("a")]), new EventBatch("t2", [Event("c"), broken])], Ct));

        Assert.Equal(0, await Store.CountEventsAsync(null, Ct));
        var outcomes = await Store.AppendEventBatchesAsync([new EventBatch("t1", [Event("a")]), new EventBatch("t2", [Event("c")])], Ct);
        Assert.Equal([[AppendOutcome.Accepted], [AppendOutcome.Accepted]], outcomes.Select(o => o.ToArray()));
    }

    [StoreFact]
    public async Task An_empty_batch_appends_nothing()
    {
        Assert.Empty(await Store.AppendEventsAsync("t1", [], Ct));
        Assert.Equal(0, await Store.CountEventsAsync(null, Ct));
    }

    [StoreFact]
    public async Task Instants_are_kept_to_the_millisecond()
    {
        var fine = T0 + Duration.FromNanoseconds(123_456_789);
        var whole = T0 + Duration.FromMilliseconds(123);

        await Store.AppendEventsAsync("t1", [Event("a", at: fine)], Ct);
        var added = Assert.Single(await Store.AddFindingsAsync([Finding("t1", "k", at: fine)], Ct));

        var stored = Assert.Single(await Store.ReadEventsAsync(0, 10, Ct));
        Assert.Equal(whole, stored.At);
        Assert.Equal(whole + Duration.FromSeconds(2), stored.ReceivedAt);
        Assert.Equal(whole, added.At);
        Assert.Equal(whole, Assert.Single((await Store.QueryFindingsAsync(new FindingQuery("t1"), Ct)).Items).At);
    }
}
