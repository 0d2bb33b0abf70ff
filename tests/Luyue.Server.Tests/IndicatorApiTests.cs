using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>
/// The indicators API on the worked example of docs/indicators.md: the same bytes as <c>luyue indicators --format
/// json</c> on the same events, live and after a restart (recovery replays the log into the indicators); outlet
/// ratings imported as CSV with rejected cells named.
/// </summary>
public class IndicatorApiTests
{
    // The example's closing clock event: the server's clock stands there, so both judge as of the same moment.
    private static readonly Instant Closing = Ev.Cst(2024, 6, 6, 0);

    private static string Repository(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("Luyue.slnx");
    }

    private static readonly string Example = Repository("docs", "examples", "indicators-worked-example.jsonl");
    private static readonly string Ratings = Repository("docs", "templates", "outlet-ratings.csv");

    /// <summary>What <c>luyue indicators</c> prints, run as a process from the luyue.dll built beside the tests.</summary>
    private static string CliJson(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "luyue.dll"), "indicators", Example, "--format", "json" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "luyue indicators did not finish");
        Assert.True(process.ExitCode == 0, stderr.Result);
        return stdout.Result.TrimEnd('\n');
    }

    /// <summary>Each API query and the CLI arguments that ask the same.</summary>
    private static readonly (string Url, string[] Cli)[] Questions =
    [
        ("/v1/indicators", []),
        ("/v1/indicators?by=carrier", ["--by", "carrier"]),
        ("/v1/indicators?by=outlet", ["--by", "outlet", "--stars", Ratings]),
        ("/v1/indicators?by=day", ["--by", "day"]),
        ("/v1/indicators?by=store&carrier=" + Uri.EscapeDataString("中通") + "&from=" + Uri.EscapeDataString("2024-06-01T00:00:00+08:00"),
            ["--carrier", "中通", "--from", "2024-06-01T00:00:00+08:00"]),
        ("/v1/indicators/outlets/ranking?top=2", ["--top", "2", "--stars", Ratings]),
    ];

    private static async Task AssertSameAsCliAsync(HttpClient client, string when)
    {
        foreach (var (url, cli) in Questions)
        {
            var expected = CliJson(cli);
            var actual = "";
            try
            {
                // The violations come from the engines' threads: wait until they have all been counted.
                await TestServer.Eventually(async () => (actual = await client.GetStringAsync(url)) == expected, $"{url} ({when})");
            }
            catch (TimeoutException)
            {
                Assert.Equal(expected, actual);
            }

            Assert.Equal(expected, actual);
        }

        Assert.Contains("\"key\":\"杭州西湖网点\",\"carrier\":\"zto\",\"shipments\":3", await client.GetStringAsync("/v1/indicators?by=outlet"));
    }

    [Fact]
    public async Task The_api_answers_what_the_cli_prints_live_and_after_a_restart()
    {
        var server = await new TestServer(Closing).StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using (var client = server.Client(merchant))
            {
                var ingest = await TestServer.PostEventsAsync(client, File.ReadAllLines(Example));
                Assert.Equal(0, ingest.GetProperty("rejected").GetInt32());
                (await client.PostAsync("/v1/indicators/outlet-ratings", new StringContent(File.ReadAllText(Ratings), Encoding.UTF8, "text/csv")))
                    .EnsureSuccessStatusCode();

                await AssertSameAsCliAsync(client, "live");
            }

            await server.StopAsync();
            await using var restarted = await new TestServer(Closing, server.Data).StartAsync(server.AdminKey);
            using var again = restarted.Client(merchant);
            await AssertSameAsCliAsync(again, "after a restart");
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task Ratings_are_imported_row_by_row_and_listed()
    {
        await using var server = await new TestServer(Closing).StartAsync();
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var response = await client.PostAsync("/v1/indicators/outlet-ratings",
            new StringContent("month,carrier,outlet,stars\n2024-06,中通,杭州西湖网点,4\n2024-06,zto,,3\n2024-06,sto,上海浦东网点,0\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"imported":1,"rejected":[{"row":3,"column":"outlet","reason":"empty: the outlet's name as its pickup scans spell it"},{"row":4,"column":"stars","reason":"'0' is not a whole number of stars from 1 to 5"}]}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal("""{"items":[{"month":"2024-06","carrier":"zto","outlet":"杭州西湖网点","stars":4}]}""",
            await client.GetStringAsync("/v1/indicators/outlet-ratings"));

        var headerless = await client.PostAsync("/v1/indicators/outlet-ratings", new StringContent("2024-06,zto,杭州西湖网点,4\n", Encoding.UTF8, "text/csv"));
        var rejected = (await headerless.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected");
        Assert.Equal(["month", "carrier", "outlet", "stars"], rejected.EnumerateArray().Select(r => r.GetProperty("column").GetString()));
    }

    [Theory]
    [InlineData("/v1/indicators?by=province", "by")]
    [InlineData("/v1/indicators?from=2024-06-01", "from")]
    [InlineData("/v1/indicators/outlets/ranking?top=0", "top")]
    public async Task Bad_parameters_are_a_validation_problem_naming_them(string url, string parameter)
    {
        await using var server = await new TestServer(Closing).StartAsync();
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Without_events_every_rate_is_null_and_the_benchmark_is_still_given()
    {
        await using var server = await new TestServer(Closing).StartAsync();
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        Assert.Equal(
            """{"by":"store","benchmark":{"pickupRate48h":0.95,"updateRate24h":0.9,"avgPickupDelayHours":20},"benchmarkAssumed":["pickupRate48h","updateRate24h","avgPickupDelayHours"],"items":[]}""",
            await client.GetStringAsync("/v1/indicators"));
        Assert.Equal("""{"items":[]}""", await client.GetStringAsync("/v1/indicators/outlets/ranking"));
    }
}
