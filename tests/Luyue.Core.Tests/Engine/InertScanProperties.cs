using FsCheck;
using FsCheck.Fluent;
using Luyue.Core.Engine;
using Luyue.Core.Findings;

namespace Luyue.Core.Tests.Engine;

/// <summary>
/// The engine leaves scans it calls inert unjudged (<c>ComplianceEngine.Inert</c>): the newest scan of a number that
/// only its one order reads, which cannot change what that order's rules find. These properties check the claim over
/// random streams built to hit its edges: scans in any milestone order, repeated milestones and repeated scans, cities
/// that do and do not match the buyer's, provinces on some scans, sellers without a province, transfers, reused
/// numbers, refunds, and every platform's pack.
/// </summary>
public class InertScanProperties
{
    private static readonly string[] Platforms = ["tmall", "taote", "douyin", "1688"];
    private static readonly string[] Milestones =
        ["pickup", "hub-arrival", "hub-departure", "transit", "out-for-delivery", "signed", "exception", "returned"];
    private static readonly string[] Cities = ["", "", "杭州市", "广州市"];
    private static readonly string[] Provinces = ["", "", "浙江省", "广东省", "新疆维吾尔自治区"];
    private static readonly string[] Sites = ["甲分拨中心", "乙分拨中心", "丙网点"];

    private static readonly EngineOptions KeepAll = Harness.KeepAll;

    private static Config Runs => Harness.PropertyRuns(200);

    private sealed record Line(long Minute, string Json);

    private static string Time(long minute) => Harness.StreamTime(minute);

    private static Gen<List<Line>> Streams =>
        from orders in Gen.Choose(1, 4)
        from seeds in Gen.ListOf(Gen.Choose(0, int.MaxValue - 1), orders)
        select Build(seeds);

    private static List<Line> Build(IEnumerable<int> seeds)
    {
        var lines = new List<Line>();
        var n = 0;
        foreach (var seed in seeds)
        {
            var random = new Random(seed);
            var order = $"O{n++}";
            var platform = Platforms[random.Next(Platforms.Length)];
            var paid = random.Next(0, 8) * 180L;
            var seller = random.Next(3) == 0 ? "" : "广东省";
            var name = random.Next(2) == 0 ? "甲" : "乙";
            lines.Add(new Line(paid, $$$"""{"id":"{{{order}}}-p","type":"order.paid","at":"{{{Time(paid)}}}","platform":"{{{platform}}}","shop":"s","order":"{{{order}}}","amount":100,"items":[],"buyer":{"name":"{{{name}}}","province":"浙江省","city":"杭州市","address":"文三路1号"},"seller":{"province":"{{{seller}}}"}}"""));
            if (random.Next(6) == 0)
            {
                continue;
            }

            var shipped = paid + random.Next(0, 12) * 180L;
            var tracking = $"T{random.Next(4)}"; // a small pool: reused numbers happen
            lines.Add(new Line(shipped, $$"""{"id":"{{order}}-s","type":"order.shipped","at":"{{Time(shipped)}}","order":"{{order}}","carrier":"zto","tracking":"{{tracking}}"}"""));
            var at = shipped - random.Next(0, 3) * 180L; // a scan may come before the upload
            var scans = random.Next(0, 10);
            for (var i = 0; i < scans; i++)
            {
                at += random.Next(0, 20) * 180L; // up to 57 hours apart: gaps and missed deadlines happen
                var milestone = random.Next(3) == 0 ? Milestones[random.Next(Milestones.Length)] : Milestones[Math.Min(i, 5)];
                var city = Cities[random.Next(Cities.Length)];
                var province = Provinces[random.Next(Provinces.Length)];
                var site = Sites[random.Next(Sites.Length)];
                var transfer = random.Next(15) == 0 ? $$""","newCarrier":"sf","newTracking":"N{{random.Next(3)}}" """.TrimEnd() : "";
                var id = random.Next(8) == 0 ? $"{order}-{i - 1}" : $"{order}-{i}"; // now and then a duplicate id
                lines.Add(new Line(at, $$"""{"id":"{{id}}","type":"scan","at":"{{Time(at)}}","carrier":"zto","tracking":"{{tracking}}","kind":"{{milestone}}","site":"{{site}}","city":"{{city}}","province":"{{province}}"{{transfer}}}"""));
                if (random.Next(10) == 0)
                {
                    // The same scan again under another id.
                    lines.Add(new Line(at, $$"""{"id":"{{order}}-{{i}}-again","type":"scan","at":"{{Time(at)}}","carrier":"zto","tracking":"{{tracking}}","kind":"{{milestone}}","site":"{{site}}","city":"{{city}}","province":"{{province}}"}"""));
                }
            }

            if (random.Next(5) == 0)
            {
                var nat = at + random.Next(0, 10) * 180L;
                lines.Add(new Line(nat, $$"""{"id":"{{order}}-n","type":"scan","at":"{{Time(nat)}}","carrier":"sf","tracking":"N{{random.Next(3)}}","kind":"{{Milestones[random.Next(6)]}}","city":"{{Cities[random.Next(Cities.Length)]}}"}"""));
            }

            if (random.Next(6) == 0)
            {
                var refundAt = paid + random.Next(0, 20) * 180L;
                lines.Add(new Line(refundAt, $$"""{"id":"{{order}}-r","type":"order.refunded","at":"{{Time(refundAt)}}","order":"{{order}}","amount":100}"""));
            }
        }

        var end = lines.Max(l => l.Minute) + 20 * 24 * 60;
        lines.Add(new Line(end, $$"""{"id":"clock","type":"clock","at":"{{Time(end)}}"}"""));
        return lines;
    }

    private static Gen<(List<string> TimeOrder, List<string> Arrival)> Cases =>
        from lines in Streams
        from shuffled in Gen.Shuffle(lines.ToArray())
        select (lines.OrderBy(l => l.Minute).Select(l => l.Json).ToList(), shuffled.Select(l => l.Json).ToList());

    private static readonly Action<ComplianceEngine> Checked = engine => engine.CheckInertScans = true;
    private static readonly Action<ComplianceEngine> JudgeAll = engine => engine.SkipInertScans = false;

    [Fact]
    public void Judging_an_inert_scan_anyway_finds_nothing_new_and_no_earlier_wake() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            // CheckInertScans throws from the engine when a full judgement disagrees.
            Harness.Replay(c.TimeOrder, KeepAll, fed: false, Checked);
            Harness.Replay(c.Arrival, KeepAll, fed: false, Checked);
            Harness.ReplayLines(c.TimeOrder, KeepAll, Checked);
            return true;
        }).Check(Runs);

    [Fact]
    public void Leaving_inert_scans_unjudged_changes_no_finding() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
            Harness.Replay(c.TimeOrder, KeepAll, fed: false).SequenceEqual(Harness.Replay(c.TimeOrder, KeepAll, fed: false, JudgeAll))
            && Harness.Replay(c.Arrival, KeepAll, fed: true).SequenceEqual(Harness.Replay(c.Arrival, KeepAll, fed: true, JudgeAll))
            && Harness.ReplayLines(c.Arrival, KeepAll).SequenceEqual(Harness.ReplayLines(c.Arrival, KeepAll, JudgeAll))).Check(Runs);

    /// <summary>
    /// Which scans of a plain parcel are left unjudged depends on what the pack reads from them: Tmall starts clocks at
    /// the pickup and at out-for-delivery, 1688 at the pickup (its gap rule) and compares the delivery city; Douyin and
    /// Taobao Special read scans only as evidence. A scan that is the evidence the order's next wake waits for is judged
    /// too (the pickup a no-pickup deadline waits for, the hub scans of leaving the first hub, the signing of a delivery
    /// deadline), so that no timer fires only to find its deadline met. So the properties above are not vacuous, and
    /// the roles are used.
    /// </summary>
    [Theory]
    [InlineData("tmall", "", 2)] // departure, transit: the arrival is the update rule's later scan; then signing is awaited
    [InlineData("douyin", "", 5)] // all but the pickup its deadline waits for
    [InlineData("taote", "", 5)]
    [InlineData("1688", "", 3)] // transit, out for delivery, signed: the pickup starts its gap, the hub scans meet the next deadline
    [InlineData("1688", "杭州市", 2)] // and the first delivery scan with a city is judged too
    [InlineData("tmall", "杭州市", 2)] // Tmall has no address rule: the city changes nothing
    public void A_plain_parcel_leaves_the_scans_its_pack_reads_only_as_evidence_unjudged(string platform, string city, int inert)
    {
        var lines = PlainParcel(platform, city);
        var (findings, inertScans) = ReplayChecked(lines);
        Assert.Equal(inert, inertScans);
        Assert.Equal(findings, Harness.Replay(lines, KeepAll, fed: false, JudgeAll));
    }

    /// <summary>
    /// Every deadline of a plain parcel is met by a scan as it arrives: judging that scan at once moves the order's wake
    /// past it, so no timer fires before the parcel is signed for (a timer that fired then would only find the deadline
    /// met; about one such an order in a generated stream, each judged long after its state left the caches).
    /// </summary>
    [Theory]
    [InlineData("tmall")]
    [InlineData("douyin")]
    [InlineData("taote")]
    [InlineData("1688")]
    public void No_timer_of_a_plain_parcel_fires_for_a_deadline_its_scans_met(string platform)
    {
        var lines = PlainParcel(platform, "杭州市");
        ComplianceEngine? used = null;
        var findings = Harness.Replay(lines, KeepAll, fed: false, engine => used = engine);
        Assert.DoesNotContain(findings, f => f.Kind is FindingKind.Warning or FindingKind.Violation);
        Assert.Equal(0, used!.TimerJudgements);
    }

    /// <summary>Paid, shipped, picked up two hours later, through one hub, out for delivery and signed the next day.</summary>
    private static List<string> PlainParcel(string platform, string city)
    {
        var withCity = city == "" ? "" : $$""","city":"{{city}}" """.TrimEnd();
        return
        [
            Harness.Paid(platform, "O1", "2024-06-01T10:00:00+08:00"),
            Harness.Shipped("O1", "2024-06-01T12:00:00+08:00"),
            Harness.Scan("2024-06-01T13:00:00+08:00", "pickup"),
            Harness.Scan("2024-06-01T18:00:00+08:00", "hub-arrival"),
            Harness.Scan("2024-06-01T20:00:00+08:00", "hub-departure"),
            Harness.Scan("2024-06-02T08:00:00+08:00", "transit"),
            Harness.Scan("2024-06-02T09:00:00+08:00", "out-for-delivery", extra: withCity),
            Harness.Scan("2024-06-02T15:00:00+08:00", "signed", extra: withCity),
            Harness.Clock("2024-07-01T00:00:00+08:00"),
        ];
    }

    /// <summary>
    /// Tmall's route standard counts from the seller's province, or, when the order does not name it, from the first
    /// scan with a province: 2 days within one province, 4 between two. A transit scan that gives the first province
    /// moves the route deadline earlier, so it must be judged, though it is evidence of nothing.
    /// </summary>
    [Fact]
    public void A_scan_that_gives_the_route_its_origin_is_judged()
    {
        var lines = new List<string>
        {
            Harness.Paid("tmall", "O1", "2024-06-01T10:00:00+08:00", sellerProvince: "", sellerCity: ""),
            Harness.Shipped("O1", "2024-06-01T11:00:00+08:00"),
            Harness.Scan("2024-06-01T12:00:00+08:00", "pickup"),
            Harness.Scan("2024-06-01T13:00:00+08:00", "transit", extra: ""","province":"浙江省" """.TrimEnd()),
            Harness.Scan("2024-06-01T14:00:00+08:00", "transit", extra: ""","province":"浙江省" """.TrimEnd()),
            Harness.Clock("2024-06-10T00:00:00+08:00"),
        };
        var (findings, inertScans) = ReplayChecked(lines);
        Assert.Equal(1, inertScans); // the second transit scan only
        var route = Assert.Single(findings.Of("tmall.route-timeout", FindingKind.Violation));
        // Pickup + 2 days (both ends in Zhejiang) + the rule's 3 days; from an unknown origin it would be 4 + 3.
        Assert.Equal("2024-06-06T12:00:00+08:00", route.At());
        Assert.Equal(findings, Harness.Replay(lines, KeepAll, fed: false, JudgeAll));
    }

    /// <summary>Replays with every skipped judgement checked; the findings and how many scans were left unjudged.</summary>
    private static (IReadOnlyList<Finding> Findings, long Inert) ReplayChecked(IEnumerable<string> lines)
    {
        ComplianceEngine? used = null;
        var findings = Harness.Replay(lines, KeepAll, fed: false, engine => (used = engine).CheckInertScans = true);
        return (findings, used!.InertScans);
    }
}
