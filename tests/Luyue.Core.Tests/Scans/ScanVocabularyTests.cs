using System.Text.Json;
using Luyue.Core.Scans;

namespace Luyue.Core.Tests.Scans;

public class ScanVocabularyTests
{
    private static readonly ScanVocabulary Vocabulary = ScanVocabulary.Default;

    private static Milestone FromText(string text) => Vocabulary.Classify(null, text, null, null).Milestone;

    private static Milestone FromCode(string code, string? source) => Vocabulary.Classify(null, null, code, source).Milestone;

    [Theory]
    // Signed texts mention 签收人 and 派件人; agent, station and locker collection count as signed.
    [InlineData("客户签收人: 门卫 已签收 感谢使用圆通速递", "signed")]
    [InlineData("已签收，派件人：张三", "signed")]
    [InlineData("快件已被【丰巢智能快递柜】代收，请凭取件码取件", "signed")]
    [InlineData("您的快件已放入快递柜或驿站", "signed")]
    [InlineData("【菜鸟驿站】已代收，请及时取件", "signed")]
    [InlineData("您的快递已经妥投", "signed")]
    // Delivery: 派件人 belongs here; 准备签收 and 代收货款 do not make it signed.
    [InlineData("【上海市金山区新城公司】 派件中 派件人: 高志勇 电话 17521615014", "out-for-delivery")]
    [InlineData("正在派送途中,请您准备签收(派件人:张三,电话:138****0000)", "out-for-delivery")]
    [InlineData("代收货款25元，快递员正在派件", "out-for-delivery")]
    [InlineData("【常熟天下淘宝四】 的王翔 正在第1次派件", "out-for-delivery")]
    // 到达派件城市 is arrival in the destination city, not delivery.
    [InlineData("快件已到达派件城市【杭州市】", "transit")]
    // Pickup: 已收入 is arrival, 待揽 is not a pickup yet.
    [InlineData("【杭州市】 【杭州西湖】 的 张三 已揽收", "pickup")]
    [InlineData("顺丰已收件", "pickup")]
    [InlineData("已揽收，准备发往【杭州转运中心】", "pickup")]
    [InlineData("订单已提交，等待揽收", "transit")]
    [InlineData("您的快件已在【菜鸟驿站】揽收", "pickup")] // first mile: a station takes the sender's parcel
    // Hubs: arrival and departure only count at a distribution centre.
    [InlineData("【济南转运中心公司】 已收入", "hub-arrival")]
    [InlineData("【山东省济南市孙村公司】 已收入", "transit")]
    [InlineData("快件已到达【杭州转运中心】，准备发往【上海分拨中心】", "hub-arrival")]
    [InlineData("快件到达 【上海浦江中转场】", "hub-arrival")]
    [InlineData("快件已经到达 【常熟天下淘宝四】", "transit")]
    [InlineData("到【义乌集散中心】", "hub-arrival")]
    [InlineData("快件离开【杭州转运中心】已发往【上海分拨中心】", "hub-departure")]
    [InlineData("快件离开【杭州西湖营业部】已发往【杭州转运中心】", "transit")]
    [InlineData("快件在【广州白云中转场】完成分拣，准备发往 【深圳中转场】", "hub-departure")]
    [InlineData("【广州番禺转运中心】，正发往【深圳转运中心】", "hub-departure")]
    [InlineData("【天津转运中心】 已发出 下一站 【济南转运中心公司】", "hub-departure")]
    [InlineData("快件离开【北京顺义分拣中心】，预计到达【北京朝阳营业部】", "hub-departure")]
    [InlineData("快件已发往【上海浦东康桥店】", "transit")]
    [InlineData("您的快件在【北京通州分拣中心】分拣完成", "hub-departure")]
    // Texts without brackets (STO): the site is read from the phrase around it.
    [InlineData("快件已到达山东潍坊诸城公司", "transit")]
    [InlineData("快件已到达 杭州转运中心，准备发往义乌", "hub-arrival")]
    [InlineData("由杭州转运中心 发往 义乌公司", "hub-departure")]
    [InlineData("由义乌公司 发往 杭州转运中心", "transit")]
    [InlineData("快件离开杭州转运中心，发往义乌", "hub-departure")]
    [InlineData("快件到达【杭州市民服务中心】", "transit")]
    // Returned, exception, transfer.
    [InlineData("客户拒收，快件退回", "returned")]
    [InlineData("退件签收", "returned")]
    [InlineData("快件已退回/转寄,新单号为: SF1234567890", "returned")]
    [InlineData("快件超时未签收", "exception")]
    [InlineData("问题件：收件地址不详", "exception")]
    [InlineData("派件异常，收件人电话无人接听", "exception")]
    [InlineData("快件在【杭州转运中心】滞留", "exception")]
    [InlineData("快递柜或驿站超时未取", "exception")]
    [InlineData("应客户要求,快件正在转寄中", "transfer")]
    [InlineData("快件已转交其他快递，新单号：YT1234567890", "transfer")]
    // Nothing specific.
    [InlineData("快件运输中", "transit")]
    public void Classifies_text(string text, string expected) =>
        Assert.Equal(expected, FromText(text).ToText());

    [Fact]
    public void An_explicit_kind_wins_over_text_and_code()
    {
        var scan = Vocabulary.Classify("hub-arrival", "【苏州市】 您的快递已签收", "3", "kuaidi100");

        Assert.Equal(Milestone.HubArrival, scan.Milestone);
        Assert.Equal("苏州市", scan.City);
    }

    [Fact]
    public void An_unrecognised_kind_is_ignored()
    {
        Assert.Equal(Milestone.Signed, Vocabulary.Classify("delivered", "您的快件已签收", null, null).Milestone);
    }

    [Fact]
    public void A_code_decides_only_when_the_text_is_generic()
    {
        // SF opCode 44 under a text that says nothing specific.
        Assert.Equal(Milestone.OutForDelivery, Vocabulary.Classify(null, "我们正在为您的快件分配最合适的快递员", "44", "sf").Milestone);
        // kuaidi100 labels agent collection 在途: the text is more specific.
        Assert.Equal(Milestone.Signed, Vocabulary.Classify(null, "快件已由小区门卫代收，请及时取件", "在途", "kuaidi100").Milestone);
        // An outlet-looking arrival that KDNiao says reached a transfer centre.
        Assert.Equal(Milestone.HubArrival, Vocabulary.Classify(null, "快件到达【杭州】", "204", "kdniao").Milestone);
    }

    [Fact]
    public void A_site_named_by_the_event_wins_over_the_text()
    {
        var atHub = Vocabulary.Classify(null, "快件已到达", null, null, site: "杭州转运中心");
        var atOutlet = Vocabulary.Classify(null, "快件到达【杭州转运中心】", null, null, site: "杭州西湖营业部");

        Assert.Equal((Milestone.HubArrival, "杭州转运中心"), (atHub.Milestone, atHub.Site));
        Assert.Equal((Milestone.Transit, "杭州西湖营业部"), (atOutlet.Milestone, atOutlet.Site));
    }

    [Fact]
    public void Nothing_to_go_on_is_transit()
    {
        Assert.Equal(Milestone.Transit, Vocabulary.Classify(null, null, null, null).Milestone);
        Assert.Equal(Milestone.Transit, Vocabulary.Classify(null, "   ", "999", "kdniao").Milestone);
        Assert.Equal(Milestone.Transit, Vocabulary.Classify(null, null, "3", "no-such-source").Milestone);
    }

    [Theory]
    [InlineData("0", "transit")]
    [InlineData("1", "pickup")]
    [InlineData("2", "exception")]
    [InlineData("3", "signed")]
    [InlineData("4", "returned")]
    [InlineData("5", "out-for-delivery")]
    [InlineData("6", "returned")]
    [InlineData("7", "transfer")]
    [InlineData("8", "transit")]
    [InlineData("10", "transit")]
    [InlineData("11", "transit")]
    [InlineData("12", "transit")]
    [InlineData("13", "exception")]
    [InlineData("14", "returned")]
    [InlineData("在途", "transit")]
    [InlineData("揽收", "pickup")]
    [InlineData("派件", "out-for-delivery")]
    [InlineData("签收", "signed")]
    [InlineData(" 3 ", "signed")]
    public void Kuaidi100_codes(string code, string expected)
    {
        Assert.Equal(expected, FromCode(code, "kuaidi100").ToText());
        Assert.Equal(expected, FromCode(code, null).ToText()); // kuaidi100 is the default source
    }

    [Theory]
    [InlineData("1", "pickup")]
    [InlineData("2", "transit")]
    [InlineData("201", "transit")]
    [InlineData("202", "out-for-delivery")]
    [InlineData("204", "hub-arrival")]
    [InlineData("211", "signed")]
    [InlineData("3", "signed")]
    [InlineData("301", "signed")]
    [InlineData("302", "signed")]
    [InlineData("304", "signed")]
    [InlineData("311", "signed")]
    [InlineData("4", "exception")]
    [InlineData("401", "exception")]
    [InlineData("402", "exception")]
    [InlineData("403", "exception")]
    [InlineData("404", "returned")]
    [InlineData("405", "exception")]
    [InlineData("406", "returned")]
    [InlineData("407", "returned")]
    [InlineData("412", "exception")]
    [InlineData("5", "transfer")]
    public void Kdniao_codes(string code, string expected) =>
        Assert.Equal(expected, FromCode(code, "kdniao").ToText());

    [Theory]
    [InlineData("50", "pickup")]
    [InlineData("54", "pickup")]
    [InlineData("30", "transit")]
    [InlineData("31", "transit")]
    [InlineData("36", "transit")]
    [InlineData("44", "out-for-delivery")]
    [InlineData("204", "out-for-delivery")]
    [InlineData("80", "signed")]
    [InlineData("8000", "signed")]
    [InlineData("70", "exception")]
    [InlineData("99", "transfer")]
    public void Sf_op_codes(string code, string expected) =>
        Assert.Equal(expected, FromCode(code, "sf").ToText());

    [Theory]
    [InlineData("收件", "pickup")]
    [InlineData("到件", "transit")]
    [InlineData("派件", "out-for-delivery")]
    [InlineData("签收", "signed")]
    [InlineData("第三方签收", "signed")]
    [InlineData("问题件", "exception")]
    [InlineData("退件签收", "returned")]
    public void Zto_scan_types(string code, string expected) =>
        Assert.Equal(expected, FromCode(code, "zto").ToText());

    [Fact]
    public void The_same_number_means_different_things_per_source()
    {
        Assert.Equal(Milestone.OutForDelivery, FromCode("5", "kuaidi100"));
        Assert.Equal(Milestone.Transfer, FromCode("5", "kdniao"));
        Assert.Equal(Milestone.Transfer, FromCode("5", "KDNiao")); // source names are case-insensitive
        Assert.Equal(Milestone.OutForDelivery, FromCode("204", "sf"));
        Assert.Equal(Milestone.HubArrival, FromCode("204", "kdniao"));
    }

    [Theory]
    [InlineData("【苏州市】 快件离开 【昆常转运中心】 已发往 【常熟天下淘宝四】", "昆常转运中心", "苏州市")]
    [InlineData("【谢书平/152****0208】正在派件，【深圳宝安区二部/网点电话181****6589】", "深圳宝安区二部", null)]
    [InlineData("快件已发往【上海浦东康桥店】", null, null)]
    [InlineData("您的快件已签收，如有疑问请电联快递员【陈啟旋，电话：188****1552】", null, null)]
    [InlineData("快件已由济南历城区翡翠雅郡北区西门店代收，请及时取件", "济南历城区翡翠雅郡北区西门店", null)]
    [InlineData("【上海市】 【外高桥北部】（021-80370107） 的 爱文琪（186****9757） 已揽收", "外高桥北部", "上海市")]
    [InlineData("【济南转运中心】 已发出 下一站 【山东省济南市孙村公司】", "济南转运中心", null)]
    [InlineData("由山东潍坊公司 发往 山东潍坊诸城公司", "山东潍坊公司", null)]
    [InlineData("快件已到达山东潍坊诸城公司", "山东潍坊诸城公司", null)]
    [InlineData("【杭州市】快件离开杭州转运中心，发往义乌", "杭州转运中心", "杭州市")]
    public void Reads_site_and_city(string text, string? site, string? city)
    {
        var scan = Vocabulary.Classify(null, text, null, null);

        Assert.Equal(site, scan.Site);
        Assert.Equal(city, scan.City);
    }

    [Theory]
    [InlineData("青岛转运中心", true)]
    [InlineData("上海浦江中转场", true)]
    [InlineData("上海浦东中心", true)]
    [InlineData("济南转运中心公司", true)]
    [InlineData("北京顺义分拣中心", true)]
    [InlineData("上海浦东康桥店", false)]
    [InlineData("山东省济南市孙村公司", false)]
    [InlineData("杭州市民服务中心", false)]
    [InlineData(null, false)]
    public void Tells_hubs_from_outlets(string? site, bool hub) =>
        Assert.Equal(hub, Vocabulary.IsHub(site));

    [Fact]
    public void Keyword_tables_are_data()
    {
        // A pack that knows 仓 as a hub word and 入库 as arrival: the code only interprets it.
        var vocabulary = ScanVocabulary.FromJson(Section("""
            {
              "textRules": [ { "milestone": "hub-arrival", "any": ["入库"] } ],
              "sites": { "hubWords": ["仓"] },
              "codes": { "kuaidi100": { "codes": { "3": "signed" } } }
            }
            """));

        Assert.Equal(Milestone.HubArrival, vocabulary.Classify(null, "【义乌仓】入库", null, null).Milestone);
        Assert.Equal(Milestone.Transit, vocabulary.Classify(null, "【义乌门店】入库", null, null).Milestone);
        Assert.Equal(Milestone.Transit, vocabulary.Classify(null, "已签收", null, null).Milestone);
        Assert.Equal(Milestone.Signed, vocabulary.Classify(null, "已签收", "3", null).Milestone);
    }

    [Fact]
    public void The_embedded_vocabulary_is_the_pack_in_the_repository()
    {
        using var pack = JsonDocument.Parse(File.ReadAllBytes(RepositoryFile("rules", "common", "2020-10-12.json")));
        var fromFile = ScanVocabulary.FromJson(pack.RootElement.GetProperty("scanVocabulary"));

        foreach (var text in new[] { "到【青岛转运中心】", "快件已由门卫代收", "【A公司】 已收入", "快件运输中" })
        {
            Assert.Equal(Vocabulary.Classify(null, text, null, null), fromFile.Classify(null, text, null, null));
        }
    }

    [Theory]
    [InlineData("""{ "textRules": [ { "milestone": "delivered", "any": ["x"] } ], "sites": { "hubWords": ["中心"] }, "codes": { "kuaidi100": { "codes": {} } } }""",
        "$.scanVocabulary.textRules[0].milestone")]
    [InlineData("""{ "textRules": [ { "milestone": "signed", "any": [] } ], "sites": { "hubWords": ["中心"] }, "codes": { "kuaidi100": { "codes": {} } } }""",
        "$.scanVocabulary.textRules[0].any")]
    [InlineData("""{ "textRules": [], "sites": { "hubWords": ["中心"] }, "codes": { "kuaidi100": { "codes": {} } } }""",
        "$.scanVocabulary.textRules")]
    [InlineData("""{ "textRules": [ { "milestone": "signed", "any": ["已 签收"] } ], "sites": { "hubWords": ["中心"] }, "codes": { "kuaidi100": { "codes": {} } } }""",
        "$.scanVocabulary.textRules: the phrase '已 签收'")]
    [InlineData("""{ "textRules": [ { "milestone": "signed", "any": ["x"] } ], "ignore": { "phrases": ["如有 异常"] }, "sites": { "hubWords": ["中心"] }, "codes": { "kuaidi100": { "codes": {} } } }""",
        "$.scanVocabulary.ignore.phrases: the phrase '如有 异常'")]
    [InlineData("""{ "textRules": [ { "milestone": "signed", "any": ["x"] } ], "codes": { "kuaidi100": { "codes": {} } } }""",
        "$.scanVocabulary.sites")]
    [InlineData("""{ "textRules": [ { "milestone": "signed", "any": ["x"] } ], "sites": { "hubWords": ["中心"], "patterns": ["(unclosed"] }, "codes": { "kuaidi100": { "codes": {} } } }""",
        "$.scanVocabulary.sites.patterns[0]")]
    [InlineData("""{ "textRules": [ { "milestone": "signed", "any": ["x"] } ], "sites": { "hubWords": ["中心"] }, "codes": { "kdniao": { "codes": { "3": { "milestone": "done" } } } } }""",
        "$.scanVocabulary.codes.kdniao.codes.3")]
    [InlineData("""{ "textRules": [ { "milestone": "signed", "any": ["x"] } ], "sites": { "hubWords": ["中心"] }, "codes": { "kdniao": { "codes": {} } } }""",
        "$.scanVocabulary.codes")]
    public void Bad_data_names_its_json_path(string json, string path)
    {
        var error = Assert.Throws<FormatException>(() => ScanVocabulary.FromJson(Section(json)));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    private static JsonElement Section(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    internal static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException($"No Luyue.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// The site the event names wins over the text's, trimmed; a blank one (ASCII or ideographic spaces) names none,
    /// and the text's is read instead. Both the engine's way (the city given) and the general way.
    /// </summary>
    [Theory]
    [InlineData("杭州转运中心", "杭州转运中心")]
    [InlineData(" 杭州转运中心 ", "杭州转运中心")]
    [InlineData("\u3000杭州转运中心\u3000", "杭州转运中心")]
    [InlineData("\t杭州转运中心", "杭州转运中心")]
    [InlineData("   ", "济南转运中心")]
    [InlineData("\u3000", "济南转运中心")]
    [InlineData("", "济南转运中心")]
    public void An_event_site_is_trimmed_and_a_blank_one_names_none(string site, string expected)
    {
        const string text = "快件已到达【济南转运中心】";
        Assert.Equal(expected, Vocabulary.Classify(null, text, null, null, site).Site);
        var engineWay = Vocabulary.Classify(null, text.AsSpan(), null, null, site, wantCity: false);
        Assert.Equal(site.Trim().Length > 0 ? expected : Vocabulary.Classify(null, text, null, null, null).Site, engineWay.Site);
        Assert.Equal(Milestone.HubArrival, engineWay.Milestone);
    }
}
