using System.Text;
using FsCheck.Fluent;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;

namespace Luyue.Core.Tests.Engine;

/// <summary>Replays CONTRACT.md lines through a fresh engine with the embedded packs; each test owns its events.</summary>
internal static class Harness
{
    // Duplicates and replays are idempotent within the retention window; beyond it the engine deliberately forgets
    // settled orders (the server dedupes by id durably). The property tests' streams span under a year, so a year keeps
    // them all.
    public static readonly EngineOptions KeepAll = new() { Retention = NodaTime.Duration.FromDays(365) };

    /// <summary>Cases per property: <paramref name="runs"/> by default; LUYUE_PROPERTY_RUNS=N runs N (to hunt rare failures).</summary>
    public static FsCheck.Config PropertyRuns(int runs) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(
        int.TryParse(Environment.GetEnvironmentVariable("LUYUE_PROPERTY_RUNS"), out var asked) && asked > 0 ? asked : runs);

    /// <summary>A generated stream's time: <paramref name="minute"/> minutes after 2024-06-01 08:00 in Shanghai.</summary>
    public static string StreamTime(long minute) =>
        new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddMinutes(minute)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<Finding> Replay(params string[] lines) => Replay((IEnumerable<string>)lines);

    public static IReadOnlyList<Finding> Replay(IEnumerable<string> lines, EngineOptions? options = null) =>
        Replay(lines, options, fed: false);

    /// <param name="fed">Through an <see cref="EngineFeed"/> (fetching ahead) instead of applying each event directly.</param>
    /// <param name="setup">Sets the engine's internal switches before the first event.</param>
    public static IReadOnlyList<Finding> Replay(IEnumerable<string> lines, EngineOptions? options, bool fed, Action<ComplianceEngine>? setup = null)
    {
        var sink = new FindingList();
        var engine = new ComplianceEngine(RuleBook.Embedded, sink, options);
        setup?.Invoke(engine);
        var feed = new EngineFeed(engine);
        var parser = new EventParser();
        foreach (var line in lines)
        {
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error), $"{line}: {error}");
            if (fed)
            {
                feed.Apply(e!);
            }
            else
            {
                engine.Apply(e!);
            }
        }

        feed.Flush();
        return sink.Items;
    }

    /// <summary>
    /// The replay command's way (<see cref="LineFeed"/>): scans, payments and shipments parsed into reused views,
    /// never events. Every line must be valid.
    /// </summary>
    public static IReadOnlyList<Finding> ReplayLines(IEnumerable<string> lines, EngineOptions? options = null, Action<ComplianceEngine>? setup = null)
    {
        var sink = new FindingList();
        var engine = new ComplianceEngine(RuleBook.Embedded, sink, options);
        setup?.Invoke(engine);
        var feed = new LineFeed(engine);
        foreach (var line in lines)
        {
            Assert.True(feed.Apply(Encoding.UTF8.GetBytes(line), null, out var error) == LineOutcome.Queued, $"{line}: {error}");
        }

        feed.Flush();
        return sink.Items;
    }

    public static IEnumerable<Finding> Of(this IEnumerable<Finding> findings, string rule, FindingKind kind) =>
        findings.Where(f => f.Rule == rule && f.Kind == kind);

    public static string At(this Finding f) => InstantText.Format(f.At, NodaTime.Offset.FromHours(8));

    public static string Paid(string platform, string order, string at, string extra = "", string buyerProvince = "浙江省", string buyerCity = "杭州市",
        string sellerProvince = "广东省", string sellerCity = "广州市", decimal amount = 100m, string name = "王芳", string phone = "13800000001") =>
        $$"""{"type":"order.paid","at":"{{at}}","platform":"{{platform}}","shop":"s1","order":"{{order}}","amount":{{amount}},"items":[{"item":"SKU","qty":1,"amount":{{amount}}}],"buyer":{"name":"{{name}}","phone":"{{phone}}","province":"{{buyerProvince}}","city":"{{buyerCity}}","address":"文三路1号"},"seller":{"province":"{{sellerProvince}}","city":"{{sellerCity}}"}{{extra}}}""";

    public static string Shipped(string order, string at, string tracking = "T1", string carrier = "zto", string extra = "") =>
        $$"""{"type":"order.shipped","at":"{{at}}","order":"{{order}}","carrier":"{{carrier}}","tracking":"{{tracking}}"{{extra}}}""";

    public static string Scan(string at, string kind, string tracking = "T1", string carrier = "zto", string extra = "") =>
        $$"""{"type":"scan","at":"{{at}}","carrier":"{{carrier}}","tracking":"{{tracking}}","kind":"{{kind}}"{{extra}}}""";

    public static string Text(string at, string text, string tracking = "T1", string carrier = "zto") =>
        $$"""{"type":"scan","at":"{{at}}","carrier":"{{carrier}}","tracking":"{{tracking}}","text":"{{text}}"}""";

    public static string Clock(string at) => $$"""{"type":"clock","at":"{{at}}"}""";

    public static string Clock(string at, string id) => $$"""{"id":"{{id}}","type":"clock","at":"{{at}}"}""";

    /// <summary>An engine that forgets what has been idle for 30 days (the default retention), for the tests of forgetting.</summary>
    public static ComplianceEngine ForgettingAfter30Days() =>
        new(RuleBook.Embedded, new FindingList(), new EngineOptions { Retention = NodaTime.Duration.FromDays(30) });

    /// <summary>Parses one CONTRACT.md line (it must be valid) and applies it to the engine.</summary>
    public static ApplyOutcome ApplyLine(this ComplianceEngine engine, string line)
    {
        Assert.True(new EventParser().TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error), $"{line}: {error}");
        return engine.Apply(e!);
    }

    /// <summary>
    /// The engine's next step, taking no event: the sweep its clock's last move made due runs (it waits for the next
    /// event or clock move, so that a replay ending on a clock move does not pay for it).
    /// </summary>
    public static void MoveOn(this ComplianceEngine engine) => engine.AdvanceTo(engine.Clock);
}
