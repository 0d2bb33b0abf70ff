using System.Text;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Rules;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Core.Tests.Scans;

public class RememberedClassificationTests
{
    // No city and no site: the site is read from the text, a new string each time the text is classified, so the
    // same string instance twice means the second reader took the first one's answer.
    private static Scan Pickup() => new(null, Instant.FromUtc(2024, 6, 1, 0, 0), "zto", "7501", null,
        "【杭州西湖店】已揽收", null, null, null, null, null, null, null);

    private static VocabularyMemo Sharing() => new(RuleBook.Embedded, shareClassifications: true);

    [Fact]
    public void A_memo_that_does_not_share_leaves_nothing_on_the_scan()
    {
        var scan = Pickup();
        new VocabularyMemo(RuleBook.Embedded).Classify(scan);

        Assert.False(scan.Classified.TryGet(scan, RuleBook.Embedded.Scans, out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_engine_leaves_its_classification_only_when_asked_to_share(bool share)
    {
        var scan = Pickup();
        var engine = new ComplianceEngine(RuleBook.Embedded, new Luyue.Core.Findings.FindingList(), new EngineOptions { ShareScanClassifications = share });
        engine.Apply(scan);

        Assert.Equal(share, scan.Classified.TryGet(scan, RuleBook.Embedded.Scans, out _));
    }

    [Fact]
    public void A_second_reader_with_the_same_vocabulary_takes_the_first_ones_answer()
    {
        var scan = Pickup();
        var first = Sharing().Classify(scan);
        var second = Sharing().Classify(scan);

        Assert.Equal(Milestone.Pickup, first.Milestone);
        Assert.Equal(first, second);
        Assert.Same(first.Site, second.Site);
    }

    [Fact]
    public void A_reader_with_another_vocabulary_classifies_afresh()
    {
        var scan = Pickup();
        Sharing().Classify(scan);
        var other = ScanVocabulary.FromJson(Section("""
            { "textRules": [ { "milestone": "signed", "any": ["揽收"] } ], "sites": { "hubWords": ["中心"] }, "codes": { "kuaidi100": { "codes": {} } } }
            """));

        Assert.False(scan.Classified.TryGet(scan, other, out _));
        Assert.True(scan.Classified.TryGet(scan, RuleBook.Embedded.Scans, out var kept));
        Assert.Equal(Milestone.Pickup, kept.Milestone);
    }

    [Fact]
    public void A_copy_with_other_text_does_not_take_the_original_ones_answer()
    {
        var scan = Pickup();
        Sharing().Classify(scan);
        var signed = scan with { Text = "【杭州西湖店】已签收" };

        Assert.Equal(Milestone.Signed, Sharing().Classify(signed).Milestone);
    }

    [Fact]
    public void A_classified_scan_still_equals_and_hashes_as_the_same_event_unclassified()
    {
        var line = """{"id":"s1","type":"scan","at":"2024-06-01T08:00:00+08:00","carrier":"zto","tracking":"7501","text":"【杭州西湖店】已揽收"}""";
        var parser = new EventParser();
        Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var classified, out _));
        Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(line), out var fresh, out _));
        Sharing().Classify((Scan)classified!);

        Assert.Equal(fresh, classified);
        Assert.Equal(fresh!.GetHashCode(), classified!.GetHashCode());
    }

    private static JsonElement Section(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
