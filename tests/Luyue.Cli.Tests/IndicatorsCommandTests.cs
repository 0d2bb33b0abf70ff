namespace Luyue.Cli.Tests;

/// <summary>
/// <c>luyue indicators</c> through the built CLI on the worked example of docs/indicators.md (the numbers are worked
/// by hand in Luyue.Core.Tests' IndicatorAccumulatorTests).
/// </summary>
public class IndicatorsCommandTests
{
    private static readonly string Example = Cli.Repository("docs", "examples", "indicators-worked-example.jsonl");
    private static readonly string Ratings = Cli.Repository("docs", "templates", "outlet-ratings.csv");

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Csv_by_store_has_a_header_and_the_worked_numbers()
    {
        var result = Cli.Run("indicators", Example, "--format", "csv");

        Cli.AssertExit(0, result);
        Assert.Equal(
        [
            "store,shipments,pickedUp48h,pickupRate48h,updatedChecks,updated24h,updateRate24h,avgPickupDelayHours,stalls,violations",
            "s1,5,3,0.6,4,2,0.5,29.5,1,5",
            "s2,2,2,1,2,1,0.5,10.75,1,1",
        ], Lines(result.Stdout));
        Assert.Contains("indicators as of 2024-06-06T00:00:00+08:00", result.Stderr);
    }

    /// <summary>An empty stream has no clock to report the indicators at (the engine's starting value is year -9998).</summary>
    [Fact]
    public void An_empty_stream_gives_an_empty_report_and_says_it_has_no_clock()
    {
        var result = Cli.RunWithInput("", "indicators", "-", "--format", "csv");

        Cli.AssertExit(0, result);
        Assert.Equal(["store,shipments,pickedUp48h,pickupRate48h,updatedChecks,updated24h,updateRate24h,avgPickupDelayHours,stalls,violations"],
            Lines(result.Stdout));
        Assert.Contains("no clock (no event applied)", result.Stderr);
        Assert.DoesNotContain("-9998", result.Stderr);
    }

    [Fact]
    public void Json_by_outlet_carries_the_benchmark_and_each_outlets_latest_stars()
    {
        var result = Cli.Run("indicators", Example, "--by", "outlet", "--stars", Ratings, "--format", "json");

        Cli.AssertExit(0, result);
        Assert.Equal(
            """{"by":"outlet","benchmark":{"pickupRate48h":0.95,"updateRate24h":0.9,"avgPickupDelayHours":20},"benchmarkAssumed":["pickupRate48h","updateRate24h","avgPickupDelayHours"],"items":["""
            + """{"key":"上海浦东网点","carrier":"sto","shipments":2,"pickedUp48h":2,"pickupRate48h":1,"updatedChecks":2,"updated24h":1,"updateRate24h":0.5,"avgPickupDelayHours":10.75,"stalls":1,"violations":1,"stars":5},"""
            + """{"key":"杭州滨江网点","carrier":"zto","shipments":1,"pickedUp48h":0,"pickupRate48h":0,"updatedChecks":1,"updated24h":1,"updateRate24h":1,"avgPickupDelayHours":48,"stalls":0,"violations":1,"stars":2},"""
            + """{"key":"杭州西湖网点","carrier":"zto","shipments":3,"pickedUp48h":3,"pickupRate48h":1,"updatedChecks":3,"updated24h":1,"updateRate24h":0.3333,"avgPickupDelayHours":23.33,"stalls":1,"violations":2,"stars":4}]}""",
            result.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void Top_ranks_the_outlets_by_violations()
    {
        var result = Cli.Run("indicators", Example, "--top", "2", "--stars", Ratings, "--format", "csv");

        Cli.AssertExit(0, result);
        Assert.Equal(
        [
            "outlet,carrier,violations,shipments,pickupRate48h,stars",
            "杭州西湖网点,zto,2,3,1,4",
            "上海浦东网点,sto,1,2,1,5",
        ], Lines(result.Stdout));
    }

    [Fact]
    public void Day_rows_are_Shanghai_days_and_an_undecided_rate_is_empty()
    {
        var result = Cli.RunWithInput(File.ReadAllText(Example), "indicators", "-", "--by", "day", "--format", "csv");

        Cli.AssertExit(0, result);
        Assert.Equal(
        [
            "day,shipments,pickedUp48h,pickupRate48h,updatedChecks,updated24h,updateRate24h,avgPickupDelayHours,stalls,violations",
            "2024-06-01,6,4,0.6667,5,3,0.6,25.6,2,5",
            "2024-06-02,1,1,1,1,0,0,11.5,0,1",
            "2024-06-04,0,0,,0,0,,,0,0",
        ], Lines(result.Stdout));
    }

    [Fact]
    public void A_carrier_filter_takes_the_carriers_Chinese_name()
    {
        var result = Cli.Run("indicators", Example, "--carrier", "中通", "--format", "csv", "--from", "2024-06-01T00:00:00+08:00", "--to", "2024-06-02T00:00:00+08:00");

        Cli.AssertExit(0, result);
        Assert.Equal(["s1,4,3,0.75,4,2,0.5,29.5,1,3"], Lines(result.Stdout).Skip(1));
    }

    [Fact]
    public void The_table_shows_the_benchmark_row_marked_assumed()
    {
        var result = Cli.Run("indicators", Example);

        Cli.AssertExit(0, result);
        var benchmark = Assert.Single(Lines(result.Stdout), l => l.TrimStart('│', ' ').StartsWith("benchmark", StringComparison.Ordinal));
        Assert.Contains("0.95 *", benchmark);
        Assert.Contains("assumed", result.Stdout);
    }

    [Fact]
    public void Bad_rating_rows_are_named_by_row_and_column_and_the_good_ones_kept()
    {
        var ratings = Path.Combine(Path.GetTempPath(), $"luyue-ratings-{Guid.NewGuid():N}.csv");
        File.WriteAllText(ratings, "month,carrier,outlet,stars\n2024-06,zto,杭州西湖网点,4\n2024-6,zto,杭州滨江网点,9\n");
        try
        {
            var result = Cli.Run("indicators", Example, "--by", "outlet", "--stars", ratings, "--format", "csv");

            Cli.AssertExit(0, result);
            Assert.Contains("row 3, month: '2024-6' is not a month yyyy-MM", result.Stderr);
            Assert.Contains("row 3, stars: '9' is not a whole number of stars from 1 to 5", result.Stderr);
            Assert.EndsWith(",4", Assert.Single(Lines(result.Stdout), l => l.StartsWith("杭州西湖网点", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.EndsWith(",", Assert.Single(Lines(result.Stdout), l => l.StartsWith("杭州滨江网点", StringComparison.Ordinal)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(ratings);
        }
    }

    [Theory]
    [InlineData("--from", "2024-06-01")]
    [InlineData("--top", "0")]
    [InlineData("--by", "province")]
    public void Bad_options_exit_2(string option, string value)
    {
        Cli.AssertExit(2, Cli.Run("indicators", Example, option, value));
    }

    [Fact]
    public void A_missing_file_exits_4()
    {
        Cli.AssertExit(4, Cli.Run("indicators", "no-such-events.jsonl"));
        Cli.AssertExit(4, Cli.Run("indicators", Example, "--stars", "no-such-ratings.csv"));
    }

    [Fact]
    public void On_a_generated_stream_every_grouping_counts_the_same_orders()
    {
        var events = Path.Combine(Path.GetTempPath(), $"luyue-indicators-{Guid.NewGuid():N}.jsonl");
        try
        {
            Cli.AssertExit(0, Cli.Run("generate", "--orders", "400", "--seed", "5", "-o", events));
            var rows = new[] { "store", "day", "carrier", "outlet" }.ToDictionary(by => by, by =>
            {
                var result = Cli.Run("indicators", events, "--by", by, "--format", "json");
                Cli.AssertExit(0, result);
                return System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.GetProperty("items").EnumerateArray().ToList();
            });
            long Sum(string by, string field) => rows[by].Sum(r => r.GetProperty(field).GetInt64());

            Assert.All(rows.Values.SelectMany(r => r), r =>
            {
                Assert.InRange(r.GetProperty("pickedUp48h").GetInt64(), 0, r.GetProperty("shipments").GetInt64());
                Assert.InRange(r.GetProperty("updated24h").GetInt64(), 0, r.GetProperty("updatedChecks").GetInt64());
            });

            // Every paid order has a store and a day; not every one a carrier (never shipped) or an outlet (no pickup site).
            foreach (var field in new[] { "shipments", "pickedUp48h", "updatedChecks", "updated24h", "stalls", "violations" })
            {
                Assert.Equal(Sum("store", field), Sum("day", field));
                Assert.InRange(Sum("carrier", field), Sum("outlet", field), Sum("store", field));
            }

            Assert.True(Sum("store", "shipments") > 300, "most of 400 orders are decided by the stream's end");
            Assert.True(Sum("store", "violations") > 0, "the generated trouble shows");
        }
        finally
        {
            File.Delete(events);
        }
    }
}
