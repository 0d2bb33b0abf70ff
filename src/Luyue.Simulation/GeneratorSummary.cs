using System.Globalization;
using System.Text;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Simulation;

/// <summary>
/// What a generated stream holds. <see cref="Violations"/> counts orders per injected kind and
/// <see cref="Eligible"/> the orders that could have had it, so that <c>Violations[k] / Eligible[k]</c> estimates
/// the configured share. Both list every kind, in enum order.
/// </summary>
public sealed record GeneratorSummary(
    long Orders,
    long Events,
    long DuplicateEvents,
    Instant? FirstEventAt,
    Instant ClockAt,
    IReadOnlyDictionary<string, long> OrdersByPlatform,
    IReadOnlyDictionary<ViolationKind, long> Violations,
    IReadOnlyDictionary<ViolationKind, long> Eligible,
    int PeakOrdersInFlight)
{
    private static readonly Offset Shanghai = Offset.FromHours(8);

    /// <summary>A short report for people (a command line prints it to standard error).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var first = FirstEventAt is { } at ? InstantText.Format(at, Shanghai) : "none";
        text.Append(CultureInfo.InvariantCulture,
            $"{Orders:N0} orders, {Events:N0} events ({DuplicateEvents:N0} duplicates); first event {first}, closing clock {InstantText.Format(ClockAt, Shanghai)}; at most {PeakOrdersInFlight:N0} orders in flight");
        text.AppendLine();
        text.Append("platforms: ").AppendJoin(", ", OrdersByPlatform.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:N0}")));
        text.AppendLine();
        text.Append("injected (orders / eligible): ")
            .AppendJoin(", ", Violations.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key.ToText()} {v.Value:N0}/{Eligible[v.Key]:N0}")));
        return text.ToString();
    }
}
