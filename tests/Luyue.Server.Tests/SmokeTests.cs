using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Luyue.Server.Tests;

public class SmokeTests
{
    private static readonly string[] DouyinShipTimeout = File.ReadAllLines(SharedExamples("douyin-ship-timeout.jsonl"));

    internal static string SharedExamples(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "examples", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(file);
    }

    [Fact]
    public async Task Events_in_give_findings_out_in_the_contract_format()
    {
        await using var server = await new TestServer(start: NodaTime.Instant.FromUtc(2020, 11, 14, 0, 0)).StartAsync();
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var result = await TestServer.PostEventsAsync(client, DouyinShipTimeout);
        Assert.Equal(4, result.GetProperty("accepted").GetInt32());

        await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "order=DY-2001&kind=violation")).Count == 3, "three ship-timeout violations");
        var violations = await TestServer.FindingsAsync(client, "order=DY-2001&kind=violation");
        Assert.Equal(["2020-11-10T22:11:53+08:00", "2020-11-11T22:11:53+08:00", "2020-11-12T22:11:53+08:00"],
            violations.Select(v => v.GetProperty("at").GetString()));
        server.DeleteData();
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401()
    {
        await using var server = await new TestServer().StartAsync();
        using var anonymous = server.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/findings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        server.DeleteData();
    }
}
