using Luyue.Core.Events;

namespace Luyue.Simulation.Tests;

/// <summary>The stream arrives in event-time order except where arrival disorder was injected.</summary>
public class OrderingTests
{
    [Fact]
    public void Events_are_in_time_order_except_injected_late_shuffled_or_duplicated_ones()
    {
        var s = GeneratedStream.Generate(new GeneratorOptions
        {
            Orders = 8_000,
            Seed = 3,
            Violations = new ViolationMix { OutOfOrder = 0.05, LateEvidence = 0.05, Duplicate = 0.05 },
        });
        var owner = new Dictionary<int, OrderRecord>();
        foreach (var order in s.Orders.Values)
        {
            foreach (var line in order.Lines)
            {
                owner[line.Index] = order;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var latest = s.Lines[0].Event.At;
        var behind = 0;
        foreach (var line in s.Lines)
        {
            var firstDelivery = seen.Add(line.Event.Id!);
            if (line.Event.At < latest)
            {
                behind++;
                var order = owner[line.Index];
                var explained = !firstDelivery || order.Plan.Shuffled || order.Plan.Story == ViolationKind.LateEvidence;
                Assert.True(explained, $"line {line.Index} ({line.Event.Type} at {line.Event.At}) arrives after {latest} without an injected cause");
            }

            latest = NodaTime.Instant.Max(latest, line.Event.At);
        }

        Assert.True(behind > 0, "the injected disorder shows in the stream");
    }

    [Fact]
    public void Without_injected_disorder_the_stream_never_goes_back_in_time()
    {
        var s = GeneratedStream.Generate(new GeneratorOptions { Orders = 3_000, Seed = 8, Violations = ViolationMix.None with { LateShipment = 0.1, HubStall = 0.1 } });
        for (var i = 1; i < s.Lines.Count; i++)
        {
            Assert.True(s.Lines[i].Event.At >= s.Lines[i - 1].Event.At, $"line {i} goes back in time");
        }
    }

    [Fact]
    public void Late_evidence_is_stamped_before_its_deadline_but_arrives_after_a_later_event_of_its_order()
    {
        var s = GeneratedStream.Generate(new GeneratorOptions
        {
            Orders = 400,
            Seed = 21,
            Violations = ViolationMix.None with { LateEvidence = 1 },
            LabelMilestones = true,
        });
        var late = s.Orders.Values.Where(o => o.Plan.Story == ViolationKind.LateEvidence).ToList();
        Assert.True(late.Count > 300);
        foreach (var order in late)
        {
            var shipped = order.Shipped!;
            var deadline = Deadlines.Pickup(order.Paid, shipped.At);
            var pickupLine = order.Lines.First(l => l.Event is Scan scan && Deadlines.IsMilestone(scan, "pickup"));
            Assert.True(pickupLine.Event.At < deadline, $"{order.Paid.Order}: the pickup is in time");
            Assert.Contains(order.Lines, l => l.Index < pickupLine.Index && l.Event.At >= deadline);
        }
    }
}
