using Luyue.Core.Events;

namespace Luyue.Simulation.Tests;

/// <summary>Generation streams: memory follows the orders in flight, not the number of orders.</summary>
public class StreamingTests
{
    [Fact]
    public void The_first_events_come_without_generating_the_whole_run()
    {
        var first = new EventGenerator().Generate(new GeneratorOptions { Orders = int.MaxValue }).Take(1_000).ToList();
        Assert.Equal(1_000, first.Count);
        Assert.IsType<OrderPaid>(first[0]);
    }

    [Fact]
    public void Orders_in_flight_do_not_grow_with_the_number_of_orders()
    {
        var generator = new EventGenerator();
        var shorter = generator.WriteTo(Stream.Null, new GeneratorOptions { Orders = 10_000, OrdersPerDay = 1_000 });
        var longer = generator.WriteTo(Stream.Null, new GeneratorOptions { Orders = 30_000, OrdersPerDay = 1_000 });
        Assert.True(longer.PeakOrdersInFlight < shorter.PeakOrdersInFlight * 1.3,
            $"{longer.PeakOrdersInFlight} orders in flight for 30,000 against {shorter.PeakOrdersInFlight} for 10,000");
        Assert.True(shorter.PeakOrdersInFlight < 1_000 * 10, "in flight: about the orders of the last few days");
    }

    [Fact]
    public void A_failing_output_stops_the_generation()
    {
        Assert.Throws<IOException>(() => new EventGenerator().WriteTo(new FailingStream(), new GeneratorOptions { Orders = 100_000 }));
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");

        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("disk full");
    }
}
