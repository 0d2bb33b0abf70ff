using System.Text;
using System.Text.Json;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Rules;

namespace Luyue.Core.Tests.Events;

/// <summary>
/// A scan parsed into a reused <see cref="ScanLine"/> (the replay's way) must carry what the <see cref="Scan"/> event of
/// the same line carries, be refused for the same reasons, and be classified the same; every other line must still
/// become the event it always became.
/// </summary>
public class ScanLineTests
{
    private const string At = "2024-06-01T09:00:00+08:00";

    /// <summary>Scan lines of every shape the contract allows, and the shared examples' scans.</summary>
    public static TheoryData<string> ScanLines()
    {
        var data = new TheoryData<string>
        {
            $$"""{"id":"s1","type":"scan","at":"{{At}}","carrier":"zto","tracking":"78442348821348","text":"【石家庄市】 【石家庄桥西三部】（178****6723） 的 朱轩敏（189****6438） 已揽收","province":"河北省","city":"石家庄市","site":"石家庄桥西三部"}""",
            $$"""{"type":"scan","at":"{{At}}","carrier":"yto","tracking":"YT1","text":""}""",
            $$"""{"id":"","type":"scan","at":"{{At}}","carrier":"sf","tracking":"SF1","kind":"pickup"}""",
            $$"""{"id":null,"type":"scan","at":"{{At}}","carrier":"sf","tracking":"SF1","text":null,"code":"10","source":"sf"}""",
            $$"""{"id":"t1","type":"scan","at":"{{At}}","carrier":"jt","tracking":"JT1","kind":"transfer","text":"转寄","newCarrier":"sf","newTracking":"SF9","city":"杭州市"}""",
            $$$"""{"tracking":"EC1CN","text":"📦 投递 ok","carrier":"ems","at":"{{{At}}}","type":"scan","id":"☃-1","extra":{"a":[1,2]}}""",
            $$"""{"type": "scan", "at": "{{At}}", "carrier": "zto", "tracking": "T1", "text": "已揽收"}""",
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T1","text":"甲","text":"已签收","tracking":"T2"}""",
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T1","text":"x","order":"O1"}""",
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T1","text":"x"} """,
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T1","code":"3"}""",
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T","text":"x","mode":"drone"}""",
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T1","code":3}""",
            $$"""{"id":"long","type":"scan","at":"{{At}}","carrier":"zto","tracking":"{{new string('7', 300)}}","text":"{{string.Concat(Enumerable.Repeat("快件已到达【上海浦东中心】", 40))}}","city":"上海市"}""",
        };
        foreach (var line in ExampleScans())
        {
            data.Add(line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScanLines))]
    public void A_scan_line_carries_what_its_scan_event_carries(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(new EventParser().TryParse(bytes, out var e, out var error), error?.ToString());
        var scan = Assert.IsType<Scan>(e);
        var line = new ScanLine();
        Assert.True(new EventParser().TryParse(bytes, line, out var none, out error), error?.ToString());
        Assert.Null(none);

        Assert.Equal(scan.Id is not null, line.HasId);
        Assert.Equal(StableHash.OfId(scan.Id), line.IdHash);
        Assert.Equal(scan.At, line.At);
        Assert.Equal(scan.Carrier, line.Carrier);
        Assert.Equal(scan.Tracking, line.Tracking.ToString());
        Assert.Equal(scan.Tracking, new string(line.Tracking));
        Assert.Equal(scan.Text is not null, line.HasText);
        Assert.Equal(scan.Text ?? "", line.Text.ToString());
        Assert.Equal(scan.Text, line.TextString());
        Assert.Equal(
            (scan.Kind, scan.Code, scan.Source, scan.Province, scan.City, scan.Site, scan.NewCarrier, scan.NewTracking),
            (line.Kind, line.Code, line.Source, line.Province, line.City, line.Site, line.NewCarrier, line.NewTracking));
        Assert.True(!line.SiteTrimmed || scan.Site is { Length: > 0 } site && site.Trim() == site);
    }

    [Fact]
    public void A_reused_line_keeps_nothing_of_the_line_before()
    {
        var parser = new EventParser();
        var line = new ScanLine();
        Assert.True(parser.TryParse(Encoding.UTF8.GetBytes($$"""{"id":"a","type":"scan","at":"{{At}}","carrier":"zto","tracking":"LONGNUMBER123","text":"长长的一段文字","province":"浙江省","city":"杭州市","site":"杭州网点","newTracking":"X"}"""), line, out _, out _));
        Assert.True(parser.TryParse(Encoding.UTF8.GetBytes($$"""{"type":"scan","at":"{{At}}","carrier":"yto","tracking":"T","kind":"signed"}"""), line, out _, out _));

        Assert.False(line.HasId);
        Assert.Equal("T", new string(line.Tracking));
        Assert.False(line.HasText);
        Assert.Equal(0, line.Text.Length);
        Assert.Equal((string?)null, line.Province);
        Assert.Null(line.Site);
        Assert.False(line.SiteTrimmed);
        Assert.Null(line.NewTracking);
        Assert.Equal("signed", line.Kind);
    }

    /// <summary>
    /// A text the parser met before is held undecoded and decoded when asked for: the same characters, also in a reused
    /// line that held a longer text before.
    /// </summary>
    [Fact]
    public void A_text_met_again_is_not_checked_again_but_reads_the_same()
    {
        const string Text = "快件已到达【杭州转运中心】";
        var longer = string.Concat(Enumerable.Repeat("快件离开【上海浦东中心】已发往【杭州转运中心】", 5)); // 345 bytes: more than a line first holds (256), in a line under 1 KB
        var parser = new EventParser();
        ScanLine Read(string text, ScanLine into)
        {
            var bytes = Encoding.UTF8.GetBytes(
                $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T","text":"{{text}}","city":"杭州市","site":"杭州网点"}""");
            Assert.True(parser.TryParse(bytes, into, out var e, out var error), error?.ToString());
            Assert.Null(e);
            return into;
        }

        var first = Read(Text, new ScanLine());
        Assert.False(first.TextSeen.Checked);
        Assert.Equal(Text, first.Text.ToString());

        var again = Read(Text, new ScanLine());
        Assert.True(again.TextSeen.Checked);
        Assert.Equal(first.TextSeen.Hash, again.TextSeen.Hash);
        Assert.Equal(Text, again.Text.ToString());
        Assert.Equal(Text, again.TextString());

        var reused = Read(longer, new ScanLine());
        Assert.NotNull(reused.Texts); // read the plain way
        Assert.Equal(longer, reused.Text.ToString());
        Read(Text, reused);
        Assert.True(reused.TextSeen.Checked);
        Assert.Equal(Text, reused.Text.ToString());
        Read(longer, reused);
        Assert.True(reused.TextSeen.Checked);
        Assert.Equal(longer, reused.Text.ToString());
    }

    /// <summary>
    /// The engine takes what a text says from the note the parser found on the line only when the note is its own
    /// vocabulary's: a note another reader kept, or one found before another reader took the table, is worked out again.
    /// </summary>
    [Fact]
    public void A_note_of_another_vocabulary_is_not_taken()
    {
        const string Text = "已签收，签收人凭取货码签收";
        var bytes = Encoding.UTF8.GetBytes(
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T","text":"{{Text}}","city":"杭州市","site":"杭州网点"}""");
        var parser = new EventParser();
        ScanLine Read()
        {
            var line = new ScanLine();
            Assert.True(parser.TryParse(bytes, line, out var e, out _));
            Assert.Null(e);
            return line;
        }

        var memo = new VocabularyMemo(RuleBook.Embedded);
        var expected = RuleBook.Embedded.Scans.Classify(null, Text, null, null, "杭州网点", wantCity: false);
        Assert.Equal(Luyue.Core.Scans.Milestone.Signed, expected.Milestone);
        Assert.Equal(expected, memo.Classify(Read()));
        var noted = Read();
        Assert.Equal((byte)(Luyue.Core.Scans.Milestone.Signed + 1), noted.TextSeen.Note);
        Assert.Equal(expected, memo.Classify(noted));

        // Another reader takes the table and notes the text as a pickup.
        var texts = noted.Texts!;
        texts.NotesOf(new object());
        texts.Add(noted.TextSeen.Hash);
        texts.Note(noted.TextSeen.Hash, (byte)(Luyue.Core.Scans.Milestone.Pickup + 1));
        var misnoted = Read();
        Assert.Equal((byte)(Luyue.Core.Scans.Milestone.Pickup + 1), misnoted.TextSeen.Note);

        Assert.Equal(expected, memo.Classify(misnoted));
        Assert.Equal(expected, memo.Classify(noted));
    }

    /// <summary>Escaped values are unescaped by the reader into strings: such a scan is still a <see cref="Scan"/>, equal to the usual one.</summary>
    [Theory]
    [InlineData("""{"id":"a\u0031","type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T1","text":"x"}""")]
    [InlineData("""{"id":"a1","type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T\"1","text":"x"}""")]
    [InlineData("""{"id":"a1","type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T1","text":"\u5df2\u63fd\u6536"}""")]
    public void A_scan_with_an_escaped_value_is_still_a_scan_event(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(new EventParser().TryParse(bytes, out var expected, out _));
        Assert.True(new EventParser().TryParse(bytes, new ScanLine(), out var e, out var error), error?.ToString());
        Assert.Equal(expected, Assert.IsType<Scan>(e));
    }

    /// <summary>Refused lines, and lines of every other type: the same error, or the same event, either way.</summary>
    [Theory]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","text":"x"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"","text":"x"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","tracking":"T","text":"x"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":7,"text":"x"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T","text":["x"]}""")]
    [InlineData("""{"type":"scan","carrier":"zto","tracking":"T","text":"x"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01 09:00","carrier":"zto","tracking":"T","text":"x"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T","text":"x"}}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T","text":"x",}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T","text":"x" "site":"s"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"","tracking":"T","text":"x"}""")]
    [InlineData("""{"type":"Scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T","text":"x"}""")]
    [InlineData("""{"type":"scan","at":"2024-06-01T09:00:00+08:00","carrier":"zto","tracking":"T","text":"x""")]
    [InlineData("""{"id":"o1-s","type":"order.shipped","at":"2024-06-01T09:00:00+08:00","order":"o1","carrier":"zto","tracking":"T\u0031"}""")]
    [InlineData("""{"id":"o1-s","type":"order.shipped","at":"2024-06-01T09:00:00+08:00","order":"o1","carrier":"zto","tracking":"T1"}""")]
    [InlineData("""{"type":"order.shipped","at":"2024-06-01T09:00:00+08:00","order":"o1","carrier":"zto","tracking":""}""")]
    [InlineData("""{"id":"c1","type":"order.tracking-changed","at":"2024-06-01T09:00:00+08:00","order":"o1","carrier":"yto","tracking":"YT2","reason":"lost"}""")]
    [InlineData("""{"id":"p1","type":"order.paid","at":"2024-06-01T09:00:00+08:00","platform":"tmall","shop":"s","order":"o1","amount":10,"text":"ignored"}""")]
    [InlineData("""{"type":"clock","at":"2024-06-01T09:00:00+08:00","id":"tick","tracking":"T"}""")]
    public void Other_lines_parse_as_they_always_did(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var usual = new EventParser().TryParse(bytes, out var expected, out var expectedError);
        var viaLines = new EventParser().TryParse(bytes, new ScanLine(), out var e, out var error);

        Assert.Equal(usual, viaLines);
        Assert.Equal(expectedError, error);
        Assert.Equal(expected is null ? null : Written(expected), e is null ? null : Written(e));
    }

    [Fact]
    public void Invalid_utf8_in_a_scan_is_refused_with_the_same_error()
    {
        foreach (var field in new[] { "id", "tracking", "text", "site", "province", "city", "code", "source", "kind", "carrier", "newCarrier", "newTracking" })
        {
            // The field given once (replacing the usual value), so that the plain path meets it; then twice, the bad value first.
            var members = new Dictionary<string, string> { ["type"] = "scan", ["at"] = At, ["carrier"] = "zto", ["tracking"] = "T", ["text"] = "x" };
            members[field] = "AB";
            AssertRefusedAlike(Broken(string.Concat("{", string.Join(",", members.Select(m => $"\"{m.Key}\":\"{m.Value}\"")), "}")), field);
            AssertRefusedAlike(Broken($$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T","text":"x","{{field}}":"AB","{{field}}":"ok"}"""), field);
        }

        static byte[] Broken(string line)
        {
            var json = Encoding.UTF8.GetBytes(line);
            json[Array.IndexOf(json, (byte)'A')] = 0xC3; // a lead byte followed by 'B': not UTF-8
            return json;
        }

        static void AssertRefusedAlike(byte[] json, string field)
        {
            var usual = new EventParser().TryParse(json, out _, out var expectedError);
            var viaLines = new EventParser().TryParse(json, new ScanLine(), out _, out var error);

            Assert.False(usual);
            Assert.False(viaLines);
            Assert.Equal(expectedError, error);
            Assert.Equal(field, error!.Field);
        }
    }

    [Fact]
    public void Invalid_utf8_in_a_member_name_is_refused_with_the_same_error()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T","text":"x","AB":"y"}""");
        json[Array.IndexOf(json, (byte)'A', json.Length - 12)] = 0xC3;
        var usual = new EventParser().TryParse(json, out _, out var expectedError);
        var viaLines = new EventParser().TryParse(json, new ScanLine(), out _, out var error);

        Assert.Equal(usual, viaLines);
        Assert.Equal(expectedError, error);
    }

    /// <summary>
    /// Every text of the real traces in ../shared/data/cn-express-tracking-samples, with and without a site, city and
    /// code: the memo's classification from the line's UTF-8 (first a miss, then a hit) equals the vocabulary's from the
    /// string, which is what a <see cref="Scan"/> gets.
    /// </summary>
    [Fact]
    public void A_line_is_classified_as_its_scan_event_on_the_real_traces()
    {
        var texts = RealTraceTexts();
        Assert.True(texts.Count > 40, $"only {texts.Count} texts found");
        var memo = new VocabularyMemo(RuleBook.Embedded);
        var vocabulary = RuleBook.Embedded.Scans;
        var parser = new EventParser();
        var line = new ScanLine();
        string?[] sites = [null, "上海浦东中心", " 外高桥北部 ", "济南转运中心", "\u3000济南转运中心", "杭州中心\u00A0", "\u3000", "", "中心\u2028"];
        foreach (var text in texts)
        {
            foreach (var site in sites)
            {
                foreach (var (city, code) in new (string?, string?)[] { ("上海市", null), (null, null), ("上海市", "3") })
                {
                    // Absent members left out, as generated streams do, so that the parser's fast path reads the line.
                    var json = JsonSerializer.Serialize(new { type = "scan", at = At, carrier = "zto", tracking = "T", text, site, city, code },
                        new JsonSerializerOptions
                        {
                            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
                        });
                    var bytes = Encoding.UTF8.GetBytes(json);
                    Assert.True(parser.TryParse(bytes, out var e, out _));
                    var scan = (Scan)e!;
                    var expected = vocabulary.Classify(scan.Kind, scan.Text, scan.Code, scan.Source, scan.Site, wantCity: scan.City is null);
                    Assert.True(parser.TryParse(bytes, line, out var asEvent, out _));
                    if (asEvent is not null)
                    {
                        continue; // an escaped text (a quote or a control character) stays a Scan, tested above
                    }

                    Assert.Equal(expected, memo.Classify(line));
                    Assert.Equal(expected, memo.Classify(line));

                    // As the engine asks for a line with a trimmed site: by its site id, whether a hub remembered.
                    var siteId = site is null ? 0 : Array.IndexOf(sites, site) + 1;
                    Assert.Equal(expected, memo.Classify(line, siteId));
                    Assert.Equal(expected, memo.Classify(line, siteId));
                }
            }
        }
    }

    /// <summary>
    /// A site with whitespace at either end, written raw in the line (not escaped, so the parser's fast path reads it),
    /// is not taken for trimmed: it is trimmed as the scan event's is, and classified the same.
    /// </summary>
    [Theory]
    [InlineData("济南转运中心", true)]
    [InlineData(" 济南转运中心", false)]
    [InlineData("济南转运中心\u3000", false)]
    [InlineData("\u00A0济南转运中心", false)]
    [InlineData("济南转运中心\u2029", false)]
    [InlineData("\u3000", false)]
    public void A_site_is_trimmed_as_the_scan_events_is(string site, bool trimmed)
    {
        var bytes = Encoding.UTF8.GetBytes(
            $$"""{"type":"scan","at":"{{At}}","carrier":"zto","tracking":"T","text":"快件已到达【{{site}}】","city":"济南市","site":"{{site}}"}""");
        var parser = new EventParser();
        Assert.True(parser.TryParse(bytes, out var e, out _));
        var scan = (Scan)e!;
        var line = new ScanLine();
        Assert.True(parser.TryParse(bytes, line, out var asEvent, out _));
        Assert.Null(asEvent);

        Assert.Equal(trimmed, line.SiteTrimmed);
        var expected = RuleBook.Embedded.Scans.Classify(scan.Kind, scan.Text, scan.Code, scan.Source, scan.Site, wantCity: false);
        Assert.Equal(expected, new VocabularyMemo(RuleBook.Embedded).Classify(line, siteId: 1));
    }

    /// <summary>
    /// The engine's way of classifying (site given, city not wanted: phrases found straight from the raw text) against
    /// the general way (the text cleaned first, as when the city is wanted), on every real text, also with whitespace
    /// spread through it and with an ignored phrase put in (whose removal joins what was either side of it).
    /// </summary>
    [Fact]
    public void The_engines_way_classifies_every_real_text_as_the_general_way()
    {
        var vocabulary = RuleBook.Embedded.Scans;
        foreach (var text in RealTraceTexts().Distinct())
        {
            var spaced = string.Join(" ", text.ToCharArray());
            var ignored = text.Length > 2 ? $"{text[..2]}如有异常{text[2..]}" : text;
            foreach (var variant in new[] { text, spaced, ignored, $"已签如有异常收 {text}" })
            {
                foreach (var site in new[] { "上海浦东中心", " 济南转运中心 " })
                {
                    var general = vocabulary.Classify(null, variant, null, null, site, wantCity: true);
                    var engine = vocabulary.Classify(null, variant, null, null, site, wantCity: false);
                    Assert.Equal((general.Milestone, general.Site), (engine.Milestone, engine.Site));
                    Assert.Null(engine.City);
                }
            }
        }
    }

    /// <summary>
    /// More texts and sites than the memo of scan texts has slots (it serves <see cref="Scan"/> events), asked in
    /// shuffled order twice: texts that share a slot, or pushed one another out of it, never answer for one another.
    /// </summary>
    [Fact]
    public void The_memo_answers_each_text_as_the_vocabulary_does_when_texts_share_slots()
    {
        var texts = RealTraceTexts().Distinct().ToList();
        var memo = new VocabularyMemo(RuleBook.Embedded);
        var vocabulary = RuleBook.Embedded.Scans;
        var random = new Random(7);
        // Each text with three sites (a hub's, an outlet's, none: the text's own then), so a site mixed up shows too.
        string?[] sites = [null, "站点7", "济南转运中心"];
        var keys = Enumerable.Range(0, 14_000)
            .SelectMany(i => sites.Select(site => (Text: $"{texts[i % texts.Count]}#{i / texts.Count}", Site: site)))
            .ToList();
        var expected = new Dictionary<(string, string?), Luyue.Core.Scans.ScanClassification>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var (text, site) in keys.OrderBy(_ => random.Next()))
            {
                var scan = new Scan(null, NodaTime.Instant.FromUnixTimeSeconds(0), "zto", "T", null, text, null, null, null, "上海市", site, null, null);
                if (!expected.TryGetValue((text, site), out var classification))
                {
                    expected[(text, site)] = classification = vocabulary.Classify(null, text, null, null, site, wantCity: false);
                }

                Assert.Equal(classification, memo.Classify(scan));
            }
        }
    }

    private static List<string> RealTraceTexts()
    {
        var texts = new List<string>();
        foreach (var file in Directory.GetFiles(SharedData.Path("data", "cn-express-tracking-samples"), "*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            Collect(json.RootElement, texts);
        }

        return texts;

        static void Collect(JsonElement element, List<string> into)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Collect(property.Value, into);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item, into);
                    }

                    break;
                case JsonValueKind.String when element.GetString() is { Length: > 1 } text && text.Any(c => c >= '\u4e00'):
                    into.Add(text);
                    break;
            }
        }
    }

    private static IEnumerable<string> ExampleScans() =>
        Directory.GetFiles(SharedData.Path("examples"), "*.jsonl")
            .Where(f => !f.EndsWith(".expected.jsonl", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .Where(l => l.Contains("\"type\":\"scan\"", StringComparison.Ordinal));

    private static string Written(FulfilmentEvent e)
    {
        using var stream = new MemoryStream();
        using (var writer = new EventWriter(stream))
        {
            writer.Write(e);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
