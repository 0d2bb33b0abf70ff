using System.Text.Json;
using Luyue.Core.Scans;

namespace Luyue.Core.Tests.Scans;

public class CarrierVocabularyTests
{
    private static readonly CarrierVocabulary Carriers = CarrierVocabulary.Default;

    [Theory]
    // kuaidi100 codes
    [InlineData("yuantong", "yto")]
    [InlineData("zhongtong", "zto")]
    [InlineData("shentong", "sto")]
    [InlineData("yunda", "yunda")]
    [InlineData("huitongkuaidi", "best")]
    [InlineData("shunfeng", "sf")]
    [InlineData("jd", "jd")]
    [InlineData("ems", "ems")]
    [InlineData("jtexpress", "jt")]
    [InlineData("debangwuliu", "deppon")]
    [InlineData("youzhengguonei", "postb")]
    // KDNiao codes
    [InlineData("YTO", "yto")]
    [InlineData("ZTO", "zto")]
    [InlineData("STO", "sto")]
    [InlineData("YD", "yunda")]
    [InlineData("HTKY", "best")]
    [InlineData("SF", "sf")]
    [InlineData("JD", "jd")]
    [InlineData("EMS", "ems")]
    [InlineData("JTSD", "jt")]
    [InlineData("DBL", "deppon")]
    [InlineData("ZJS", "zjs")]
    // Chinese names, a TMS code, case and padding
    [InlineData("圆通速递", "yto")]
    [InlineData("圆通", "yto")]
    [InlineData("中通快递", "zto")]
    [InlineData("百世快递", "best")]
    [InlineData("顺丰速运", "sf")]
    [InlineData("极兔速递", "jt")]
    [InlineData("德邦", "deppon")]
    [InlineData("ZTO001", "zto")]
    [InlineData("zto001", "zto")]
    [InlineData(" Yuantong ", "yto")]
    public void Normalizes_every_spelling(string spelling, string code) =>
        Assert.Equal(code, Carriers.Normalize(spelling));

    [Fact]
    public void An_unknown_carrier_comes_back_lower_cased()
    {
        Assert.Equal("annengwuliu", Carriers.Normalize(" AnnengWuliu "));
        Assert.Equal("安能物流", Carriers.Normalize("安能物流"));
    }

    [Fact]
    public void Names_a_carrier_from_any_spelling()
    {
        Assert.Equal("圆通速递", Carriers.NameOf("YTO"));
        Assert.Equal("百世快递", Carriers.NameOf("huitongkuaidi"));
        Assert.Null(Carriers.NameOf("annengwuliu"));
    }

    [Fact]
    public void A_spelling_may_name_only_one_carrier()
    {
        var error = Assert.Throws<FormatException>(() => CarrierVocabulary.FromJson(Section("""
            { "yto": { "name": "圆通速递", "aliases": ["YT"] }, "yunda": { "name": "韵达快递", "aliases": ["YD", "yt"] } }
            """)));

        Assert.StartsWith("$.carriers.yunda.aliases[1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "YTO": { "name": "圆通速递" } }""", "$.carriers.YTO")]
    [InlineData("""{ "yto": { "aliases": ["YTO"] } }""", "$.carriers.yto.name")]
    [InlineData("""{ "yto": { "name": "圆通速递", "aliases": "YTO" } }""", "$.carriers.yto.aliases")]
    [InlineData("""[ "yto" ]""", "$.carriers")]
    public void Bad_data_names_its_json_path(string json, string path)
    {
        var error = Assert.Throws<FormatException>(() => CarrierVocabulary.FromJson(Section(json)));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    private static JsonElement Section(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
