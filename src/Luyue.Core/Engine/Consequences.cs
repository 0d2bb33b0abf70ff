using Luyue.Core.Findings;
using Luyue.Core.Rules;
using NodaTime;

namespace Luyue.Core.Engine;

/// <summary>
/// What each violation costs and how it ends (RULES §1 lifecycle, §5.3, §5.4): <c>exempted</c> when a full refund, a
/// reissue under a new number or an approved filing comes before the penalty; otherwise <c>penalty</c> at
/// violation + delay, priced from the pack; <c>revoked</c> when a filing is approved after it; <c>rejected</c> for a
/// filing that fails a condition. Like the rules, a pure function of the order's state and the clock, so late
/// events re-price nothing twice and arrival order does not matter.
/// </summary>
internal static class Consequences
{
    private const long Never = long.MaxValue;

    private readonly record struct Exemption(long At, string Reason, string EvidenceKind);

    /// <summary>
    /// The scratch list of penalised violations in the order their penalties fall due, reused: a new one for every
    /// evaluation of an order with a violation was a few per cent of a replay's garbage. Per thread, as the server's
    /// partitions evaluate on their own.
    /// </summary>
    [ThreadStatic]
    private static List<(int Index, long PenaltyAt)>? scratch;

    public static void Evaluate(in OrderRecord order, RulePack pack, long now, List<ExpectedFinding> output, ref Wake wake)
    {
        var violations = output.Count;
        AutoConfirmExtensions(pack, output, violations);
        Dictionary<string, decimal>? stacked = null;
        var order2 = scratch ??= [];
        order2.Clear();
        for (var i = 0; i < violations; i++)
        {
            if (output[i].Kind == FindingKind.Violation && pack.Rules[output[i].Rule].Penalty is not null)
            {
                order2.Add((i, output[i].At + pack.Rules[output[i].Rule].Penalty!.Delay.BclCompatibleTicks));
            }
        }

        if (order2.Count == 0)
        {
            RejectFilings(order, pack, now, output, violations);
            return;
        }

        // Penalties of one stack group are charged in the order they fall due, so "the highest applies once" is
        // the same whatever order the violations were found in.
        order2.Sort(static (a, b) => a.PenaltyAt.CompareTo(b.PenaltyAt));
        foreach (var (index, penaltyAt) in order2)
        {
            var v = output[index];
            var rule = pack.Rules[v.Rule];
            var policy = rule.Penalty!;
            var (amount, basisNote) = Price(order, pack, rule, policy, v, penaltyAt);
            var exemption = FirstExemption(order, rule, v, penaltyAt);
            if (exemption is { } x)
            {
                if (x.At <= now)
                {
                    output.Add(Derived(v, FindingKind.Exempted, x.At, amount, x.Reason, x.EvidenceKind, x.At));
                }
                else
                {
                    wake.Propose(x.At);
                }

                continue;
            }

            if (penaltyAt > now)
            {
                wake.Propose(penaltyAt);
                continue;
            }

            if (amount is { } full && policy.StackGroup is { } group)
            {
                stacked ??= new Dictionary<string, decimal>(StringComparer.Ordinal);
                var already = stacked.GetValueOrDefault(group);
                var charge = Math.Max(0, full - already);
                stacked[group] = Math.Max(already, full);
                if (charge == 0)
                {
                    output.Add(Derived(v, FindingKind.Exempted, penaltyAt, full, $"does not stack: a penalty of at least {already} yuan in group '{group}' applies", "stacking", penaltyAt));
                    continue;
                }

                if (already > 0)
                {
                    basisNote += $"; tops up group '{group}' from {already} to the highest, {full} yuan";
                }

                amount = charge;
            }

            if (amount is 0)
            {
                continue; // a tier of rate 0: this lateness is not penalised
            }

            output.Add(Derived(v, FindingKind.Penalty, penaltyAt, amount, amount is null ? "rate not configured" : basisNote, null, 0));

            if (ApprovedFiling(order, rule, v, penaltyAt, afterPenalty: true) is { } revoking && revoking.DecidedAt <= now)
            {
                output.Add(Derived(v, FindingKind.Revoked, revoking.DecidedAt, amount,
                    $"filing {revoking.Id} ({revoking.Reason}) approved after the penalty: reversed and refunded", "filing.decided", revoking.DecidedAt));
            }
        }

        RejectFilings(order, pack, now, output, violations);
    }

    /// <summary>Fraud shipping extends the order's auto-confirm time (RULES §3.2): a sanction with its start and end.</summary>
    private static void AutoConfirmExtensions(RulePack pack, List<ExpectedFinding> output, int violations)
    {
        for (var i = 0; i < violations; i++)
        {
            var v = output[i];
            if (v.Kind == FindingKind.Violation && pack.Rules[v.Rule].Sanctions?.AutoConfirmExtension is { } extension)
            {
                var sanction = Derived(v, FindingKind.Sanction, v.At, null,
                    $"auto-confirm extended by {RulePackReader.FormatDuration(extension)}; the duty to ship remains", "complaint", v.At);
                sanction.End = v.At + extension.BclCompatibleTicks;
                output.Add(sanction);
            }
        }
    }

    private static ExpectedFinding Derived(in ExpectedFinding v, FindingKind kind, long at, decimal? amount, string? reason, string? evidenceKind, long evidenceAt) => new()
    {
        Rule = v.Rule, Kind = kind, Segment = v.Segment, At = at, Start = v.At, Deadline = v.Deadline, Occurrence = v.Occurrence,
        Number = v.Number, Amount = amount, Reason = reason, EvidenceKind = evidenceKind, EvidenceAt = evidenceAt,
    };

    /// <summary>The earliest exemption strictly before the penalty, if any.</summary>
    private static Exemption? FirstExemption(in OrderRecord order, RuleDefinition rule, in ExpectedFinding v, long penaltyAt)
    {
        Exemption? best = null;
        var violationAt = v.At;
        void Consider(long at, string reason, string evidence)
        {
            if (at >= violationAt && at < penaltyAt && (best is null || at < best.Value.At))
            {
                best = new Exemption(at, reason, evidence);
            }
        }

        Consider(order.FullRefundAt, "fully refunded before the penalty", "order.refunded");
        if (v.Segment >= 0 && v.Segment + 1 < order.Shipments.Count)
        {
            Consider(order.Shipments[v.Segment + 1].UploadedAt, "tracking number changed (reissue) before the penalty", "order.tracking-changed");
        }

        if (ApprovedFiling(order, rule, v, penaltyAt, afterPenalty: false) is { } filing)
        {
            Consider(Math.Max(filing.DecidedAt, v.At), $"filing {filing.Id} ({filing.Reason}) approved before the penalty", "filing.decided");
        }

        return best;
    }

    /// <summary>The first approved, valid filing for this violation, decided before (or, for revocation, after) the penalty.</summary>
    private static FilingRecord? ApprovedFiling(in OrderRecord order, RuleDefinition rule, in ExpectedFinding v, long penaltyAt, bool afterPenalty)
    {
        if (order.Filings is null || rule.Filing is null)
        {
            return null;
        }

        FilingRecord? best = null;
        foreach (var filing in order.Filings)
        {
            if (!filing.Approved || filing.DecidedAt == Never || Invalid(order, rule.Filing, filing, v.At, penaltyAt) is not null)
            {
                continue;
            }

            var after = filing.DecidedAt >= penaltyAt;
            if (after == afterPenalty && (best is null || filing.DecidedAt < best.DecidedAt
                                          || (filing.DecidedAt == best.DecidedAt && string.CompareOrdinal(filing.Id, best.Id) < 0)))
            {
                best = filing;
            }
        }

        return best;
    }

    /// <summary>Why a filing cannot cover a violation, naming the failed condition; null when it can.</summary>
    internal static string? Invalid(in OrderRecord order, FilingPolicy policy, FilingRecord filing, long violationAt, long penaltyAt)
    {
        if (!policy.Reasons.Contains(filing.Reason))
        {
            return $"reason '{filing.Reason}' is not accepted for this rule (accepted: {string.Join(", ", policy.Reasons)})";
        }

        if (policy.BeforePenalty.Contains(filing.Reason) && filing.SubmittedAt >= penaltyAt)
        {
            return $"{filing.Reason} must be filed before the penalty ({Text(penaltyAt)}); filed {Text(filing.SubmittedAt)}";
        }

        if (policy.Within is { } within && filing.SubmittedAt > violationAt + within.BclCompatibleTicks)
        {
            return $"must be filed within {RulePackReader.FormatDuration(within)} of the violation ({Text(violationAt)}); filed {Text(filing.SubmittedAt)}";
        }

        if (policy.EvidenceNamesOrder.Contains(filing.Reason) && (filing.Evidence is null || !filing.Evidence.Contains(order.Id, StringComparison.Ordinal)))
        {
            return $"the chat evidence for {filing.Reason} must contain the order number {order.Id}";
        }

        return null;
    }

    /// <summary>
    /// A filing that no violation of its order accepts is rejected, once, at its submission, naming the condition
    /// that failed. A filing made before any violation it could cover waits: filing ahead is allowed (提前报备).
    /// </summary>
    private static void RejectFilings(in OrderRecord order, RulePack pack, long now, List<ExpectedFinding> output, int violations)
    {
        if (order.Filings is null)
        {
            return;
        }

        foreach (var filing in order.Filings)
        {
            if (filing.SubmittedAt > now)
            {
                continue;
            }

            string? why = null;
            var accepted = false;
            var rule = -1;
            for (var i = 0; i < violations && !accepted; i++)
            {
                var v = output[i];
                var definition = pack.Rules[v.Rule];
                if (v.Kind != FindingKind.Violation || definition.Filing is null || definition.Penalty is null)
                {
                    continue;
                }

                var problem = Invalid(order, definition.Filing, filing, v.At, v.At + definition.Penalty.Delay.BclCompatibleTicks);
                accepted = problem is null;
                if (!accepted && (why is null || definition.Filing.Reasons.Contains(filing.Reason)))
                {
                    why = problem;
                    rule = v.Rule;
                }
            }

            if (!accepted && why is not null)
            {
                output.Add(new ExpectedFinding
                {
                    Rule = rule, Kind = FindingKind.Rejected, Segment = -1000 - order.Filings.IndexOf(filing), At = filing.SubmittedAt,
                    Start = filing.SubmittedAt, Deadline = filing.SubmittedAt, Occurrence = 1,
                    Reason = $"filing {filing.Id} rejected: {why}", EvidenceKind = "filing.submitted", EvidenceAt = filing.SubmittedAt,
                });
            }
        }
    }

    /// <summary>The penalty amount and how it was reached, or null amount when the pack configures no rate.</summary>
    private static (decimal? Amount, string Note) Price(in OrderRecord order, RulePack pack, RuleDefinition rule, PenaltyPolicy policy,
        in ExpectedFinding v, long penaltyAt)
    {
        if (!policy.Configured)
        {
            return (null, "rate not configured");
        }

        Duration? promise = null, lateness = null;
        if (pack.Promise is not null || order.ShipBy != 0)
        {
            var promised = RuleEvaluator.PromisedShipTime(order, pack);
            promise = Duration.FromTicks(promised - order.PaidAt);
            var shipped = order.Shipments.Count > 0 ? Math.Min(order.Shipments[0].UploadedAt, penaltyAt) : penaltyAt;
            lateness = Duration.FromTicks(Math.Max(0, shipped - promised));
        }

        var tier = policy.TierFor(promise, lateness);
        if (tier is null)
        {
            return (0, "no tier applies");
        }

        var basis = policy.Basis == PenaltyBasis.Items && order.ItemsAmount > 0 ? order.ItemsAmount : order.Amount;
        var amount = tier.Amount(basis);
        var clamps = (tier.Min, tier.Max) switch
        {
            (null, null) => "",
            (var min, null) => $", at least {min}",
            (null, var max) => $", at most {max}",
            var (min, max) => $", {min}–{max}",
        };
        return (amount, $"{tier.Rate!.Value * 100:0.##} % of {basis} yuan{clamps}, rounded half-up");
    }

    private static string Text(long ticks) => Events.InstantText.Format(Instant.FromUnixTimeTicks(ticks), Offset.FromHours(8));
}
