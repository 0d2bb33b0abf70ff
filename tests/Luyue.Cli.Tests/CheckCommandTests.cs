using System.Text.Json;

namespace Luyue.Cli.Tests;

/// <summary>
/// <c>check-line</c> and <c>freight check</c> through the built CLI, on the example inputs that docs/checks.md runs
/// (docs/examples/checks/), so the documented commands are tested as written.
/// </summary>
public class CheckCommandTests
{
    private static string Example(string file) => Cli.Repository("docs", "examples", "checks", file);

    private static JsonElement Json(Cli.Result result) => JsonDocument.Parse(result.Stdout).RootElement;

    [Fact]
    public void Check_line_allows_an_upgrade_with_exit_code_0()
    {
        var result = Cli.Run("check-line", Example("order.json"), "--line", "CAINIAO_PREMIUM");

        Cli.AssertExit(0, result);
        var answer = Json(result);
        Assert.True(answer.GetProperty("allowed").GetBoolean());
        Assert.Equal(0, answer.GetProperty("reasons").GetArrayLength());
        Assert.Equal(["CAINIAO_STANDARD", "CAINIAO_PREMIUM"], answer.GetProperty("allowedLines").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
    }

    [Fact]
    public void Check_line_blocks_a_slower_promise_with_exit_code_6_and_says_the_risk()
    {
        var result = Cli.Run("check-line", Example("order.json"), "--line", "CAINIAO_STANDARD_HEAVY");

        Cli.AssertExit(6, result);
        var answer = Json(result);
        Assert.False(answer.GetProperty("allowed").GetBoolean());
        // 0.4 kg is under the heavy parcel line's 2 kg, and it promises 45 days to the US against 30.
        Assert.Equal(["unsupported", "slower-promise"], answer.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.All(answer.GetProperty("reasons").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("risk").GetString())));
        Assert.Contains(answer.GetProperty("assumptions").EnumerateArray(), a => a.GetString()!.StartsWith("CAINIAO_STANDARD_HEAVY weightKg:", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_line_as_a_table_from_standard_input()
    {
        var result = Cli.RunWithInput(File.ReadAllText(Example("order-self-pickup.json")), "check-line", "-", "--line", "SELLER_CUSTOM", "--format", "table");

        Cli.AssertExit(6, result);
        Assert.Contains("CAINIAO_STANDARD → SELLER_CUSTOM to FR: blocked (2 reason(s))", result.Stdout);
        Assert.Contains("consumer-right", result.Stdout);
        Assert.Contains("custom-line", result.Stdout);
        Assert.Contains("buyer's line", result.Stdout);
    }

    [Fact]
    public void Check_line_refuses_a_bad_order_naming_every_field_and_an_unknown_line()
    {
        var result = Cli.RunWithInput("""{"country":"US","category":"apparel","weightKg":"heavy","sizeCm":[30,20],"amount":12.5,"buyerLine":"CAINIAO_STANDARD"}""",
            "check-line", "-", "--line", "CAINIAO_PREMIUM");
        var unknownLine = Cli.Run("check-line", Example("order.json"), "--line", "DHL_EXPRESS");
        var missing = Cli.Run("check-line", Example("no-such-order.json"), "--line", "CAINIAO_PREMIUM");

        Cli.AssertExit(2, result);
        Assert.Equal(["-, weightKg: \"heavy\" is not a number above 0", "-, sizeCm: required, the parcel's three sides in cm, e.g. [30, 20, 5]"],
            result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Stdout);
        Cli.AssertExit(2, unknownLine);
        Assert.StartsWith("--line: unknown line 'DHL_EXPRESS' (known: CAINIAO_PREMIUM,", unknownLine.Stderr, StringComparison.Ordinal);
        Cli.AssertExit(4, missing);
    }

    [Fact]
    public void Check_line_help_documents_the_blocked_exit_code()
    {
        var result = Cli.Run("check-line", "--help");

        Cli.AssertExit(0, result);
        Assert.Contains("0 allowed, 6 blocked", result.Stdout);
    }

    [Fact]
    public void Freight_check_reports_red_line_blue_line_and_freight_note_as_csv()
    {
        var result = Cli.Run("freight", "check", "--templates", Example("templates.csv"), "--quotes", Example("quotes.csv"),
            "--guidelines", Example("guidelines.json"), "--format", "csv");

        Cli.AssertExit(0, result);
        var rows = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rule,item,province,outcome,price,reference,limit,difference,detail", rows[0]);
        Assert.StartsWith("1688.freight.red-line,A-100,新疆维吾尔自治区,above-red-line,35.00,21.50,32.25,2.75,", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("1688.freight.blue-line,A-100,新疆维吾尔自治区,above-guideline,35.00,28.00,28.00,7.00,", rows[4], StringComparison.Ordinal);
        Assert.Contains("1688.freight.blue-line,B-200,,tagged,,,,,", result.Stdout);
        Assert.Contains("1688.freight.freight-note,C-300,,delisted,,,,,\"服装 is a consumer category: an item with a freight note (\"\"运费请联系客服, 按地区另议\"\")", result.Stdout);
        Assert.Equal(12, rows.Length);
        Assert.Contains("4 item(s), 11 finding(s)", result.Stderr);
    }

    [Fact]
    public void Freight_check_as_json_counts_outcomes_and_names_its_assumptions()
    {
        var result = Cli.Run("freight", "check", "--templates", Example("templates.csv"), "--quotes", Example("quotes.csv"), "--format", "json");

        Cli.AssertExit(0, result);
        var answer = Json(result);
        Assert.Equal(4, answer.GetProperty("items").GetInt32());
        Assert.Equal(1, answer.GetProperty("outcomes").GetProperty("1688.freight.red-line above-red-line").GetInt32());
        Assert.False(answer.GetProperty("outcomes").TryGetProperty("1688.freight.blue-line tagged", out _)); // no guidelines given
        Assert.Contains(answer.GetProperty("assumptions").EnumerateArray(), a => a.GetString()!.StartsWith("redLineRatio:", StringComparison.Ordinal));
        Assert.Contains("no --guidelines: blue line not judged", result.Stderr);
        Assert.Contains("\"price\": 7.00,", result.Stdout); // to the fen, even for whole yuan
    }

    [Fact]
    public void Freight_check_refuses_bad_rows_with_file_row_column_and_reason()
    {
        var dir = Directory.CreateTempSubdirectory("freight");
        try
        {
            var templates = Path.Combine(dir.FullName, "t.csv");
            File.WriteAllText(templates, "item,category,weightKg,mode,province,firstUnit,firstPrice,additionalUnit,additionalPrice\nA,服装,1,weight,Atlantis,1,5,1,x\n");

            var result = Cli.Run("freight", "check", "--templates", templates);
            var missing = Cli.Run("freight", "check", "--templates", templates, "--quotes", Path.Combine(dir.FullName, "none.csv"));

            Cli.AssertExit(2, result);
            Assert.Equal(
            [
                $"{templates} row 2, province: 'Atlantis' is no province of China (e.g. 浙江, 浙江省, Zhejiang, 33)",
                $"{templates} row 2, additionalPrice: 'x' is not a number of at least 0 (a dot for decimals, no unit)",
            ], result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Cli.AssertExit(4, missing);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
