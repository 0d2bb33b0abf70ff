using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Scans;

namespace Luyue.Core.Tests.Engine;

/// <summary>
/// The small inline collections the engine keeps per order and number (held inline to spare the garbage collector
/// objects): they must behave as the lists and sets they replaced, past their inline capacity too.
/// </summary>
public class StateStructuresTests
{
    private readonly ScanArena arena = new();

    /// <summary>
    /// A scan record packs its city, province and milestone into one word: every value the regions can give (six
    /// digits for a city, two for a province) comes back as it went in, beside the other fields, and a larger one is
    /// refused rather than cut.
    /// </summary>
    [Fact]
    public void A_scan_record_keeps_every_division_code_and_milestone_whole()
    {
        Assert.Equal(24, System.Runtime.CompilerServices.Unsafe.SizeOf<ScanRecord>());
        foreach (var milestone in Enum.GetValues<Milestone>())
        {
            foreach (var (province, city) in new[] { (0, 0), (11, 1101), (99, 999_999), (42, 429_004), (81, 8101) })
            {
                var record = new ScanRecord { At = -1, Id = ulong.MaxValue, Site = int.MaxValue, Milestone = milestone, Province = province, City = city };
                Assert.Equal((milestone, province, city, -1L, ulong.MaxValue, int.MaxValue),
                    (record.Milestone, record.Province, record.City, record.At, record.Id, record.Site));
                record.City = 0;
                Assert.Equal((milestone, province, 0), (record.Milestone, record.Province, record.City));
            }
        }

        var scan = default(ScanRecord);
        Assert.Throws<ArgumentOutOfRangeException>(() => scan.City = ScanRecord.MaxCity + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => scan.Province = ScanRecord.MaxProvince + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => scan.City = -1);
        Assert.True(ScanRecord.MaxCity >= 999_999 && ScanRecord.MaxProvince >= 99);
    }

    [Theory]
    [InlineData("6915102389820262228", "6963468241056551335")]
    [InlineData("1234", "12345")]
    [InlineData("1234", "1234\0")]
    [InlineData("12", "12\0")]
    [InlineData("12\0", "12\0\0x")]
    [InlineData("", "\0")]
    [InlineData("", "a")]
    [InlineData("浙A", "浙B")]
    [InlineData("a\uffff", "b")]
    [InlineData("O-10", "O-9")]
    [InlineData("same", "same")]
    public void Orders_compare_as_their_ids_do_ordinally(string a, string b)
    {
        var (x, y) = (new OrderState(a), new OrderState(b));
        Assert.Equal(Math.Sign(string.CompareOrdinal(a, b)), Math.Sign(OrderState.CompareIds(x, y)));
        Assert.Equal(Math.Sign(string.CompareOrdinal(b, a)), Math.Sign(OrderState.CompareIds(y, x)));
    }

    [Fact]
    public void Orders_compare_as_their_ids_do_ordinally_for_any_ids()
    {
        // Short ids over a few units (U+0000 and U+FFFF among them) share prefixes often, so ties are exercised too.
        var unit = Gen.Elements('\0', '1', '9', 'a', '\uffff');
        var id = Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(unit, n)).Select(cs => new string(cs));
        Prop.ForAll(Gen.Zip(id, id).ToArbitrary(), pair =>
                Math.Sign(string.CompareOrdinal(pair.Item1, pair.Item2))
                == Math.Sign(OrderState.CompareIds(new OrderState(pair.Item1), new OrderState(pair.Item2))))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    private static Shipment At(long uploadedAt) => new(new TrackingState("zto", $"T{uploadedAt}"), uploadedAt, OrderMode.Express);

    [Theory]
    [InlineData(new long[] { 1 })]
    [InlineData(new long[] { 1, 2, 3, 4, 5 })]
    [InlineData(new long[] { 5, 4, 3, 2, 1 })]
    [InlineData(new long[] { 3, 1, 4, 1, 5, 9, 2, 6 })]
    public void Shipments_stay_in_upload_order_whatever_the_arrival_order(long[] uploads)
    {
        var order = new OrderState("O1");
        foreach (var at in uploads)
        {
            order.AddShipment(At(at));
        }

        var held = new List<long>();
        foreach (var shipment in order.Shipments)
        {
            held.Add(shipment.UploadedAt);
        }

        Assert.Equal(order.Shipments.Count, held.Count);
        Assert.Equal(uploads.Length, held.Count);
        Assert.Equal(uploads.Order(), held);
        Assert.Equal(held, Enumerable.Range(0, order.Shipments.Count).Select(i => order.Shipments[i].UploadedAt));
    }

    [Fact]
    public void A_shipment_index_past_the_end_is_refused()
    {
        var order = new OrderState("O1");
        order.AddShipment(At(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => order.Shipments[1]);
    }

    /// <summary>
    /// Orders sharing the arenas keep their own emitted findings and items as they grow in turn; a forgotten order's
    /// room is cleared (no reference left behind in the chunk) and serves the next order without touching the others.
    /// </summary>
    [Fact]
    public void Orders_sharing_the_arenas_keep_their_own_findings_and_items_and_a_forgotten_orders_room_serves_another()
    {
        var (findings, items) = (new FindingArena(), new ItemArena());
        var orders = Enumerable.Range(0, 3).Select(i => new OrderState($"O{i}")).ToArray();
        var numbers = Enumerable.Range(0, 3).Select(i => new TrackingState("sf", $"SF{i}")).ToArray();
        for (var n = 0; n < orders.Length; n++)
        {
            orders[n].KeepItems(Enumerable.Range(0, n + 1).Select(i => new CompactText($"item-{n}-{i}")).ToArray(), items);
        }

        for (var at = 0; at < 40; at++)
        {
            for (var n = 0; n < orders.Length; n++)
            {
                orders[n].Remember(new EmittedFinding { Rule = (short)n, At = at, Active = true, Number = numbers[n] }, findings);
            }
        }

        for (var n = 0; n < orders.Length; n++)
        {
            Assert.Equal(Enumerable.Range(0, 40).Select(at => (long)at), orders[n].Emitted.ToArray().Select(e => e.At));
            Assert.All(orders[n].Emitted.ToArray(), e => Assert.True(e.Rule == n && e.Number == numbers[n]));
            Assert.Equal(Enumerable.Range(0, n + 1).Select(i => $"item-{n}-{i}"), orders[n].Items.ToArray().Select(t => t.ToString()));
        }

        var room = orders[0].Emitted;
        orders[0].Release(items, findings);
        Assert.Equal(0, orders[0].Emitted.Length);
        Assert.True(orders[0].Items.IsEmpty);

        var next = new OrderState("O9");
        next.KeepItems([new CompactText("item-9")], items);
        Assert.Equal(["item-9"], next.Items.ToArray().Select(t => t.ToString()));
        for (var at = 0; at < 40; at++)
        {
            Assert.Equal(0, room[at].At); // cleared as given back, its number let go
            Assert.True(room[at].Number.IsNone);
        }

        for (var at = 0; at < 40; at++)
        {
            next.Remember(new EmittedFinding { At = 100 + at, Active = true }, findings);
        }

        Assert.Equal(Enumerable.Range(100, 40).Select(at => (long)at), next.Emitted.ToArray().Select(e => e.At));
        Assert.Equal(Enumerable.Range(0, 40).Select(at => (long)at), orders[1].Emitted.ToArray().Select(e => e.At));
        Assert.Equal(["item-2-0", "item-2-1", "item-2-2"], orders[2].Items.ToArray().Select(t => t.ToString()));
    }

    /// <summary>Without an arena (an order outside any engine) the findings and items are held in arrays of their own.</summary>
    [Fact]
    public void An_order_without_arenas_holds_its_findings_and_items_itself()
    {
        var order = new OrderState("O1");
        order.KeepItems([new CompactText("a"), new CompactText("b")], null);
        for (var at = 0; at < 9; at++)
        {
            order.Remember(new EmittedFinding { At = at, Active = true }, null);
        }

        Assert.Equal(Enumerable.Range(0, 9).Select(at => (long)at), order.Emitted.ToArray().Select(e => e.At));
        Assert.Equal(["a", "b"], order.Items.ToArray().Select(t => t.ToString()));
        order.KeepItems([], null);
        Assert.True(order.Items.IsEmpty);
    }

    [Fact]
    public void A_forgotten_orders_place_goes_to_a_later_order_and_the_old_handle_is_told_stale()
    {
        var book = new OrderBook();
        var first = book.Add(StateKey.Order("A"), "A");
        first.Paid = true;
        first.Bucket = 7;
        book.Remove(first);

        var second = book.Add(StateKey.Order("B"), "B");

        Assert.False(first.IsLive);
        Assert.Equal(IdleBuckets<OrderState>.NotFiled, first.Bucket); // its entries among the idle ones are skipped
        Assert.True(second.IsLive);
        Assert.NotEqual(first, second);
        Assert.Equal("B", second.Id);
        Assert.False(second.Paid); // the place was cleared for it
        Assert.Equal(IdleBuckets<OrderState>.NotFiled, second.Bucket);
        Assert.True(book.TryGet(StateKey.Order("B"), out var found) && found == second);
        Assert.False(book.TryGet(StateKey.Order("A"), out _));
        Assert.Equal(1, book.PlacesMade);
    }

    [Fact]
    public void Places_fill_each_chunk_in_turn_and_chunks_double_up_to_65536()
    {
        var (chunk, index) = (0, -1);
        for (var place = 0; place < 1_000_000; place++)
        {
            if (index + 1 < StateChunks.SizeOf(chunk))
            {
                index++;
            }
            else
            {
                (chunk, index) = (chunk + 1, 0);
            }

            Assert.Equal(chunk, StateChunks.ChunkOf(place));
            Assert.Equal(index, StateChunks.IndexOf(place));
        }

        Assert.Equal([256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 65536, 65536], Enumerable.Range(0, 11).Select(StateChunks.SizeOf));
    }

    [Fact]
    public void Orders_past_a_chunk_keep_their_records_whole()
    {
        var book = new OrderBook();
        var held = Enumerable.Range(0, 10_000).Select(i => book.Add(StateKey.Order($"O{i}"), $"O{i}")).ToList();
        for (var i = 0; i < held.Count; i++)
        {
            held[i].ShipBy = i;
        }

        Assert.All(Enumerable.Range(0, held.Count), i =>
        {
            Assert.True(book.TryGet(StateKey.Order($"O{i}"), out var order));
            Assert.Equal((long)i, order.ShipBy);
            Assert.Equal($"O{i}", order.Id);
        });
    }

    [Fact]
    public void Ids_are_told_apart_past_the_two_held_inline()
    {
        var ids = new IdSet();
        var names = Enumerable.Range(0, 9).Select(i => $"event-{i}").ToList();

        Assert.All(names, name => Assert.True(ids.Add(name)));
        Assert.All(names, name => Assert.False(ids.Add(name)));
        Assert.True(ids.Add("event-9"));
    }

    [Fact]
    public void Every_taken_id_is_known_and_no_other_however_many_scans_and_in_any_order()
    {
        // Past 64 ids the filter of taken ids has every bit set; below, most ids are told apart by it alone.
        var number = new TrackingState("zto", "T2");
        var random = new Random(7);
        var taken = Enumerable.Range(0, 300).Select(i => StableHash.Of($"scan-{i}")).ToList();
        foreach (var (id, i) in taken.Select((id, i) => (id, i)).OrderBy(_ => random.Next()))
        {
            number.Take(new ScanRecord { At = 1000 + i, Milestone = Milestone.Transit, Id = id }, arena);
            Assert.True(number.HasScan(id));
        }

        Assert.All(taken, id => Assert.True(number.HasScan(id)));
        Assert.All(Enumerable.Range(0, 2000), i => Assert.False(number.HasScan(StableHash.Of($"other-{i}"))));
    }

    [Fact]
    public void What_a_scan_reads_of_its_order_is_a_part_of_the_record_and_covers_the_flags()
    {
        var probe = default(OrderRecord);
        ref var start = ref Unsafe.As<OrderRecord, byte>(ref probe);
        var pendingEnd = (int)Unsafe.ByteOffset(ref start, ref Unsafe.As<bool, byte>(ref probe.Pending)) + 1;

        Assert.InRange(OrderRecord.ScanBytes, pendingEnd, Unsafe.SizeOf<OrderRecord>() - 64);
    }

    [Fact]
    public void A_scan_repeated_under_another_id_is_held_once_and_both_ids_are_known()
    {
        var number = new TrackingState("zto", "T1");
        var scan = new ScanRecord { At = 100, Milestone = Milestone.Pickup, Id = StableHash.Of("a") };
        number.Take(scan, arena);
        number.Take(scan with { Id = StableHash.Of("b") }, arena);

        Assert.Equal(1, number.ScanCount);
        Assert.True(number.HasScan(StableHash.Of("a")));
        Assert.True(number.HasScan(StableHash.Of("b")));
        Assert.False(number.HasScan(StableHash.Of("c")));
        Assert.False(number.HasScan(0)); // a scan without an id is never a duplicate by id
    }

    [Fact]
    public void A_trace_keeps_every_scan_in_time_order_as_its_array_grows()
    {
        var number = new TrackingState("zto", "T1");
        foreach (var at in Enumerable.Range(0, 30).Select(i => (i * 7919L) % 30))
        {
            number.Take(new ScanRecord { At = at, Milestone = Milestone.Transit, Id = (ulong)at + 1 }, arena);
        }

        Assert.Equal(30, number.ScanCount);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), number.ScanSpan.ToArray().Select(s => s.At));
    }

    [Fact]
    public void Numbers_sharing_an_arena_keep_their_own_scans_as_they_grow_in_turn()
    {
        var numbers = Enumerable.Range(0, 5).Select(i => new TrackingState("zto", $"T{i}")).ToArray();
        for (var at = 0L; at < 40; at++)
        {
            for (var n = 0; n < numbers.Length; n++)
            {
                numbers[n].Take(new ScanRecord { At = at, Site = n, Id = (ulong)((n * 1000) + at + 1) }, arena);
            }
        }

        for (var n = 0; n < numbers.Length; n++)
        {
            Assert.Equal(40, numbers[n].ScanCount);
            Assert.All(numbers[n].ScanSpan.ToArray(), scan => Assert.Equal(n, scan.Site));
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), numbers[n].ScanSpan.ToArray().Select(s => s.At));
        }
    }

    [Fact]
    public void A_detached_number_handed_over_to_keeps_its_trace_while_its_room_serves_another()
    {
        // A parent's order may still read the trace of a number it handed over to.
        var gone = new TrackingState("zto", "T1") { Parents = [new TrackingState("yto", "P1")] };
        for (var at = 0L; at < 10; at++)
        {
            gone.Take(new ScanRecord { At = at, Site = 1, Id = (ulong)at + 1 }, arena);
        }

        gone.Detach(arena);
        var next = new TrackingState("zto", "T2");
        for (var at = 0L; at < 10; at++)
        {
            next.Take(new ScanRecord { At = 100 + at, Site = 2, Id = (ulong)at + 101 }, arena);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), gone.ScanSpan.ToArray().Select(s => s.At));
        Assert.All(gone.ScanSpan.ToArray(), scan => Assert.Equal(1, scan.Site));
        Assert.Equal(Enumerable.Range(100, 10).Select(i => (long)i), next.ScanSpan.ToArray().Select(s => s.At));
    }

    [Fact]
    public void A_detached_number_nobody_handed_over_to_gives_its_room_back_whole()
    {
        var gone = new TrackingState("zto", "T1");
        for (var at = 0L; at < 10; at++)
        {
            gone.Take(new ScanRecord { At = at, Id = (ulong)at + 1 }, arena);
        }

        var room = gone.Scans;
        gone.Detach(arena);
        Assert.Equal(0, gone.ScanCount);

        var next = new TrackingState("zto", "T2");
        for (var at = 0L; at < 10; at++)
        {
            next.Take(new ScanRecord { At = at, Id = (ulong)at + 1 }, arena);
        }

        Assert.Equal(room, next.Scans); // the same slice of the same chunk, taken from the free list
    }

    [Fact]
    public void A_forgotten_number_without_parents_gives_its_place_to_the_next()
    {
        var book = new NumberBook();
        var gone = book.Add(StateKey.Number("zto", "T1"), "zto", "T1");
        gone.Take(new ScanRecord { At = 1, Id = 1 }, arena);
        var place = gone.Place;
        book.Forget(gone, arena);

        var next = book.Add(StateKey.Number("zto", "T2"), "zto", "T2");

        Assert.False(gone.IsLive);
        Assert.Equal(IdleBuckets<TrackingState>.NotFiled, gone.Bucket);
        Assert.Equal(place, next.Place);
        Assert.Equal(0, next.ScanCount);
        Assert.False(book.TryGet(StateKey.Number("zto", "T1"), out _));
        Assert.Equal(1, book.PlacesMade);
    }

    [Fact]
    public void A_forgotten_number_handed_over_to_stays_readable_until_its_parents_are_forgotten()
    {
        var book = new NumberBook();
        var parent = book.Add(StateKey.Number("yto", "P1"), "yto", "P1");
        var child = book.Add(StateKey.Number("zto", "T1"), "zto", "T1");
        var grandchild = book.Add(StateKey.Number("sf", "G1"), "sf", "G1");
        parent.Transfers = [new TransferLink(1, child, 0)];
        child.Parents = [parent];
        child.Transfers = [new TransferLink(2, grandchild, 0)];
        grandchild.Parents = [child];
        child.Take(new ScanRecord { At = 5, Id = 5 }, arena);
        var places = new HashSet<int> { parent.Place, child.Place, grandchild.Place };

        book.Forget(grandchild, arena);
        book.Forget(child, arena);

        // Out of the table (a later scan of T1 makes a new number), but the parent's order may still follow the hand-over.
        Assert.False(book.TryGet(StateKey.Number("zto", "T1"), out _));
        Assert.Equal(1, book.Count);
        Assert.True(child.IsLive && child.Detached && grandchild.IsLive && grandchild.Detached);
        Assert.Equal(5, child.ScanSpan[0].At);

        book.Forget(parent, arena);

        Assert.False(parent.IsLive);
        Assert.False(child.IsLive);
        Assert.False(grandchild.IsLive);
        var reused = Enumerable.Range(0, 3).Select(i => book.Add(StateKey.Number("zto", $"N{i}"), "zto", $"N{i}").Place).ToHashSet();
        Assert.Equal(places, reused);
    }

    [Fact]
    public void A_trace_longer_than_any_slice_is_held_whole()
    {
        var number = new TrackingState("zto", "T1");
        for (var at = 0L; at < 60_000; at++)
        {
            number.Take(new ScanRecord { At = at, Id = (ulong)at + 1 }, arena);
        }

        Assert.Equal(60_000, number.ScanCount);
        Assert.True(number.HasScan(1));
        Assert.True(number.HasScan(60_000));
        Assert.Equal(59_999, number.ScanSpan[^1].At);
    }

    [Fact]
    public void Number_keys_tell_carrier_and_number_apart()
    {
        Assert.Equal(StateKey.Number("zto", "123"), StateKey.Number("zto", "123"));
        Assert.NotEqual(StateKey.Number("zto", "123"), StateKey.Number("yto", "123"));
        Assert.NotEqual(StateKey.Number("zto", "123"), StateKey.Number("zto1", "23"));
        Assert.NotEqual(StateKey.Number("zto", "123"), StateKey.Number("zto", "124"));
    }
}
