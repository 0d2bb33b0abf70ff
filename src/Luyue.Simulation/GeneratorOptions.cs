using NodaTime;

namespace Luyue.Simulation;

/// <summary>
/// What to generate. Plain properties with defaults, so a command line or configuration section binds them
/// directly; <see cref="Validate"/> names the setting at fault. The same options and <see cref="Seed"/> always
/// give the same bytes.
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>2024-06-01T00:00:00+08:00: the start of the 618 shopping festival.</summary>
    public static readonly Instant DefaultStart = Instant.FromUtc(2024, 5, 31, 16, 0);

    /// <summary>Most orders a day when <see cref="OrdersPerDay"/> is not set: keeps orders in flight (and memory) bounded.</summary>
    public const int MaxDerivedOrdersPerDay = 50_000;

    /// <summary>The most payments a day that <see cref="OrdersPerDay"/> may ask for.</summary>
    public const int MaxOrdersPerDay = 100_000_000;

    public int Orders { get; init; } = 1_000;

    public int Seed { get; init; } = 1;

    /// <summary>Payments start here (the generator never reads the system clock).</summary>
    public Instant Start { get; init; } = DefaultStart;

    /// <summary>
    /// Average payments per day. When null, derived from <see cref="Orders"/> so that the stream spans about two
    /// weeks of payments (at least 200 and at most <see cref="MaxDerivedOrdersPerDay"/> a day).
    /// </summary>
    public int? OrdersPerDay { get; init; }

    public PlatformMix Platforms { get; init; } = new();

    public ViolationMix Violations { get; init; } = new();

    /// <summary>
    /// Stamp every scan with its milestone <c>kind</c>. Off by default: real carrier feeds carry only text, and the
    /// engine must classify it; on, a stream tests the rules independently of the classifier.
    /// </summary>
    public bool LabelMilestones { get; init; }

    public int EffectiveOrdersPerDay => OrdersPerDay ?? Math.Clamp(Orders / 14, 200, MaxDerivedOrdersPerDay);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting at fault.</summary>
    public void Validate()
    {
        if (Orders < 0)
        {
            throw new ArgumentException($"Orders: must not be negative (got {Orders}).", nameof(Orders));
        }

        if (OrdersPerDay is <= 0 or > MaxOrdersPerDay)
        {
            throw new ArgumentException($"OrdersPerDay: must be between 1 and {MaxOrdersPerDay.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} (got {OrdersPerDay}).", nameof(OrdersPerDay));
        }

        ArgumentNullException.ThrowIfNull(Platforms, nameof(Platforms));
        ArgumentNullException.ThrowIfNull(Violations, nameof(Violations));
        Platforms.Validate();
        Violations.Validate();
    }
}

/// <summary>
/// Relative weights of the platforms (normalised; they need not add up to 1). Defaults follow the marketplaces'
/// rough order sizes for a merchant selling on all of them: AliExpress is a small cross-border channel.
/// </summary>
public sealed record PlatformMix
{
    public double Tmall { get; init; } = 0.30;
    public double Taote { get; init; } = 0.20;
    public double Douyin { get; init; } = 0.30;
    public double Alibaba1688 { get; init; } = 0.17;
    public double AliExpress { get; init; } = 0.03;

    /// <summary>Weights by CONTRACT.md platform code, in a fixed order.</summary>
    public IReadOnlyList<(string Platform, double Weight)> Weights =>
    [
        ("tmall", Tmall), ("taote", Taote), ("douyin", Douyin), ("1688", Alibaba1688), ("aliexpress", AliExpress),
    ];

    public void Validate()
    {
        var total = 0.0;
        foreach (var (platform, weight) in Weights)
        {
            if (double.IsNaN(weight) || double.IsInfinity(weight) || weight < 0)
            {
                throw new ArgumentException($"Platforms.{platform}: the weight must be a non-negative number, not {weight}.", nameof(platform));
            }

            total += weight;
        }

        if (total <= 0)
        {
            throw new ArgumentException("Platforms: at least one platform needs a positive weight.");
        }
    }
}
