using BenchmarkDotNet.Attributes;
using Luyue.Core.Engine;
using Luyue.Core.Rules;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Benchmarks.Micro;

/// <summary>
/// Re-judging one order, which the engine does after every event that touches it: a Tmall order (six rules),
/// shipped, with the eight scans of a typical trace, judged mid-way (timers pending) and after delivery.
/// </summary>
public class EvaluatorBenchmarks
{
    private static readonly long Paid = Instant.FromUtc(2024, 6, 1, 0, 0).ToUnixTimeTicks();
    private readonly List<ExpectedFinding> output = [];
    private OrderState order;

    [GlobalSetup]
    public void Setup()
    {
        var book = RuleBook.Embedded;
        order = new OrderState("3384529432051948141")
        {
            Paid = true,
            Pack = book.PackFor("tmall", Instant.FromUnixTimeTicks(Paid)),
            Platform = "tmall",
            Shop = "tm-395689",
            Amount = 47.90m,
            PaidAt = Paid,
            BuyerProvince = 32,
            BuyerCity = 3201,
            SellerProvince = 31,
        };
        var trace = new TrackingState("zto", "78072618092019");
        Milestone[] milestones = [Milestone.Pickup, Milestone.HubArrival, Milestone.HubDeparture, Milestone.HubArrival,
            Milestone.HubDeparture, Milestone.Transit, Milestone.OutForDelivery, Milestone.Signed];
        for (var i = 0; i < milestones.Length; i++)
        {
            trace.Insert(new ScanRecord { At = Paid + (8 + 5 * i) * TimeSpan.TicksPerHour, Milestone = milestones[i], Site = i, City = 3201, Province = 32 });
        }

        order.AddShipment(new Shipment(trace, Paid + 6 * TimeSpan.TicksPerHour, Core.Events.OrderMode.Express));
    }

    [Benchmark(Baseline = true)]
    public long MidWay() => Evaluate(Paid + 20 * TimeSpan.TicksPerHour);

    [Benchmark]
    public long Delivered() => Evaluate(Paid + 60 * TimeSpan.TicksPerHour);

    private long Evaluate(long now)
    {
        output.Clear();
        var wake = Wake.Never;
        RuleEvaluator.Evaluate(order, now, output, ref wake);
        return wake.At;
    }
}
