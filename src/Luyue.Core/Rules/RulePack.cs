using System.Collections.Frozen;
using NodaTime;

namespace Luyue.Core.Rules;

/// <summary>Days allowed for a route, by origin and destination province (Tmall route standard).</summary>
public sealed record RouteStandard(int SameProvinceDays, int OtherProvinceDays, int RemoteDays,
    FrozenDictionary<(string From, string To), int> Overrides)
{
    public int DaysFor(string? fromProvinceCode, string? toProvinceCode, bool remote)
    {
        if (fromProvinceCode is not null && toProvinceCode is not null && Overrides.TryGetValue((fromProvinceCode, toProvinceCode), out var days))
        {
            return days;
        }

        if (remote)
        {
            return RemoteDays;
        }

        return fromProvinceCode is not null && fromProvinceCode == toProvinceCode ? SameProvinceDays : OtherProvinceDays;
    }
}

/// <summary>Douyin's promised ship time by promise mode (RULES §4, §8).</summary>
public sealed record PromiseModes(Duration Default, FrozenDictionary<string, PromiseMode> Modes);

/// <summary>
/// A promise mode: either a fixed duration after payment, or a local cut-off: paid before <see cref="CutOff"/>
/// → <see cref="Time"/> on the same day plus <see cref="DaysAfter"/>, else one day later.
/// </summary>
public sealed record PromiseMode(Duration? After, LocalTime? CutOff, LocalTime? Time, int DaysAfter);

/// <summary>
/// One version of one platform's rules, frozen after loading (immutable; safe to share between threads).
/// An order is judged by the version in force when it was paid (RULES §8).
/// </summary>
public sealed record RulePack
{
    public required string Platform { get; init; }
    public required string Version { get; init; }
    public required LocalDate EffectiveFrom { get; init; }
    public required DateTimeZone Zone { get; init; }
    public required string SourceArticle { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<RuleDefinition> Rules
    {
        get => rules;
        init
        {
            rules = value;
            ScanRoles = Engine.RuleEvaluator.ScanRoles(value);
        }
    }

    private readonly IReadOnlyList<RuleDefinition> rules = [];

    /// <summary>What the rules read from scans beyond evidence (asked for every scan the engine may leave unjudged).</summary>
    internal Engine.ScanRole ScanRoles { get; private init; }

    /// <summary>Province codes (2-digit) of the remote set; abroad is always remote.</summary>
    public required FrozenSet<string> RemoteProvinces { get; init; }

    public IReadOnlyList<string> RemoteProvinceNames { get; init; } = [];
    public RouteStandard? RouteStandard { get; init; }
    public PromiseModes? Promise { get; init; }

    /// <summary>Store-level strikes counted per item and day, per natural year.</summary>
    public IReadOnlyList<StrikeDefinition> Strikes { get; init; } = [];

    /// <summary>A cap on penalties across orders, or null.</summary>
    public PenaltyCap? PenaltyCap { get; init; }

    /// <summary>Where the pack was loaded from (embedded resource name or file path), for messages.</summary>
    public string Origin { get; init; } = "";

    public Instant EffectiveFromInstant => EffectiveFrom.AtStartOfDayInZone(Zone).ToInstant();
}
