using System.Text;
using Luyue.Core.Checks;

namespace Luyue.Core.Tests.Checks;

/// <summary>The line catalogue is data in which every value names its source or says it is assumed.</summary>
public class LineCatalogueTests
{
    private static readonly string[] Fields = ["names", "custom", "tier", "promisedDays", "countries", "specialGoods", "weightKg", "sizeCm", "amount", "customReplacementPenalty"];

    [Fact]
    public void The_embedded_catalogue_has_the_lines_of_seed_001_and_issue_5_each_value_sourced_or_assumed()
    {
        var catalogue = LineCatalogue.Default;

        Assert.Equal(
            ["CAINIAO_PREMIUM", "CAINIAO_STANDARD", "CAINIAO_STANDARD_HEAVY", "CAINIAO_STANDARD_SG", "CAINIAO_ECONOMY", "CAINIAO_SUPER_ECONOMY", "SELLER_CUSTOM"],
            catalogue.Lines.Select(l => l.Code));
        Assert.All(catalogue.Lines, l => Assert.Equal(Fields.Order(StringComparer.Ordinal), l.Provenances.Keys.Order(StringComparer.Ordinal)));
        Assert.All(catalogue.Lines.SelectMany(l => l.Provenances.Values), p => Assert.True(p.Assumed ? p.Note is not null : p.Source is not null));
        Assert.Equal("菜鸟大包专线", catalogue.Find("CAINIAO_STANDARD_HEAVY")!.NameZh);
        Assert.False(catalogue.Find("CAINIAO_STANDARD_HEAVY")!.Provenances["names"].Assumed); // the seed gives both names
        Assert.True(catalogue.Find("CAINIAO_STANDARD")!.Provenances["tier"].Assumed);
        Assert.True(catalogue.Provenances["combinedParcelPolicy"].Assumed);
    }

    [Fact]
    public void The_seed_fixes_that_heavy_parcel_and_special_goods_lines_promise_longer_than_standard()
    {
        var catalogue = LineCatalogue.Default;
        var standard = catalogue.Find("CAINIAO_STANDARD")!;

        foreach (var code in new[] { "CAINIAO_STANDARD_HEAVY", "CAINIAO_STANDARD_SG" })
        {
            foreach (var country in new[] { "US", "FR", "BR" })
            {
                Assert.True(catalogue.Find(code)!.PromisedDays(country) > standard.PromisedDays(country), $"{code} to {country}");
            }
        }
    }

    [Fact]
    public void A_value_with_neither_source_nor_assumption_is_refused_with_its_path()
    {
        var json = """
            {"source":"test","currency":"USD",
             "specialGoodsCategories":{"value":[],"assumed":true,"note":"none"},
             "combinedParcelPolicy":{"value":[]},
             "lines":[{"code":"X","names":{"zh":"甲","en":"X","source":"test"},"custom":{"value":false,"source":"test"},"tier":{"value":1},
               "promisedDays":{"value":{"default":0},"source":"test"},"countries":{"value":"*","source":"t"},"specialGoods":{"value":false,"source":"t"},
               "weightKg":{"value":{"min":0,"max":1},"source":"t"},"sizeCm":{"value":{"longest":null,"sum":null},"source":"t"},
               "amount":{"value":{"min":0,"max":null},"source":"t"},"customReplacementPenalty":{"value":false,"source":"t"}}]}
            """;

        var ex = Assert.Throws<CheckDataException>(() => LineCatalogue.Read("lines.json", Encoding.UTF8.GetBytes(json)));

        Assert.Equal("lines.json", ex.File);
        Assert.Equal(
        [
            "$.combinedParcelPolicy: a value needs a \"source\" (the article that states it) or \"assumed\": true with a \"note\"",
            "$.lines[0].tier: a value needs a \"source\" (the article that states it) or \"assumed\": true with a \"note\"",
            "$.lines[0].promisedDays.value.default: must be a whole number of days above 0",
        ], ex.Errors);
    }
}
