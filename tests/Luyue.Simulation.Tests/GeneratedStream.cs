using Luyue.Core.Events;
using Luyue.Simulation.Emission;
using Luyue.Simulation.Timeline;

namespace Luyue.Simulation.Tests;

/// <summary>
/// A generated stream read back the way a consumer sees it: bytes, parsed lines, and every order's events
/// (its own events plus the scans on each of its waybills), with the plan that produced it for the assertions
/// that need to know which fault was injected where.
/// </summary>
internal sealed class GeneratedStream
{
    private GeneratedStream(byte[] bytes, List<Line> lines, Dictionary<string, OrderRecord> orders, GeneratorSummary summary)
    {
        Bytes = bytes;
        Lines = lines;
        Orders = orders;
        Summary = summary;
    }

    public byte[] Bytes { get; }

    public List<Line> Lines { get; }

    /// <summary>By order number, in payment order.</summary>
    public Dictionary<string, OrderRecord> Orders { get; }

    public GeneratorSummary Summary { get; }

    public static GeneratedStream Generate(GeneratorOptions options)
    {
        var plans = new Dictionary<string, PlanFacts>(StringComparer.Ordinal);
        var run = new GenerationRun(options)
        {
            OnPlanned = plan => plans.Add(plan.OrderId, new PlanFacts(plan.Story, plan.Duplicated, plan.Shuffled)),
        };
        using var buffer = new MemoryStream();
        using (var writer = new EventWriter(buffer))
        {
            foreach (var evt in run.Events())
            {
                writer.Write(evt);
            }
        }

        var bytes = buffer.ToArray();
        return Read(bytes, run.Summary(), plans);
    }

    /// <summary>Parses a stream with Luyue.Core's parser; fails the test on the first line it refuses.</summary>
    public static List<Line> Parse(byte[] bytes)
    {
        var parser = new EventParser();
        var lines = new List<Line>();
        using var stream = new MemoryStream(bytes);
        JsonLines.Read(stream, (number, span) =>
        {
            var text = System.Text.Encoding.UTF8.GetString(span);
            if (!parser.TryParse(span, out var evt, out var error))
            {
                Assert.Fail($"line {number}: {error} in {text}");
            }

            lines.Add(new Line((int)number - 1, evt!, text));
        });
        return lines;
    }

    private static GeneratedStream Read(byte[] bytes, GeneratorSummary summary, Dictionary<string, PlanFacts> plans)
    {
        var lines = Parse(bytes);
        var orders = new Dictionary<string, OrderRecord>(StringComparer.Ordinal);
        // A waybill belongs to the first order that uploaded it: a reused number's scans stay with the original.
        var waybills = new Dictionary<(string Carrier, string Tracking), OrderRecord>();
        foreach (var line in lines)
        {
            switch (line.Event)
            {
                case OrderPaid paid:
                    if (!orders.TryGetValue(paid.Order, out var record))
                    {
                        record = new OrderRecord(paid, plans[paid.Order]);
                        orders.Add(paid.Order, record);
                    }

                    record.Lines.Add(line);
                    break;
                case OrderShipped shipped:
                    orders[shipped.Order].Lines.Add(line);
                    waybills.TryAdd((shipped.Carrier, shipped.Tracking), orders[shipped.Order]);
                    break;
                case TrackingChanged changed:
                    orders[changed.Order].Lines.Add(line);
                    waybills.TryAdd((changed.Carrier, changed.Tracking), orders[changed.Order]);
                    break;
                case OrderRefunded refunded:
                    orders[refunded.Order].Lines.Add(line);
                    break;
                case OrderClosed closed:
                    orders[closed.Order].Lines.Add(line);
                    break;
                case Complaint complaint:
                    orders[complaint.Order].Lines.Add(line);
                    break;
            }
        }

        // A transfer's new number belongs to the order of the number it was handed over from.
        foreach (var line in lines)
        {
            if (line.Event is Scan { NewCarrier: { } newCarrier, NewTracking: { } newTracking } transfer
                && waybills.TryGetValue((transfer.Carrier, transfer.Tracking), out var owner))
            {
                waybills.TryAdd((newCarrier, newTracking), owner);
            }
        }

        // Scans last: a shuffled or late scan may arrive before the event that names its number.
        foreach (var line in lines)
        {
            if (line.Event is Scan scan && waybills.TryGetValue((scan.Carrier, scan.Tracking), out var owner))
            {
                owner.Lines.Add(line);
            }
        }

        foreach (var order in orders.Values)
        {
            order.Lines.Sort((a, b) => a.Index.CompareTo(b.Index));
        }

        return new GeneratedStream(bytes, lines, orders, summary);
    }
}

internal sealed record Line(int Index, FulfilmentEvent Event, string Text);

internal sealed record PlanFacts(ViolationKind? Story, bool Duplicated, bool Shuffled);

internal sealed class OrderRecord(OrderPaid paid, PlanFacts plan)
{
    public OrderPaid Paid { get; } = paid;

    public PlanFacts Plan { get; } = plan;

    /// <summary>In stream (arrival) order.</summary>
    public List<Line> Lines { get; } = [];

    public IEnumerable<T> Events<T>() where T : FulfilmentEvent => Lines.Select(l => l.Event).OfType<T>();

    private List<Scan>? trace;

    /// <summary>Scans in event-time order, each once (injected duplicates removed). Read once the stream is complete.</summary>
    public List<Scan> Trace => trace ??= Events<Scan>().DistinctBy(s => s.Id).OrderBy(s => s.At).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();

    public OrderShipped? Shipped => Events<OrderShipped>().FirstOrDefault();
}
