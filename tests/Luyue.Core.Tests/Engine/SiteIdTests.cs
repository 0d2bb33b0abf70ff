using System.Text;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using NodaTime;

namespace Luyue.Core.Tests.Engine;

/// <summary>
/// The engine keeps a scan's site as an id, found first by the parser's hash of the site's UTF-8 and by the string's
/// identity: a site must keep its name whatever string or hash it comes with, and two sites must never share an id
/// because their hashes matched.
/// </summary>
public class SiteIdTests
{
    private static readonly Instant Start = Instant.FromUtc(2024, 6, 1, 1, 0);

    [Fact]
    public void A_site_keeps_its_name_whatever_string_and_hash_it_comes_with()
    {
        // A new string of a site held (as the parser makes when its cache lost the site), another site under the same
        // hash, the first site's first string again, and each with no hash and untrimmed.
        (string Site, ulong Hash, bool Trimmed)[] scans =
        [
            (new string("杭州转运中心"), 42, true),
            (new string("杭州转运中心"), 42, true),
            (new string("宁波网点"), 42, true),
            (new string("宁波网点"), 7, true),
            (new string("杭州转运中心"), 0, false),
            (" 宁波网点 ", 0, false),
            (new string("绍兴网点"), 42 | (42UL << 32), true),
            (new string("杭州转运中心"), 42, true),
        ];

        var engine = new ComplianceEngine(RuleBook.Embedded, new FindingList(), Harness.KeepAll);
        var parser = new EventParser();
        foreach (var line in new[] { Harness.Paid("tmall", "O1", Harness.StreamTime(0)), Harness.Shipped("O1", Harness.StreamTime(10)) })
        {
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var e, out _));
            engine.Apply(e!);
        }

        for (var i = 0; i < scans.Length; i++)
        {
            var line = new ScanLine();
            Assert.True(line.TrySet(true, Encoding.UTF8.GetBytes($"s{i}"), Start.Plus(Duration.FromHours(i + 1)), "zto", "T1"u8, true,
                Encoding.UTF8.GetBytes("快件已到达"), null, null, null, "浙江省", "杭州市", scans[i].Site, null, null, scans[i].Hash,
                scans[i].Trimmed));
            engine.Apply(line);
        }

        engine.Flush();
        var seen = engine.View("O1")!.Shipments.Single().Scans.Select(s => s.Site).ToList();
        Assert.Equal(scans.Select(s => s.Site.Trim()), seen);
    }
}
