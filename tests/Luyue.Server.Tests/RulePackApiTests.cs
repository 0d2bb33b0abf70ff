using System.Net;
using System.Text.Json.Nodes;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>Rule packs over the API: the packs in force, and a tenant's upload (validated, effective for orders paid on or after its date).</summary>
public class RulePackApiTests
{
    private static readonly Instant Start = Ev.Cst(2024, 6, 20, 0);

    /// <summary>The seed Tmall pack as a new version, effective 2024-06-10, that allows 72 h for pickup (warning at 64 h) instead of 48 h.</summary>
    private static JsonNode TmallWithSlowerPickup()
    {
        var pack = JsonNode.Parse(File.ReadAllText(Repo.File("rules/tmall/2020-10-12.json")))!;
        pack["version"] = "2024-06-10";
        pack["effectiveFrom"] = "2024-06-10";
        var pickup = pack["rules"]!.AsArray().Single(r => (string?)r!["id"] == "tmall.pickup-timeout")!;
        pickup["within"] = "PT72H";
        pickup["warn"]!["after"] = "PT64H";
        return pack;
    }

    [Fact]
    public async Task The_packs_in_force_are_listed_per_platform_and_version()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var packs = await Api.ItemsAsync(client, "/v1/rulepacks");

        Assert.Contains(packs, p => p.Str("platform") == "tmall" && p.Str("version") == "2020-10-12");
        Assert.Contains(packs, p => p.Str("platform") == "tmall" && p.Str("version") == "2025-09-05" && p.Str("effectiveFrom") == "2025-09-05");
        Assert.Contains(packs, p => p.Str("platform") == "douyin");
        Assert.All(packs, p => Assert.True(p.GetProperty("rules").GetInt32() > 0));
    }

    [Fact]
    public async Task An_invalid_pack_is_a_validation_problem_naming_the_json_path()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var pack = TmallWithSlowerPickup();
        pack["rules"]![1]!["within"] = "three days";

        var invalid = await client.PostAsync("/v1/rulepacks", Api.JsonContent(pack.ToJsonString()));
        var notJson = await client.PostAsync("/v1/rulepacks", Api.JsonContent("{\"platform\":"));

        var problem = await Api.ProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Contains("three days", problem.GetProperty("errors").GetProperty("$.rules[1].within")[0].GetString(), StringComparison.Ordinal);
        await Api.ProblemAsync(notJson, HttpStatusCode.BadRequest);
        Assert.DoesNotContain(await Api.ItemsAsync(client, "/v1/rulepacks"), p => p.Str("version") == "2024-06-10");
    }

    [Fact]
    public async Task An_uploaded_version_judges_only_orders_paid_on_or_after_its_date()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var uploaded = await client.PostAsync("/v1/rulepacks", Api.JsonContent(TmallWithSlowerPickup().ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Contains(await Api.ItemsAsync(client, "/v1/rulepacks"), p => p.Str("version") == "2024-06-10" && p.Str("origin") == "upload/tmall/2024-06-10.json");

        var before = Ev.Cst(2024, 6, 9, 23, 59, 59);
        var onTheDay = Ev.Cst(2024, 6, 10, 0);
        await TestServer.PostEventsAsync(client, [.. Ev.TmallNeverPickedUp("TM-OLD", before), .. Ev.TmallNeverPickedUp("TM-NEW", onTheDay)]);
        await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "rule=tmall.pickup-timeout&kind=violation")).Count == 2, "both violations");

        var violations = (await TestServer.FindingsAsync(client, "rule=tmall.pickup-timeout&kind=violation")).ToDictionary(f => f.Str("order"));
        Assert.Equal((Ev.Text(before + Duration.FromHours(48)), "2020-10-12"), (violations["TM-OLD"].Str("at"), violations["TM-OLD"].Str("packVersion")));
        Assert.Equal((Ev.Text(onTheDay + Duration.FromHours(72)), "2024-06-10"), (violations["TM-NEW"].Str("at"), violations["TM-NEW"].Str("packVersion")));
    }

    /// <summary>
    /// A pack uploaded after an order was judged does not re-judge it on restart: recovery replays each stored batch with
    /// the packs uploaded by its arrival time, as the live run had them.
    /// </summary>
    [Fact]
    public async Task A_restart_judges_each_batch_by_the_packs_uploaded_by_its_arrival()
    {
        var first = await new TestServer(Start).StartAsync();
        TestServer? second = null;
        try
        {
            var (_, merchant, _) = await first.TenantAsync();
            List<string> before;
            using (var client = first.Client(merchant))
            {
                await TestServer.PostEventsAsync(client, Ev.TmallNeverPickedUp("TM-EARLY", Ev.Cst(2024, 6, 11, 9)));
                await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "order=TM-EARLY&kind=violation")).Count > 0, "TM-EARLY judged");
                first.Clock.Advance(Duration.FromMinutes(1));
                (await client.PostAsync("/v1/rulepacks", Api.JsonContent(TmallWithSlowerPickup().ToJsonString()))).EnsureSuccessStatusCode();
                first.Clock.Advance(Duration.FromMinutes(1));
                await TestServer.PostEventsAsync(client, Ev.TmallNeverPickedUp("TM-LATE", Ev.Cst(2024, 6, 11, 9)));
                await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "order=TM-LATE&kind=violation")).Count > 0, "TM-LATE judged");
                await Task.Delay(200); // a few ticks: nothing more is coming
                before = (await TestServer.FindingsAsync(client)).Select(f => f.GetRawText()).ToList();
                var packs = (await TestServer.FindingsAsync(client, "rule=tmall.pickup-timeout&kind=violation")).ToDictionary(f => f.Str("order"), f => f.Str("packVersion"));
                Assert.Equal("2020-10-12", packs["TM-EARLY"]); // paid on the new version's days, but judged before it was uploaded
                Assert.Equal("2024-06-10", packs["TM-LATE"]);
            }

            await first.StopAsync();
            second = await new TestServer(first.Clock.GetCurrentInstant(), first.Data).StartAsync(first.AdminKey);
            using (var client = second.Client(merchant))
            {
                await Task.Delay(200);
                Assert.Equal(before, (await TestServer.FindingsAsync(client)).Select(f => f.GetRawText()).ToList());
            }
        }
        finally
        {
            await (second ?? first).DisposeAsync();
            first.DeleteData();
        }
    }
}
