using Luyue.Core.Events;

namespace Luyue.Simulation.Tests;

/// <summary>The stream is valid CONTRACT.md input and says what it holds.</summary>
public class ContractTests
{
    private static readonly Lazy<GeneratedStream> Stream = new(() => GeneratedStream.Generate(new GeneratorOptions
    {
        Orders = 6_000,
        Seed = 11,
        Violations = new ViolationMix { Duplicate = 0.05, Transfer = 0.05, OutOfOrder = 0.05 },
    }));

    [Fact]
    public void Every_line_parses_with_the_core_parser()
    {
        // GeneratedStream.Parse fails on the first refused line; here the count is checked too.
        Assert.Equal(Stream.Value.Summary.Events, Stream.Value.Lines.Count);
    }

    [Fact]
    public void Ids_are_unique_except_for_injected_duplicates_which_repeat_the_whole_event()
    {
        var s = Stream.Value;
        Assert.All(s.Lines, l => Assert.False(string.IsNullOrEmpty(l.Event.Id)));
        var repeated = s.Lines.GroupBy(l => l.Event.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(repeated);
        Assert.All(repeated, group => Assert.Single(group.Select(l => l.Text).Distinct(StringComparer.Ordinal)));
        Assert.Equal(s.Summary.DuplicateEvents, repeated.Sum(g => g.Count() - 1));
        Assert.Equal(s.Summary.Violations[ViolationKind.Duplicate], s.Orders.Values.Count(o => o.Plan.Duplicated));
    }

    [Fact]
    public void Summary_counts_match_the_output()
    {
        var s = Stream.Value;
        var paid = s.Lines.Select(l => l.Event).OfType<OrderPaid>().DistinctBy(p => p.Id).ToList();
        Assert.Equal(6_000, s.Summary.Orders);
        Assert.Equal(s.Summary.Orders, paid.Count);
        foreach (var (platform, count) in s.Summary.OrdersByPlatform)
        {
            Assert.Equal(count, paid.Count(p => p.Platform == platform));
        }

        Assert.Equal(s.Summary.FirstEventAt, s.Lines[0].Event.At);
        Assert.Equal(s.Summary.ClockAt, s.Lines[^1].Event.At);
    }

    [Fact]
    public void The_stream_ends_with_one_clock_after_every_event()
    {
        var s = Stream.Value;
        var clock = Assert.IsType<ClockTick>(s.Lines[^1].Event);
        Assert.Single(s.Lines, l => l.Event is ClockTick);
        Assert.All(s.Lines, l => Assert.True(l.Event.At <= clock.At));
        Assert.True(clock.At - s.Lines[..^1].Max(l => l.Event.At) >= NodaTime.Duration.FromDays(14), "the clock leaves every timer room to fire");
    }

    [Fact]
    public void Transfers_name_a_new_carrier_and_number_whose_scans_follow()
    {
        var s = Stream.Value;
        var transfers = s.Lines.Select(l => l.Event).OfType<Scan>().Where(x => x.Kind == "transfer").DistinctBy(x => x.Id).ToList();
        Assert.Equal(s.Summary.Violations[ViolationKind.Transfer], transfers.Count);
        Assert.NotEmpty(transfers);
        var lastScan = s.Lines.Select(l => l.Event).OfType<Scan>()
            .GroupBy(x => (x.Carrier, x.Tracking))
            .ToDictionary(g => g.Key, g => g.Max(x => x.At));
        foreach (var transfer in transfers)
        {
            Assert.False(string.IsNullOrEmpty(transfer.NewTracking));
            Assert.NotNull(transfer.NewCarrier);
            Assert.NotEqual(transfer.Carrier, transfer.NewCarrier);
            Assert.True(lastScan.TryGetValue((transfer.NewCarrier, transfer.NewTracking), out var last) && last > transfer.At,
                $"no scan on {transfer.NewCarrier} {transfer.NewTracking} after the transfer");
        }
    }

    [Fact]
    public void Transfers_happen_inside_the_origin_province()
    {
        var s = Stream.Value;
        foreach (var order in s.Orders.Values.Where(o => o.Plan.Story == ViolationKind.Transfer))
        {
            var transfer = Assert.Single(order.Events<Scan>().Where(x => x.Kind == "transfer").DistinctBy(x => x.Id));
            Assert.Equal(order.Paid.Seller.Province, transfer.Province);
        }
    }

    [Fact]
    public void Scans_say_where_they_happened()
    {
        foreach (var scan in Stream.Value.Lines.Select(l => l.Event).OfType<Scan>())
        {
            Assert.False(string.IsNullOrWhiteSpace(scan.Text));
            Assert.False(string.IsNullOrWhiteSpace(scan.City));
            Assert.False(string.IsNullOrWhiteSpace(scan.Site));
        }
    }
}
