using System.Collections.Frozen;
using System.Text.Json;
using Luyue.Core.Events;
using Luyue.Core.Geography;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Core.Rules;

/// <summary>One problem in a rule pack: the file, the JSON path inside it, and why.</summary>
public sealed record RulePackError(string File, string Path, string Reason)
{
    public override string ToString() => $"{File}: {Path}: {Reason}";
}

public sealed class RulePackException(IReadOnlyList<RulePackError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<RulePackError> Errors { get; } = errors;
}

/// <summary>
/// Reads and validates a platform rule pack (format: docs/rule-pack-format.md, schema: rules/rule-pack.schema.json).
/// Validation is strict, unknown properties included, because a typo in a pack silently changes what merchants
/// are told; every problem is reported with its JSON path, not just the first.
/// </summary>
public sealed class RulePackReader
{
    private readonly List<RulePackError> errors = [];
    private readonly string file;
    private readonly ChinaRegions regions;

    private RulePackReader(string file, ChinaRegions regions)
    {
        this.file = file;
        this.regions = regions;
    }

    public static RulePack Read(string file, ReadOnlySpan<byte> utf8, ChinaRegions? regions = null)
    {
        var reader = new RulePackReader(file, regions ?? ChinaRegions.Default);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw new RulePackException([new RulePackError(file, $"line {ex.LineNumber + 1}", $"invalid JSON: {JsonErrorText.OfLine(ex)}")]);
        }

        using (doc)
        {
            var pack = reader.ReadPack(doc.RootElement);
            if (reader.errors.Count > 0 || pack is null)
            {
                throw new RulePackException(reader.errors);
            }

            return pack;
        }
    }

    private static readonly string[] PackProperties =
        ["$schema", "platform", "version", "effectiveFrom", "timeZone", "source", "description", "regions", "routeStandard", "promise", "penaltyCap", "strikes", "rules"];

    private static readonly string[] RuleProperties =
    [
        "id", "title", "description", "check", "start", "metBy", "within", "calendar", "route", "warn", "rejudge", "window",
        "complaintKind", "exemptRemote", "transferAdjusted", "agreedShipDate", "assumed", "source", "penalty", "filing", "sanctions",
    ];

    private RulePack? ReadPack(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", "a rule pack is a JSON object");
            return null;
        }

        Known(root, "$", PackProperties);
        var platform = RequiredString(root, "$", "platform");
        var version = RequiredString(root, "$", "version");
        var effectiveFrom = Date(root, "$", "effectiveFrom");
        var zoneId = OptionalString(root, "$", "timeZone") ?? "Asia/Shanghai";
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zone is null)
        {
            Error("$.timeZone", $"'{zoneId}' is not a known IANA time zone");
        }

        var source = RequiredString(root, "$", "source");
        var description = OptionalString(root, "$", "description") ?? "";
        var (remote, remoteNames) = ReadRegions(root);
        var route = root.TryGetProperty("routeStandard", out var r) ? ReadRoute(r) : null;
        var promise = root.TryGetProperty("promise", out var p) ? ReadPromise(p) : null;
        PenaltyCap? cap = null;
        if (root.TryGetProperty("penaltyCap", out var c))
        {
            Known(c, "$.penaltyCap", ["amount", "scope"]);
            var amount = Money(c, "$.penaltyCap", "amount");
            var scope = RequiredString(c, "$.penaltyCap", "scope");
            if (scope is not null && scope != "buyer-seller-day")
            {
                Error("$.penaltyCap.scope", $"'{scope}' is not a known scope (buyer-seller-day)");
            }

            cap = amount is null || scope is null ? null : new PenaltyCap(amount.Value, scope);
        }

        var rules = new List<RuleDefinition>();
        if (!root.TryGetProperty("rules", out var rulesElement) || rulesElement.ValueKind != JsonValueKind.Array)
        {
            Error("$.rules", "missing: a pack lists its rules in an array");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var ruleElement in rulesElement.EnumerateArray())
            {
                var rule = ReadRule(ruleElement, $"$.rules[{i}]", rules.Count, platform, route);
                if (rule is not null)
                {
                    if (!seen.Add(rule.Id))
                    {
                        Error($"$.rules[{i}].id", $"'{rule.Id}' appears twice");
                    }

                    rules.Add(rule);
                }

                i++;
            }
        }

        if (platform is null || version is null || effectiveFrom is null || zone is null || source is null)
        {
            return null;
        }

        var strikes = root.TryGetProperty("strikes", out var s) ? ReadStrikes(s, rules) : [];
        return new RulePack
        {
            Strikes = strikes,
            Platform = platform,
            Version = version,
            EffectiveFrom = effectiveFrom.Value,
            Zone = zone,
            SourceArticle = source,
            Description = description,
            Rules = rules,
            RemoteProvinces = remote,
            RemoteProvinceNames = remoteNames,
            RouteStandard = route,
            Promise = promise,
            PenaltyCap = cap,
            Origin = file,
        };
    }

    private (FrozenSet<string> Codes, IReadOnlyList<string> Names) ReadRegions(JsonElement root)
    {
        if (!root.TryGetProperty("regions", out var regionsElement))
        {
            return (FrozenSet<string>.Empty, []);
        }

        Known(regionsElement, "$.regions", ["remote"]);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        if (regionsElement.TryGetProperty("remote", out var remote))
        {
            var i = 0;
            foreach (var name in remote.EnumerateArray())
            {
                var text = name.GetString();
                var province = regions.FindProvince(text);
                if (province is null)
                {
                    Error($"$.regions.remote[{i}]", $"'{text}' is not a Chinese province-level region");
                }
                else
                {
                    codes.Add(province.Code);
                    names.Add(text!);
                }

                i++;
            }
        }

        return (codes.ToFrozenSet(StringComparer.Ordinal), names);
    }

    private RouteStandard? ReadRoute(JsonElement e)
    {
        const string path = "$.routeStandard";
        Known(e, path, ["sameProvinceDays", "otherProvinceDays", "remoteDays", "overrides", "assumed"]);
        var same = Int(e, path, "sameProvinceDays", 1, 60);
        var other = Int(e, path, "otherProvinceDays", 1, 60);
        var remote = Int(e, path, "remoteDays", 1, 60);
        var overrides = new Dictionary<(string, string), int>();
        if (e.TryGetProperty("overrides", out var list))
        {
            var i = 0;
            foreach (var o in list.EnumerateArray())
            {
                var at = $"{path}.overrides[{i++}]";
                Known(o, at, ["from", "to", "days"]);
                var from = regions.FindProvince(RequiredString(o, at, "from"));
                var to = regions.FindProvince(RequiredString(o, at, "to"));
                var days = Int(o, at, "days", 1, 60);
                if (from is null || to is null)
                {
                    Error(at, "'from' and 'to' must name provinces");
                }
                else if (days is not null)
                {
                    overrides[(from.Code, to.Code)] = days.Value;
                }
            }
        }

        return same is null || other is null || remote is null ? null
            : new RouteStandard(same.Value, other.Value, remote.Value, overrides.ToFrozenDictionary());
    }

    private PromiseModes? ReadPromise(JsonElement e)
    {
        const string path = "$.promise";
        Known(e, path, ["default", "modes"]);
        var fallback = DurationValue(e, path, "default");
        var modes = new Dictionary<string, PromiseMode>(StringComparer.Ordinal);
        if (e.TryGetProperty("modes", out var m))
        {
            foreach (var mode in m.EnumerateObject())
            {
                var at = $"{path}.modes.{mode.Name}";
                Known(mode.Value, at, ["after", "cutOff", "time", "daysAfter"]);
                var after = mode.Value.TryGetProperty("after", out _) ? DurationValue(mode.Value, at, "after") : null;
                var cutOff = mode.Value.TryGetProperty("cutOff", out _) ? TimeValue(mode.Value, at, "cutOff") : null;
                var time = mode.Value.TryGetProperty("time", out _) ? TimeValue(mode.Value, at, "time") : null;
                var daysAfter = mode.Value.TryGetProperty("daysAfter", out _) ? Int(mode.Value, at, "daysAfter", 0, 30) ?? 0 : 0;
                if (after is null && time is null)
                {
                    Error(at, "a promise mode needs 'after' (a duration) or 'time' (a local time, with optional 'cutOff' and 'daysAfter')");
                }

                modes[mode.Name] = new PromiseMode(after, cutOff, time, daysAfter);
            }
        }

        return fallback is null ? null : new PromiseModes(fallback.Value, modes.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private RuleDefinition? ReadRule(JsonElement e, string path, int index, string? platform, RouteStandard? route)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(path, "a rule is a JSON object");
            return null;
        }

        Known(e, path, RuleProperties);
        var id = RequiredString(e, path, "id");
        if (id is not null && platform is not null && !id.StartsWith(platform + ".", StringComparison.Ordinal))
        {
            Error($"{path}.id", $"'{id}' must start with the pack's platform '{platform}.'");
        }

        var title = RequiredString(e, path, "title") ?? "";
        var description = RequiredString(e, path, "description") ?? "";
        var check = Enum(e, path, "check", CheckNames);
        if (check is null || id is null)
        {
            return null;
        }

        var rule = new RuleDefinition
        {
            Id = id,
            Title = title,
            Description = description,
            Check = check.Value,
            Index = index,
            ExemptRemote = Bool(e, "exemptRemote"),
            TransferAdjusted = Bool(e, "transferAdjusted"),
            AgreedShipDate = e.TryGetProperty("agreedShipDate", out _) ? Enum(e, path, "agreedShipDate", AgreedShipDateNames) ?? AgreedShipDate.Ignored : AgreedShipDate.Ignored,
            Source = OptionalString(e, path, "source"),
            Assumed = e.TryGetProperty("assumed", out var assumed) ? assumed.EnumerateArray().Select(a => a.GetString() ?? "").ToArray() : [],
        };

        if (e.TryGetProperty("penalty", out var penalty))
        {
            rule = rule with { Penalty = ReadPenalty(penalty, $"{path}.penalty") };
        }

        if (e.TryGetProperty("filing", out var filing))
        {
            rule = rule with { Filing = ReadFiling(filing, $"{path}.filing") };
        }

        if (e.TryGetProperty("sanctions", out var sanctions))
        {
            var at = $"{path}.sanctions";
            Known(sanctions, at, ["withdrawalRestriction", "autoConfirmExtension"]);
            rule = rule with
            {
                Sanctions = new SanctionPolicy(
                    sanctions.TryGetProperty("withdrawalRestriction", out _) ? DurationValue(sanctions, at, "withdrawalRestriction") : null,
                    sanctions.TryGetProperty("autoConfirmExtension", out _) ? DurationValue(sanctions, at, "autoConfirmExtension") : null),
            };
        }

        switch (check)
        {
            case CheckKind.Deadline:
                rule = ReadDeadline(e, path, rule, route);
                break;
            case CheckKind.Gap:
            case CheckKind.ReusedNumber:
                rule = rule with { Window = DurationValue(e, path, "window") };
                break;
            case CheckKind.Complaint:
                rule = rule with { ComplaintKinds = ComplaintKinds(e, path) };
                break;
        }

        return rule;
    }

    /// <summary>The complaint kinds of CONTRACT.md.</summary>
    public static readonly IReadOnlyList<string> ComplaintKindNames = ["fake-sign", "empty-parcel", "wrong-item", "not-received"];

    private IReadOnlyList<string> ComplaintKinds(JsonElement e, string path)
    {
        if (!e.TryGetProperty("complaintKind", out var v))
        {
            Error($"{path}.complaintKind", "missing");
            return [];
        }

        var kinds = v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(k => k.GetString() ?? "").ToArray() : [v.GetString() ?? ""];
        foreach (var kind in kinds.Where(k => !ComplaintKindNames.Contains(k)))
        {
            Error($"{path}.complaintKind", $"'{kind}' is not a complaint kind ({string.Join(", ", ComplaintKindNames)})");
        }

        return kinds;
    }

    private List<StrikeDefinition> ReadStrikes(JsonElement e, List<RuleDefinition> rules)
    {
        var list = new List<StrikeDefinition>();
        var i = 0;
        foreach (var strike in e.EnumerateArray())
        {
            var at = $"$.strikes[{i++}]";
            Known(strike, at, ["id", "title", "counts", "minOrders", "minShare"]);
            var id = RequiredString(strike, at, "id");
            var title = RequiredString(strike, at, "title") ?? "";
            var counts = strike.TryGetProperty("counts", out var c) ? c.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [];
            foreach (var unknown in counts.Where(x => rules.All(r => r.Id != x)))
            {
                Error($"{at}.counts", $"'{unknown}' is not a rule of this pack");
            }

            var minOrders = Int(strike, at, "minOrders", 1, 1_000_000);
            var minShare = Money(strike, at, "minShare");
            if (id is not null && minOrders is not null && minShare is not null)
            {
                list.Add(new StrikeDefinition(id, title, counts, minOrders.Value, minShare.Value));
            }
        }

        return list;
    }

    private static readonly string[] TierProperties = ["rate", "min", "max", "promiseOver", "promiseUpTo", "lateOver", "lateUpTo"];

    private PenaltyPolicy ReadPenalty(JsonElement e, string path)
    {
        Known(e, path, ["basis", "rate", "min", "max", "delay", "stackGroup", "tiers", "assumed", "note"]);
        var basis = e.TryGetProperty("basis", out _) ? Enum(e, path, "basis", BasisNames) ?? PenaltyBasis.Paid : PenaltyBasis.Paid;
        var tiers = new List<PenaltyTier>();
        if (e.TryGetProperty("rate", out _))
        {
            tiers.Add(ReadTier(e, path, TierProperties.Concat(["basis", "delay", "stackGroup", "tiers", "assumed", "note"]).ToArray()));
        }

        if (e.TryGetProperty("tiers", out var list))
        {
            var i = 0;
            foreach (var tier in list.EnumerateArray())
            {
                tiers.Add(ReadTier(tier, $"{path}.tiers[{i++}]", TierProperties));
            }
        }

        return new PenaltyPolicy
        {
            Basis = basis,
            Tiers = tiers,
            Delay = e.TryGetProperty("delay", out _) ? DurationValue(e, path, "delay", allowZero: true) ?? Duration.FromHours(24) : Duration.FromHours(24),
            StackGroup = OptionalString(e, path, "stackGroup"),
            Assumed = e.TryGetProperty("assumed", out var assumed) ? assumed.EnumerateArray().Select(a => a.GetString() ?? "").ToArray() : [],
        };
    }

    private PenaltyTier ReadTier(JsonElement e, string path, string[] known)
    {
        Known(e, path, known);
        var rate = Money(e, path, "rate");
        if (rate is < 0 or > 100)
        {
            Error($"{path}.rate", $"{rate} is not a share between 0 and 100 (0.05 is 5 %)");
        }

        decimal? Optional(string name) => e.TryGetProperty(name, out _) ? Money(e, path, name) : null;
        Duration? Bound(string name) => e.TryGetProperty(name, out _) ? DurationValue(e, path, name, allowZero: true) : null;
        var tier = new PenaltyTier
        {
            Rate = rate,
            Min = Optional("min"),
            Max = Optional("max"),
            PromiseOver = Bound("promiseOver"),
            PromiseUpTo = Bound("promiseUpTo"),
            LateOver = Bound("lateOver"),
            LateUpTo = Bound("lateUpTo"),
        };
        if (tier.Min is { } min && tier.Max is { } max && min > max)
        {
            Error($"{path}.min", $"min {min} is above max {max}");
        }

        return tier;
    }

    private FilingPolicy ReadFiling(JsonElement e, string path)
    {
        Known(e, path, ["reasons", "within", "beforePenalty", "evidenceNamesOrder"]);
        string[] Reasons(string name)
        {
            if (!e.TryGetProperty(name, out var list))
            {
                return [];
            }

            var values = list.EnumerateArray().Select(r => r.GetString() ?? "").ToArray();
            foreach (var value in values.Where(v => !FilingReasons.Contains(v)))
            {
                Error($"{path}.{name}", $"'{value}' is not a filing reason ({string.Join(", ", FilingReasons)})");
            }

            return values;
        }

        var policy = new FilingPolicy
        {
            Reasons = Reasons("reasons"),
            Within = e.TryGetProperty("within", out _) ? DurationValue(e, path, "within") : null,
        };
        if (e.TryGetProperty("beforePenalty", out _))
        {
            policy = policy with { BeforePenalty = Reasons("beforePenalty") };
        }

        if (e.TryGetProperty("evidenceNamesOrder", out _))
        {
            policy = policy with { EvidenceNamesOrder = Reasons("evidenceNamesOrder") };
        }

        return policy;
    }

    /// <summary>The filing reasons of CONTRACT.md (RULES §5.4).</summary>
    public static readonly IReadOnlyList<string> FilingReasons = ["trace-mismatch", "buyer-unreachable", "force-majeure", "buyer-agreed-delay"];

    public static readonly IReadOnlyDictionary<string, PenaltyBasis> BasisNames = new Dictionary<string, PenaltyBasis>(StringComparer.Ordinal)
    {
        ["paid"] = PenaltyBasis.Paid,
        ["items"] = PenaltyBasis.Items,
    };

    private decimal? Money(JsonElement e, string path, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d))
        {
            Error($"{path}.{name}", "missing or not a number");
            return null;
        }

        if (d < 0)
        {
            Error($"{path}.{name}", "must not be negative");
            return null;
        }

        return d;
    }

    private RuleDefinition ReadDeadline(JsonElement e, string path, RuleDefinition rule, RouteStandard? route)
    {
        var start = Enum(e, path, "start", StartNames) ?? StartAnchor.Paid;
        var metBy = Enum(e, path, "metBy", EvidenceNames) ?? Evidence.Shipped;
        Duration? within = e.TryGetProperty("within", out _) ? DurationValue(e, path, "within", allowZero: true) : null;
        CalendarDeadline? calendar = null;
        int? routeExtra = null;
        if (e.TryGetProperty("calendar", out var c))
        {
            var at = $"{path}.calendar";
            Known(c, at, ["daysAfter", "time"]);
            var days = Int(c, at, "daysAfter", 0, 60);
            var time = TimeValue(c, at, "time");
            if (days is not null && time is not null)
            {
                calendar = new CalendarDeadline(days.Value, time.Value);
            }
        }

        if (e.TryGetProperty("route", out var r))
        {
            Known(r, $"{path}.route", ["extraDays"]);
            routeExtra = Int(r, $"{path}.route", "extraDays", 0, 60);
            if (route is null)
            {
                Error($"{path}.route", "a route deadline needs the pack's 'routeStandard' table");
            }
        }

        var ways = (within is null ? 0 : 1) + (calendar is null ? 0 : 1) + (routeExtra is null ? 0 : 1);
        if (ways != 1)
        {
            Error(path, "a deadline rule sets exactly one of 'within', 'calendar' or 'route'");
        }

        Duration? warnAfter = null, warnBefore = null;
        if (e.TryGetProperty("warn", out var w))
        {
            var at = $"{path}.warn";
            Known(w, at, ["after", "before"]);
            warnAfter = w.TryGetProperty("after", out _) ? DurationValue(w, at, "after") : null;
            warnBefore = w.TryGetProperty("before", out _) ? DurationValue(w, at, "before") : null;
            if ((warnAfter is null) == (warnBefore is null))
            {
                Error(at, "set exactly one of 'after' (from the start) or 'before' (the deadline)");
            }

            if (warnAfter is { } a && within is { } d && a >= d)
            {
                Error($"{at}.after", $"the warning ({a}) must come before the deadline ({d})");
            }
        }

        Rejudge? rejudge = null;
        if (e.TryGetProperty("rejudge", out var rj))
        {
            var at = $"{path}.rejudge";
            Known(rj, at, ["every", "max"]);
            var every = DurationValue(rj, at, "every");
            var max = Int(rj, at, "max", 1, 100);
            if (every is not null && max is not null)
            {
                rejudge = new Rejudge(every.Value, max.Value);
            }
        }

        return rule with
        {
            Start = start,
            MetBy = metBy,
            Within = within,
            Calendar = calendar,
            RouteExtraDays = routeExtra,
            WarnAfterStart = warnAfter,
            WarnBeforeDeadline = warnBefore,
            Rejudge = rejudge,
        };
    }

    public static readonly IReadOnlyDictionary<string, CheckKind> CheckNames = new Dictionary<string, CheckKind>(StringComparer.Ordinal)
    {
        ["deadline"] = CheckKind.Deadline,
        ["gap"] = CheckKind.Gap,
        ["reused-number"] = CheckKind.ReusedNumber,
        ["address-mismatch"] = CheckKind.AddressMismatch,
        ["no-logistics"] = CheckKind.NoLogistics,
        ["complaint"] = CheckKind.Complaint,
    };

    public static readonly IReadOnlyDictionary<string, StartAnchor> StartNames = new Dictionary<string, StartAnchor>(StringComparer.Ordinal)
    {
        ["paid"] = StartAnchor.Paid,
        ["promise"] = StartAnchor.Promise,
        ["upload"] = StartAnchor.Upload,
        ["pickup"] = StartAnchor.Pickup,
        ["out-for-delivery"] = StartAnchor.OutForDelivery,
        ["ship-by"] = StartAnchor.ShipBy,
        ["deliver-by"] = StartAnchor.DeliverBy,
    };

    public static readonly IReadOnlyDictionary<string, AgreedShipDate> AgreedShipDateNames = new Dictionary<string, AgreedShipDate>(StringComparer.Ordinal)
    {
        ["deadline"] = AgreedShipDate.Deadline,
        ["start"] = AgreedShipDate.Start,
    };

    public static readonly IReadOnlyDictionary<string, Evidence> EvidenceNames = new Dictionary<string, Evidence>(StringComparer.Ordinal)
    {
        ["shipped"] = Evidence.Shipped,
        ["pickup"] = Evidence.Pickup,
        ["any-scan"] = Evidence.AnyScan,
        ["later-scan"] = Evidence.LaterScan,
        ["signed"] = Evidence.Signed,
        ["left-first-hub"] = Evidence.LeftFirstHub,
    };

    private void Error(string path, string reason) => errors.Add(new RulePackError(file, path, reason));

    private void Known(JsonElement e, string path, string[] names)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(path, "must be an object");
            return;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (Array.IndexOf(names, property.Name) < 0)
            {
                Error($"{path}.{property.Name}", $"unknown property (expected one of: {string.Join(", ", names)})");
            }
        }
    }

    private string? RequiredString(JsonElement e, string path, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            Error($"{path}.{name}", "missing");
            return null;
        }

        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            Error($"{path}.{name}", "must be a non-empty string");
            return null;
        }

        return v.GetString();
    }

    private string? OptionalString(JsonElement e, string path, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            Error($"{path}.{name}", "must be a string");
            return null;
        }

        return v.GetString();
    }

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private int? Int(JsonElement e, string path, string name, int min, int max)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            Error($"{path}.{name}", "missing or not a whole number");
            return null;
        }

        if (i < min || i > max)
        {
            Error($"{path}.{name}", $"{i} is outside {min}..{max}");
            return null;
        }

        return i;
    }

    private LocalDate? Date(JsonElement e, string path, string name)
    {
        var text = RequiredString(e, path, name);
        if (text is null)
        {
            return null;
        }

        var result = LocalDatePattern.Iso.Parse(text);
        if (!result.Success)
        {
            Error($"{path}.{name}", $"'{text}' is not a date (yyyy-MM-dd)");
            return null;
        }

        return result.Value;
    }

    private Duration? DurationValue(JsonElement e, string path, string name, bool allowZero = false)
    {
        var text = RequiredString(e, path, name);
        if (text is null)
        {
            return null;
        }

        var parsed = ParseIsoDuration(text);
        if (parsed is null || parsed.Value < Duration.Zero || (!allowZero && parsed.Value == Duration.Zero))
        {
            Error($"{path}.{name}", $"'{text}' is not a {(allowZero ? "non-negative" : "positive")} ISO-8601 duration (e.g. PT24H, P30D)");
        }

        return parsed;
    }

    /// <summary>ISO-8601 durations of days, hours, minutes and seconds (PT24H, P30D, P1DT12H).</summary>
    internal static Duration? ParseIsoDuration(string text)
    {
        try
        {
            var period = PeriodPattern.NormalizingIso.Parse(text);
            if (!period.Success || period.Value.Years != 0 || period.Value.Months != 0)
            {
                return null;
            }

            return period.Value.ToDuration();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// ISO-8601 in the packs' own style: whole hours as hours up to a week (PT24H, PT48H, PT72H, as the articles count),
    /// whole days beyond (P30D), anything finer in full (PT1H30M, PT0S).
    /// </summary>
    public static string FormatDuration(Duration duration)
    {
        var ticks = duration.BclCompatibleTicks;
        if (ticks == 0)
        {
            return "PT0S";
        }

        var span = TimeSpan.FromTicks(Math.Abs(ticks));
        var sign = ticks < 0 ? "-" : "";
        if (span.Ticks % TimeSpan.TicksPerDay == 0 && span.TotalDays >= 7)
        {
            return $"{sign}P{(long)span.TotalDays}D";
        }

        if (span.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return $"{sign}PT{(long)span.TotalHours}H";
        }

        var text = $"PT{(long)span.TotalHours}H{span.Minutes}M{span.Seconds}S".Replace("PT0H", "PT", StringComparison.Ordinal)
            .Replace("H0M", "H", StringComparison.Ordinal).Replace("M0S", "M", StringComparison.Ordinal);
        return sign + (text.EndsWith('H') || text.EndsWith('M') || text.EndsWith('S') ? text : text + "S");
    }

    private LocalTime? TimeValue(JsonElement e, string path, string name)
    {
        var text = RequiredString(e, path, name);
        if (text is null)
        {
            return null;
        }

        var result = LocalTimePattern.ExtendedIso.Parse(text);
        if (!result.Success)
        {
            Error($"{path}.{name}", $"'{text}' is not a local time (HH:mm:ss)");
            return null;
        }

        return result.Value;
    }

    private T? Enum<T>(JsonElement e, string path, string name, IReadOnlyDictionary<string, T> names)
        where T : struct
    {
        var text = RequiredString(e, path, name);
        if (text is null)
        {
            return null;
        }

        if (!names.TryGetValue(text, out var value))
        {
            Error($"{path}.{name}", $"'{text}' is not one of {string.Join(", ", names.Keys)}");
            return null;
        }

        return value;
    }
}
