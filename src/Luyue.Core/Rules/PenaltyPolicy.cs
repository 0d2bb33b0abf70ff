using NodaTime;

namespace Luyue.Core.Rules;

/// <summary>What a penalty is a share of: the order's paid amount after coupons, or the amount of its items.</summary>
public enum PenaltyBasis : byte { Paid, Items }

/// <summary>
/// One rate with its clamps. A tier applies when the order's promise and its lateness fall in its bounds
/// (Douyin's 2025 penalties depend on both); the first matching tier wins.
/// </summary>
public sealed record PenaltyTier
{
    public decimal? Rate { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public Duration? PromiseOver { get; init; }
    public Duration? PromiseUpTo { get; init; }
    public Duration? LateOver { get; init; }
    public Duration? LateUpTo { get; init; }

    public bool Matches(Duration? promise, Duration? lateness) =>
        (PromiseOver is null || (promise is { } p && p > PromiseOver.Value))
        && (PromiseUpTo is null || (promise is { } q && q <= PromiseUpTo.Value))
        && (LateOver is null || (lateness is { } l && l > LateOver.Value))
        && (LateUpTo is null || (lateness is { } m && m <= LateUpTo.Value));

    /// <summary>Rate × basis, clamped to [min, max], rounded half-up to whole yuan (RULES §8: 150 × 5 % = 7.5 → 8).</summary>
    public decimal Amount(decimal basis)
    {
        var raw = basis * Rate!.Value;
        if (Min is { } min && raw < min)
        {
            raw = min;
        }

        if (Max is { } max && raw > max)
        {
            raw = max;
        }

        return Math.Round(raw, 0, MidpointRounding.AwayFromZero);
    }
}

/// <summary>
/// The sanction of a rule, from the pack. <see cref="Configured"/> is false where the sources publish no rate
/// (1688, Taobao Special): the penalty finding then says "rate not configured" rather than inventing a number.
/// </summary>
public sealed record PenaltyPolicy
{
    public bool Configured => Tiers.Count > 0;
    public PenaltyBasis Basis { get; init; }
    public IReadOnlyList<PenaltyTier> Tiers { get; init; } = [];

    /// <summary>Time from the violation to the penalty; exemptions before it spare the penalty (RULES §1).</summary>
    public Duration Delay { get; init; } = Duration.FromHours(24);

    /// <summary>Penalties of one order in the same group do not stack: the highest applies once (RULES §5.3).</summary>
    public string? StackGroup { get; init; }

    public IReadOnlyList<string> Assumed { get; init; } = [];

    public PenaltyTier? TierFor(Duration? promise, Duration? lateness)
    {
        // Indexed: a foreach over the interface made an enumerator for every penalty worked out.
        var tiers = Tiers;
        for (var i = 0; i < tiers.Count; i++)
        {
            if (tiers[i].Matches(promise, lateness))
            {
                return tiers[i];
            }
        }

        return null;
    }
}

/// <summary>The filing and appeal policy of a rule (RULES §5.4, §3.3, §8).</summary>
public sealed record FilingPolicy
{
    /// <summary>Reasons that can exempt or revoke this rule's findings.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>A filing must be submitted within this time after the violation (Taobao Special delay filing: 24 h; Douyin appeal: 7 days).</summary>
    public Duration? Within { get; init; }

    /// <summary>Reasons that must be filed before the penalty (force majeure).</summary>
    public IReadOnlyList<string> BeforePenalty { get; init; } = ["force-majeure"];

    /// <summary>Reasons whose evidence must name the order number (chat records of a buyer-agreed delay).</summary>
    public IReadOnlyList<string> EvidenceNamesOrder { get; init; } = ["buyer-agreed-delay"];
}

/// <summary>A cap on penalties across orders (Tmall 2025: one buyer and one seller on one day, 500 yuan in all).</summary>
public sealed record PenaltyCap(decimal Amount, string Scope);
