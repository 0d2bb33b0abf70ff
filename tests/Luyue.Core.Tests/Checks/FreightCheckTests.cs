using Luyue.Core.Checks;

namespace Luyue.Core.Tests.Checks;

/// <summary>
/// 1688 freight templates (RULES §5.5) with one worked example per finding, amounts to the fen: the red line at
/// 1.5 × the median quote (assumed), the blue line against the guideline price, and freight notes in consumer categories.
/// </summary>
public class FreightCheckTests
{
    // A-100 by weight, 1.5 kg: 浙江 5 + 2 for the started second kg = 7.00; 新疆 20 + 15 = 35.00.
    // B-200 by piece: one piece to 上海 6.00, to 广东 7.00. C-300 (服装) and D-400 (工业品) use a freight note.
    private const string Templates = """
        item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice,note
        A-100,服装,1.5,weight,浙江,1,5,1,2,
        A-100,服装,1.5,weight,新疆,1,20,1,15,
        B-200,家居日用,0.8,piece,上海,1,6,1,3,
        B-200,家居日用,0.8,piece,广东,1,7,1,3,
        C-300,服装,0.5,note,,,,,,"运费请联系客服, 按地区另议"
        D-400,工业品,2,note,,,,,,按实际重量收费
        """;

    // At 1.5 kg: 浙江 5.00, 6.00, 4.50 (median 5.00); 新疆 20.00, 23.00 (median 21.50). At 0.8 kg: 上海 4.00, 5.00 (median 4.50).
    private const string Quotes = """
        carrier,province,firstKg,firstPrice,additionalKg,additionalPrice
        zto,浙江,1,4,1,1
        sto,浙江省,1,4.5,1,1.5
        yto,Zhejiang,1,3.5,1,1
        zto,新疆,1,12,1,8
        sto,新疆维吾尔自治区,1,14,1,9
        zto,上海,1,4,1,1
        sto,31,1,5,1,1
        """;

    // 浙江 8.00, 新疆 28.00. B-200 at 0.8 kg: 上海 6.00, 广东 7.00.
    private const string Guidelines = """
        province,firstKg,firstPrice,additionalKg,additionalPrice
        浙江,1,6,1,2
        新疆,1,18,1,10
        上海,1,6,1,2
        广东,1,7,1,2
        """;

    private static IReadOnlyList<FreightFinding> Run(string templates = Templates, string? quotes = Quotes, string? guidelines = Guidelines)
    {
        var errors = new List<CheckInputError>();
        var items = FreightInputs.ReadTemplates("templates.csv", templates, errors);
        var q = quotes is null ? null : FreightInputs.ReadQuotes("quotes.csv", quotes, errors);
        var g = guidelines is null ? null : FreightInputs.ReadGuidelines("guidelines.csv", guidelines, errors);
        Assert.Empty(errors);
        return new FreightCheck(FreightRules.Default).Check(items, q, g);
    }

    private static FreightFinding Find(IEnumerable<FreightFinding> findings, string rule, string item, string? province) =>
        findings.Single(f => f.Rule == rule && f.Item == item && f.Province == province);

    [Fact]
    public void Red_line_a_route_priced_above_one_and_a_half_times_the_median_quote()
    {
        var findings = Run();

        var xinjiang = Find(findings, FreightFindings.RedLine, "A-100", "新疆维吾尔自治区");
        Assert.Equal(FreightFindings.AboveRedLine, xinjiang.Outcome);
        Assert.Equal((35.00m, 21.50m, 32.25m, 2.75m), (xinjiang.Price, xinjiang.Reference, xinjiang.Limit, xinjiang.Difference));
        Assert.Equal("¥35.00 is ¥2.75 above the red line of ¥32.25 (1.5 × the median of 2 quotes, ¥21.50) at 1.5 kg: the item is demoted in search", xinjiang.Detail);

        var zhejiang = Find(findings, FreightFindings.RedLine, "A-100", "浙江省");
        Assert.Equal((FreightFindings.WithinRedLine, 7.00m, 5.00m, 7.50m, -0.50m),
            (zhejiang.Outcome, zhejiang.Price, zhejiang.Reference, zhejiang.Limit, zhejiang.Difference));
    }

    [Fact]
    public void Red_line_a_piece_template_is_judged_at_one_piece_against_quotes_at_its_weight_and_a_route_without_quotes_is_said()
    {
        var findings = Run();

        var shanghai = Find(findings, FreightFindings.RedLine, "B-200", "上海市");
        Assert.Equal((FreightFindings.WithinRedLine, 6.00m, 4.50m, 6.75m, -0.75m), (shanghai.Outcome, shanghai.Price, shanghai.Reference, shanghai.Limit, shanghai.Difference));
        var guangdong = Find(findings, FreightFindings.RedLine, "B-200", "广东省");
        Assert.Equal(FreightFindings.NoQuote, guangdong.Outcome);
        Assert.Null(guangdong.Difference);
    }

    [Fact]
    public void Blue_line_every_route_at_or_below_the_guideline_tags_the_item_one_route_above_does_not()
    {
        var findings = Run();

        var zhejiang = Find(findings, FreightFindings.BlueLine, "A-100", "浙江省");
        Assert.Equal((FreightFindings.AtOrBelowGuideline, 7.00m, 8.00m, -1.00m), (zhejiang.Outcome, zhejiang.Price, zhejiang.Limit, zhejiang.Difference));
        Assert.Equal("¥7.00 is ¥1.00 under the guideline price of ¥8.00 at 1.5 kg", zhejiang.Detail);
        var xinjiang = Find(findings, FreightFindings.BlueLine, "A-100", "新疆维吾尔自治区");
        Assert.Equal((FreightFindings.AboveGuideline, 35.00m, 28.00m, 7.00m), (xinjiang.Outcome, xinjiang.Price, xinjiang.Limit, xinjiang.Difference));
        Assert.Equal(FreightFindings.NotTagged, Find(findings, FreightFindings.BlueLine, "A-100", null).Outcome);

        // B-200 is exactly the guideline on both routes (上海 6.00, 广东 7.00): "at or below" includes equal.
        Assert.Equal(0.00m, Find(findings, FreightFindings.BlueLine, "B-200", "上海市").Difference);
        Assert.Equal(0.00m, Find(findings, FreightFindings.BlueLine, "B-200", "广东省").Difference);
        var tagged = Find(findings, FreightFindings.BlueLine, "B-200", null);
        Assert.Equal(FreightFindings.Tagged, tagged.Outcome);
        Assert.Contains("平台指导运费", tagged.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Freight_note_is_flagged_in_a_consumer_category_only()
    {
        var findings = Run();

        var note = Assert.Single(findings, f => f.Rule == FreightFindings.FreightNote);
        Assert.Equal(("C-300", FreightFindings.Delisted), (note.Item, note.Outcome));
        Assert.Contains("运费请联系客服, 按地区另议", note.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Item == "D-400" || f.Item == "C-300" && f.Rule != FreightFindings.FreightNote);
    }

    [Fact]
    public void Without_quotes_or_guidelines_only_what_can_be_judged_is_reported()
    {
        var findings = Run(quotes: null, guidelines: null);

        Assert.Equal([FreightFindings.FreightNote], findings.Select(f => f.Rule).Distinct());
    }

    [Fact]
    public void The_same_templates_as_a_JSON_array_give_the_same_findings()
    {
        var json = """
            [{"item":"A-100","category":"服装","weightKg":1.5,"mode":"weight","province":"浙江","firstUnit":1,"firstPrice":5,"additionalUnit":1,"additionalPrice":2},
             {"item":"A-100","category":"服装","weightKg":1.5,"mode":"weight","province":"新疆","firstUnit":1,"firstPrice":20,"additionalUnit":1,"additionalPrice":15},
             {"item":"B-200","category":"家居日用","weightKg":0.8,"mode":"piece","province":"上海","firstUnit":1,"firstPrice":6,"additionalUnit":1,"additionalPrice":3},
             {"item":"B-200","category":"家居日用","weightKg":0.8,"mode":"piece","province":"广东","firstUnit":1,"firstPrice":7,"additionalUnit":1,"additionalPrice":3},
             {"item":"C-300","category":"服装","weightKg":0.5,"mode":"note","note":"运费请联系客服, 按地区另议"},
             {"item":"D-400","category":"工业品","weightKg":2,"mode":"note","note":"按实际重量收费"}]
            """;

        Assert.Equal(Run(), Run(templates: json));
    }

    [Fact]
    public void Bad_rows_are_refused_with_file_row_column_and_reason()
    {
        var templates = """
            item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice,colour
            A-1,服装,1,weight,火星,1,5,1,2,
            A-2,服装,1,box,浙江,1,5,1,2,
            A-3,服装,1,weight,浙江,1,5元,0,2,
            A-3,服装,1,weight,浙江省,1,5,1,2,
            """;
        var errors = new List<CheckInputError>();

        FreightInputs.ReadTemplates("t.csv", templates, errors);
        FreightInputs.ReadQuotes("q.json", """[{"carrier":"zto","province":"浙江","firstKg":1,"firstPrice":true}]""", errors);

        Assert.Equal(
        [
            "t.csv row 1, colour: unknown column (known: item, category, weightKg, mode, province, firstUnit, firstPrice, additionalUnit, additionalPrice, note)",
            "t.csv row 2, province: '火星' is no province of China (e.g. 浙江, 浙江省, Zhejiang, 33)",
            "t.csv row 3, mode: 'box' is not weight, piece or note",
            "t.csv row 4, firstPrice: '5元' is not a number of at least 0 (a dot for decimals, no unit)",
            "t.csv row 4, additionalUnit: '0' is not a number above 0 (a dot for decimals, no unit)",
            "q.json [0], firstPrice: true is neither a string nor a number",
            "q.json [0], firstPrice: required",
            "q.json [0], additionalKg: required",
            "q.json [0], additionalPrice: required",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_province_twice_for_one_item_and_disagreeing_item_rows_are_refused()
    {
        var templates = """
            item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice
            A-1,服装,1,weight,浙江,1,5,1,2
            A-1,服装,1,weight,Zhejiang,1,6,1,2
            A-1,服装,2,weight,上海,1,6,1,2
            """;
        var errors = new List<CheckInputError>();

        FreightInputs.ReadTemplates("t.csv", templates, errors);

        Assert.Equal(
        [
            "t.csv row 3, province: A-1 already has a route to 浙江省",
            "t.csv row 4, item: A-1 has another category, weightKg or mode in row 2; an item's rows must agree",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_freight_note_row_with_a_route_and_a_template_row_with_a_note_are_refused()
    {
        var templates = """
            item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice,note
            C-1,服装,1,note,浙江,,,,,运费另议
            A-1,服装,1,piece,浙江,1,5,1,2,包邮
            """;
        var errors = new List<CheckInputError>();

        FreightInputs.ReadTemplates("t.csv", templates, errors);

        Assert.Equal(
        [
            "t.csv row 2, province: an item with a freight note has no template routes: leave it empty",
            "t.csv row 3, note: a note is only for mode note; this row is a template by piece",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void The_thresholds_are_data_and_say_they_are_assumed()
    {
        Assert.Equal(1.5m, FreightRules.Default.RedLineRatio);
        Assert.True(FreightRules.Default.Provenances["redLineRatio"].Assumed);
        Assert.Contains("服装", FreightRules.Default.ConsumerCategories);
        Assert.True(FreightRules.Default.Provenances["consumerCategories"].Assumed);
    }
}
