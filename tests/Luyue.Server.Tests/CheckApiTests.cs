using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Luyue.Server.Tests;

/// <summary>The checks over the API: the line catalogue, the line-change check and the freight check, their validation and roles.</summary>
public class CheckApiTests
{
    private const string Order = """
        {"country":"US","category":"apparel","weightKg":0.4,"sizeCm":[30,20,5],"amount":12.5,"currency":"USD","buyerLine":"CAINIAO_STANDARD","rights":[]
        """;

    private static StringContent LineChange(string line, string extra = "") => Api.JsonContent($"{Order}{extra},\"line\":\"{line}\"}}");

    [Fact]
    public async Task The_catalogue_lists_every_line_with_each_value_sourced_or_assumed()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        using var anonymous = server.Client();

        var catalogue = await client.GetFromJsonAsync<JsonElement>("/v1/checks/lines");
        var unauthorised = await anonymous.GetAsync("/v1/checks/lines");

        Assert.Equal("USD", catalogue.Str("currency"));
        var lines = catalogue.GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.Str("code") == "CAINIAO_STANDARD_SG" && l.Str("nameZh") == "菜鸟特货专线-标准");
        var heavy = lines.Single(l => l.Str("code") == "CAINIAO_STANDARD_HEAVY");
        Assert.Equal(2, heavy.GetProperty("weightKg").GetProperty("value").GetProperty("min").GetDecimal());
        Assert.True(heavy.GetProperty("weightKg").GetProperty("assumed").GetBoolean());
        Assert.StartsWith("seed 001", heavy.GetProperty("names").Str("source"), StringComparison.Ordinal);
        Assert.All(lines.SelectMany(l => l.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object)),
            p => Assert.True(p.Value.GetProperty("assumed").GetBoolean() || p.Value.Str("source").Length > 0, p.Name));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
    }

    [Fact]
    public async Task A_line_change_is_answered_allowed_or_blocked_with_reasons_and_allowed_lines()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var upgrade = await Api.ReadAsync(await client.PostAsync("/v1/checks/line-change", LineChange("CAINIAO_PREMIUM")));
        var blockedResponse = await client.PostAsync("/v1/checks/line-change", LineChange("CAINIAO_ECONOMY", ",\"rights\":[\"direct\"]"));
        var blocked = await Api.ReadAsync(blockedResponse);

        Assert.True(upgrade.GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, blockedResponse.StatusCode);
        Assert.False(blocked.GetProperty("allowed").GetBoolean());
        Assert.Equal(["downgrade", "consumer-right", "slower-promise"], blocked.GetProperty("reasons").EnumerateArray().Select(r => r.Str("code")));
        Assert.Contains("AliExpress Direct", blocked.GetProperty("reasons")[1].Str("detail"), StringComparison.Ordinal);
        Assert.Equal(["CAINIAO_STANDARD"], blocked.GetProperty("allowedLines").EnumerateArray().Select(l => l.Str("code")));
    }

    [Fact]
    public async Task A_bad_line_change_request_is_a_validation_problem_naming_each_field()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var bad = await client.PostAsync("/v1/checks/line-change", Api.JsonContent("""{"country":"United States","weightKg":0,"buyerLine":"CAINIAO_STANDARD"}"""));
        var unknownLine = await client.PostAsync("/v1/checks/line-change", LineChange("UPS_GROUND"));
        var notJson = await client.PostAsync("/v1/checks/line-change", Api.JsonContent("{\"country\":"));

        var errors = (await Api.ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["country", "category", "weightKg", "sizeCm", "amount", "line"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("not an ISO 3166-1 alpha-2 code", errors.GetProperty("country")[0].GetString(), StringComparison.Ordinal);
        var unknown = (await Api.ProblemAsync(unknownLine, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.StartsWith("unknown line 'UPS_GROUND'", unknown.GetProperty("line")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("not JSON", (await Api.ProblemAsync(notJson, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("body")[0].GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freight_findings_from_CSV_text_and_row_arrays_with_amounts_to_the_fen()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var body = new
        {
            templates = "item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice,note\n"
                        + "A-100,服装,1.5,weight,新疆,1,20,1,15,\nC-300,服装,0.5,note,,,,,,运费请联系客服\n",
            quotes = new object[]
            {
                new { carrier = "zto", province = "新疆", firstKg = 1, firstPrice = 12, additionalKg = 1, additionalPrice = 8 },
                new { carrier = "sto", province = "Xinjiang", firstKg = 1, firstPrice = 14, additionalKg = 1, additionalPrice = 9 },
            },
            guidelines = new object[] { new { province = "65", firstKg = 1, firstPrice = 18, additionalKg = 1, additionalPrice = 10 } },
        };

        var answer = await Api.ReadAsync(await client.PostAsync("/v1/checks/freight", Api.JsonBody(body)));

        Assert.Equal(2, answer.GetProperty("items").GetInt32());
        var findings = answer.GetProperty("findings").EnumerateArray().ToList();
        var red = findings.Single(f => f.Str("rule") == "1688.freight.red-line");
        Assert.Equal(("新疆维吾尔自治区", "above-red-line", 35.00m, 21.50m, 32.25m, 2.75m),
            (red.Str("province"), red.Str("outcome"), red.GetProperty("price").GetDecimal(), red.GetProperty("reference").GetDecimal(),
                red.GetProperty("limit").GetDecimal(), red.GetProperty("difference").GetDecimal()));
        var blue = findings.Single(f => f.Str("rule") == "1688.freight.blue-line" && f.Str("province").Length > 0);
        Assert.Equal(("above-guideline", 7.00m), (blue.Str("outcome"), blue.GetProperty("difference").GetDecimal()));
        Assert.Contains(findings, f => f.Str("rule") == "1688.freight.blue-line" && f.Str("outcome") == "not-tagged");
        Assert.Contains(findings, f => f.Str("rule") == "1688.freight.freight-note" && f.Str("item") == "C-300" && f.Str("outcome") == "delisted");
    }

    [Fact]
    public async Task Bad_freight_rows_are_a_validation_problem_keyed_by_table_row_and_column()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 0));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var body = new
        {
            templates = "item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice\nA,服装,1,weight,浙江,1,-5,1,2\n",
            quotes = new object[] { new { carrier = "zto", province = "Gondor", firstKg = 1, firstPrice = 4, additionalKg = 1, additionalPrice = 1 } },
            extra = 1,
        };

        var response = await client.PostAsync("/v1/checks/freight", Api.JsonBody(body));
        var missing = await client.PostAsync("/v1/checks/freight", Api.JsonBody(new { quotes = "carrier,province\n" }));

        var errors = (await Api.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["extra", "templates row 2.firstPrice", "quotes[0].province"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal("'-5' is not a number of at least 0 (a dot for decimals, no unit)", errors.GetProperty("templates row 2.firstPrice")[0].GetString());
        Assert.True((await Api.ProblemAsync(missing, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("templates", out _));
    }
}
