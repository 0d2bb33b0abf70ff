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
    int PeakOrdersInFlight);
