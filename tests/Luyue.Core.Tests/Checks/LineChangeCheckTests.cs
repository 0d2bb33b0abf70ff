using System.Text;
using System.Text.Json.Nodes;
using Luyue.Core.Checks;

namespace Luyue.Core.Tests.Checks;

/// <summary>
/// The AliExpress line-change check (RULES §6) on the embedded catalogue: one worked example per reason code, the
/// lines that would be allowed, and the order's validation. The catalogue's numbers are assumed (it says so); the
/// examples name the values they rest on.
/// </summary>
public class LineChangeCheckTests
{
    private static readonly LineChangeCheck Check = new(LineCatalogue.Default);

    /// <summary>The example: a 0.4 kg US apparel parcel of 12.50 USD, ordered by 无忧标准.</summary>
    private static JsonObject Order() => JsonNode.Parse("""
        {"country":"US","category":"apparel","weightKg":0.4,"sizeCm":[30,20,5],"amount":12.5,"currency":"USD","buyerLine":"CAINIAO_STANDARD","rights":[]}
        """)!.AsObject();

    private static LineChangeVerdict Judge(JsonObject order, string line) =>
        Check.Check(LineChangeOrder.Parse("order.json", Encoding.UTF8.GetBytes(order.ToJsonString()), LineCatalogue.Default), line);

    private static string[] Codes(LineChangeVerdict verdict) => [.. verdict.Reasons.Select(r => r.Code)];

    [Fact]
    public void Upgrading_to_a_faster_line_of_a_higher_tier_is_allowed_and_the_buyers_line_comes_first()
    {
        var verdict = Judge(Order(), "CAINIAO_PREMIUM");

        Assert.True(verdict.Allowed);
        Assert.Empty(verdict.Reasons);
        // 大包专线 needs 2 kg, 特货专线 promises 45 days to the US against 30, 简易 is tier 2, 超级经济 stops at 5 USD,
        // and the custom line is not in the item's template.
        Assert.Equal(["CAINIAO_STANDARD", "CAINIAO_PREMIUM"], verdict.AllowedLines.Select(o => o.Line.Code));
        Assert.True(verdict.AllowedLines[0].IsBuyerLine);
        Assert.Equal(25, verdict.AllowedLines[1].PromisedDays);
    }

    [Fact]
    public void Unsupported_special_goods_on_a_general_line()
    {
        var order = Order();
        order["category"] = "battery";
        order["buyerLine"] = "CAINIAO_STANDARD_SG";

        var verdict = Judge(order, "CAINIAO_STANDARD");

        Assert.False(verdict.Allowed);
        Assert.Equal(["unsupported"], Codes(verdict));
        Assert.Equal("无忧物流-标准 (CAINIAO_STANDARD) does not carry special goods (battery)", verdict.Reasons[0].Detail);
        Assert.Contains("order closes on timeout", verdict.Reasons[0].Risk, StringComparison.Ordinal);
        Assert.Equal(["CAINIAO_STANDARD_SG"], verdict.AllowedLines.Select(o => o.Line.Code).Take(1));
    }

    [Fact]
    public void Unsupported_names_every_limit_the_parcel_breaks()
    {
        var order = Order();
        order["country"] = "NZ";
        order["weightKg"] = 0.6m;
        order["sizeCm"] = new JsonArray(61, 20, 10);
        order["buyerLine"] = "CAINIAO_SUPER_ECONOMY";

        var verdict = Judge(order, "CAINIAO_SUPER_ECONOMY");

        Assert.Equal(
        [
            "菜鸟超级经济 (CAINIAO_SUPER_ECONOMY) does not deliver to NZ",
            "菜鸟超级经济 (CAINIAO_SUPER_ECONOMY) carries 0–0.5 kg; the parcel weighs 0.6 kg",
            "菜鸟超级经济 (CAINIAO_SUPER_ECONOMY) takes a longest side of at most 60 cm; the parcel's is 61 cm",
            "菜鸟超级经济 (CAINIAO_SUPER_ECONOMY) takes at most 90 cm for the three sides together; the parcel's make 91 cm",
            "菜鸟超级经济 (CAINIAO_SUPER_ECONOMY) takes amounts of 0–5 USD; the parcel's is 12.5 USD",
        ], verdict.Reasons.Select(r => r.Detail));
        Assert.All(verdict.Reasons, r => Assert.Equal("unsupported", r.Code));
    }

    [Fact]
    public void Downgrade_to_a_lower_tier_which_here_also_promises_later()
    {
        var verdict = Judge(Order(), "CAINIAO_ECONOMY");

        Assert.Equal(["downgrade", "slower-promise"], Codes(verdict));
        Assert.Equal("无忧物流-简易 (CAINIAO_ECONOMY) is tier 2, below the buyer's 无忧物流-标准 (CAINIAO_STANDARD) (tier 3)", verdict.Reasons[0].Detail);
        Assert.Contains("不降级发货", verdict.Reasons[0].Risk, StringComparison.Ordinal);
    }

    [Fact]
    public void Downgrade_of_a_combined_parcel_is_judged_by_the_package_amount_not_the_buyers_line()
    {
        // 12.50 USD is over the policy's 10 USD step, which needs tier 3: 简易 (tier 2) is refused even though the
        // buyer ordered 超级经济 (tier 1). As one item it would be an upgrade.
        var order = Order();
        order["buyerLine"] = "CAINIAO_SUPER_ECONOMY";
        order["combinedParcel"] = true;

        var combined = Judge(order, "CAINIAO_ECONOMY");
        order["combinedParcel"] = false;
        var single = Judge(order, "CAINIAO_ECONOMY");

        Assert.Equal(["downgrade"], Codes(combined));
        Assert.Equal("a combined parcel of 12.5 USD needs a line of tier 3 or above; 无忧物流-简易 (CAINIAO_ECONOMY) is tier 2", combined.Reasons[0].Detail);
        Assert.True(single.Allowed);
    }

    [Fact]
    public void Consumer_rights_keep_the_buyers_line_one_reason_per_right()
    {
        var order = Order();
        order["rights"] = new JsonArray("self-pickup", "direct");

        var verdict = Judge(order, "CAINIAO_PREMIUM");

        Assert.Equal(["consumer-right", "consumer-right"], Codes(verdict));
        Assert.Equal("the order has a self-pickup address: it must ship by the buyer's line 无忧物流-标准 (CAINIAO_STANDARD)", verdict.Reasons[0].Detail);
        Assert.Equal("the order has AliExpress Direct (无忧集运): it must ship by the buyer's line 无忧物流-标准 (CAINIAO_STANDARD)", verdict.Reasons[1].Detail);
        Assert.Equal(["CAINIAO_STANDARD"], verdict.AllowedLines.Select(o => o.Line.Code));
    }

    [Fact]
    public void Custom_line_not_in_the_freight_template_is_refused_and_in_it_still_risks_a_penalty_for_a_standard_order()
    {
        var notInTemplate = Judge(Order(), "SELLER_CUSTOM");
        var order = Order();
        order["templateLines"] = new JsonArray("SELLER_CUSTOM");
        var inTemplate = Judge(order, "SELLER_CUSTOM");
        order["buyerLine"] = "CAINIAO_ECONOMY";
        var economyOrder = Judge(order, "SELLER_CUSTOM");

        Assert.Equal(["custom-line"], Codes(notInTemplate));
        Assert.Equal("卖家自定义线路 (SELLER_CUSTOM) is a seller custom line that is not in the item's freight template as a line the buyer could choose",
            notInTemplate.Reasons[0].Detail);
        Assert.Equal(["custom-line"], Codes(inTemplate));
        Assert.Equal("the buyer ordered 无忧物流-标准 (CAINIAO_STANDARD); replacing it with the custom line 卖家自定义线路 (SELLER_CUSTOM) risks a penalty",
            inTemplate.Reasons[0].Detail);
        Assert.Contains("违约金", inTemplate.Reasons[0].Risk, StringComparison.Ordinal);
        Assert.True(economyOrder.Allowed); // the seed names the penalty for 无忧标准 / 无忧优先 orders only
    }

    [Fact]
    public void Slower_promise_standard_to_special_goods_line_and_to_heavy_parcel_line()
    {
        var special = Judge(Order(), "CAINIAO_STANDARD_SG");
        var heavyOrder = Order();
        heavyOrder["weightKg"] = 3;
        heavyOrder["sizeCm"] = new JsonArray(40, 30, 20);
        var heavy = Judge(heavyOrder, "CAINIAO_STANDARD_HEAVY");

        Assert.Equal(["slower-promise"], Codes(special));
        Assert.Equal("菜鸟特货专线-标准 (CAINIAO_STANDARD_SG) promises 45 days to US, the buyer's 无忧物流-标准 (CAINIAO_STANDARD) 30 days (15 days later)",
            special.Reasons[0].Detail);
        Assert.Contains("no logistics compensation", special.Reasons[0].Risk, StringComparison.Ordinal);
        Assert.Equal(["slower-promise"], Codes(heavy));
    }

    [Fact]
    public void Every_reason_has_a_risk_in_words()
    {
        string[] codes = [LineChangeReasons.Unsupported, LineChangeReasons.Downgrade, LineChangeReasons.ConsumerRight, LineChangeReasons.CustomLine, LineChangeReasons.SlowerPromise];

        Assert.All(codes, c => Assert.True(LineChangeReasons.Risk(c).Length > 40, c));
        Assert.Equal(codes.Length, codes.Select(LineChangeReasons.Risk).Distinct().Count());
    }

    [Fact]
    public void A_bad_order_is_refused_with_every_field_and_reason()
    {
        var json = """{"country":"USA","weightKg":-1,"sizeCm":[30,"x",5],"amount":12.5,"currency":"EUR","buyerLine":"FAST","rights":["gift"],"colour":"red"}""";

        var ex = Assert.Throws<CheckInputException>(() => LineChangeOrder.Parse("order.json", Encoding.UTF8.GetBytes(json), LineCatalogue.Default));

        var fields = ex.Errors.Select(e => e.Field).ToList();
        Assert.Equal(["colour", "country", "category", "weightKg", "sizeCm[1]", "currency", "buyerLine", "rights"], fields);
        Assert.All(ex.Errors, e => Assert.Equal("order.json", e.File));
        Assert.Contains("'USA' is not an ISO 3166-1 alpha-2 code", ex.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Equal("order.json, buyerLine: unknown line 'FAST' (known: CAINIAO_PREMIUM, CAINIAO_STANDARD, CAINIAO_STANDARD_HEAVY, CAINIAO_STANDARD_SG, "
                     + "CAINIAO_ECONOMY, CAINIAO_SUPER_ECONOMY, SELLER_CUSTOM)", ex.Errors[6].ToString());
    }

    [Fact]
    public void An_unknown_proposed_line_is_an_input_error()
    {
        var order = LineChangeOrder.Parse("order.json", Encoding.UTF8.GetBytes(Order().ToJsonString()), LineCatalogue.Default);

        var ex = Assert.Throws<CheckInputException>(() => Check.Check(order, "DHL"));

        Assert.Equal("line", ex.Errors.Single().Field);
    }

    [Theory]
    [InlineData("US", 0.4, 12.5, "CAINIAO_STANDARD", "")]
    [InlineData("NZ", 1.5, 3, "CAINIAO_ECONOMY", "combined-order")]
    [InlineData("FR", 3, 40, "CAINIAO_STANDARD_HEAVY", "")]
    [InlineData("BR", 0.3, 4, "CAINIAO_SUPER_ECONOMY", "")]
    public void A_line_is_among_the_allowed_lines_exactly_when_shipping_by_it_is_allowed(string country, double weight, double amount, string buyerLine, string right)
    {
        var order = Order();
        order["country"] = country;
        order["weightKg"] = (decimal)weight;
        order["amount"] = (decimal)amount;
        order["buyerLine"] = buyerLine;
        order["rights"] = right.Length == 0 ? new JsonArray() : new JsonArray(right);

        var allowed = Judge(order, buyerLine).AllowedLines.Select(o => o.Line.Code).ToHashSet();

        Assert.All(LineCatalogue.Default.Lines, line => Assert.Equal(allowed.Contains(line.Code), Judge(order, line.Code).Allowed));
    }

    [Fact]
    public void Special_goods_categories_match_whatever_the_case()
    {
        var order = Order();
        order["category"] = "Battery";

        Assert.Equal(["unsupported"], Codes(Judge(order, "CAINIAO_STANDARD")));
    }
}
