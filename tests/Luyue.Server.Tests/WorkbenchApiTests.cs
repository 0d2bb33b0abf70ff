using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>The endpoints the workbench needs: monitor rows, who the caller is, rules and packs, an order's stored events, the page itself.</summary>
public class WorkbenchApiTests
{
    private static readonly Instant Paid = Ev.Cst(2024, 6, 1, 8);

    private static async Task<JsonElement> MonitorAsync(HttpClient client, string query = "") =>
        await client.GetFromJsonAsync<JsonElement>("/v1/monitor/items" + (query.Length > 0 ? "?" + query : ""));

    private static int Count(JsonElement page, string monitor, string field) =>
        page.GetProperty("counts").EnumerateArray().Single(c => c.Str("monitor") == monitor).GetProperty(field).GetInt32();

    [Fact]
    public async Task Monitor_rows_are_about_to_time_out_then_overdue_with_time_left_carrier_and_counts()
    {
        await using var server = await OwnedServer.StartAsync(Paid + Duration.FromHours(13));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        await TestServer.PostEventsAsync(client, Ev.TmallNeverPickedUp("TM-1", Paid));
        await TestServer.PostEventsAsync(client, [Ev.Paid("TM-2", Paid + Duration.FromHours(1), shop: "tm-shop-2"),
            Ev.Shipped("TM-2", Paid + Duration.FromHours(2), "ZTO-2", carrier: "zto")]);
        Assert.Equal(0, (await MonitorAsync(client)).GetProperty("total").GetInt32());

        server.Clock.Set(Paid + Duration.FromHours(42)); // both past the 40 h warning, before the 48 h deadline
        await TestServer.Eventually(async () => (await MonitorAsync(client, "monitor=pickup")).GetProperty("total").GetInt32() == 2, "two warnings");
        var soon = await MonitorAsync(client, "monitor=pickup");
        var rows = soon.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["TM-1", "TM-2"], rows.Select(r => r.Str("order"))); // least time left first
        Assert.All(rows, r => Assert.Equal(("soon", "tmall.pickup-timeout"), (r.Str("state"), r.Str("rule"))));
        Assert.Equal(6 * 3600, rows[0].GetProperty("secondsLeft").GetInt64());
        Assert.Equal(7 * 3600, rows[1].GetProperty("secondsLeft").GetInt64());
        Assert.Equal(("sto", "zto"), (rows[0].Str("carrier"), rows[1].Str("carrier")));
        Assert.Equal((2, 0), (Count(soon, "pickup", "aboutToTimeOut"), Count(soon, "pickup", "overdue")));

        var zto = await MonitorAsync(client, "carrier=zto");
        Assert.Equal("TM-2", Assert.Single(zto.GetProperty("items").EnumerateArray()).Str("order"));
        Assert.Equal(1, Count(zto, "pickup", "aboutToTimeOut"));
        Assert.Equal(["TM-2", "TM-1"], (await MonitorAsync(client, "sort=-timeLeft")).GetProperty("items").EnumerateArray().Select(r => r.Str("order")));
        Assert.Equal(0, (await MonitorAsync(client, "shop=another-shop")).GetProperty("total").GetInt32());

        server.Clock.Set(Paid + Duration.FromHours(48) + Duration.FromMinutes(30)); // TM-1 overdue, TM-2 still about to
        await TestServer.Eventually(async () => (await MonitorAsync(client, "state=overdue")).GetProperty("total").GetInt32() == 1, "one overdue");
        var overdue = Assert.Single((await MonitorAsync(client, "state=overdue")).GetProperty("items").EnumerateArray());
        Assert.Equal(("TM-1", -30 * 60L), (overdue.Str("order"), overdue.GetProperty("secondsLeft").GetInt64()));
        var all = await MonitorAsync(client);
        Assert.Equal((1, 1), (Count(all, "pickup", "aboutToTimeOut"), Count(all, "pickup", "overdue")));
    }

    [Fact]
    public async Task Monitor_rows_name_the_pickup_outlet_and_filter_by_it()
    {
        await using var server = await OwnedServer.StartAsync(Paid + Duration.FromHours(14));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var pickedUp = Paid + Duration.FromHours(13);
        var scan = System.Text.Json.Nodes.JsonNode.Parse(Ev.Scan("STO-TM-1", pickedUp))!;
        scan["site"] = "浙江杭州西湖区网点";
        await TestServer.PostEventsAsync(client, [.. Ev.TmallNeverPickedUp("TM-1", Paid), scan.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })]);

        server.Clock.Set(pickedUp + Duration.FromHours(17)); // past the update warning at 16 h, before 24 h
        await TestServer.Eventually(async () => (await MonitorAsync(client, "monitor=update")).GetProperty("total").GetInt32() == 1, "an update warning");
        var row = Assert.Single((await MonitorAsync(client, "monitor=update")).GetProperty("items").EnumerateArray());
        var outlet = row.Str("outlet");
        Assert.Equal("浙江杭州西湖区网点", outlet);
        Assert.Equal(1, (await MonitorAsync(client, "outlet=" + Api.Q(outlet))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await MonitorAsync(client, "outlet=" + Api.Q("another outlet"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Monitor_pages_follow_the_cursor_to_every_row_once_and_bad_parameters_are_named()
    {
        await using var server = await OwnedServer.StartAsync(Paid + Duration.FromHours(50));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var orders = Enumerable.Range(1, 7).Select(i => $"TM-{i}").ToList();
        await TestServer.PostEventsAsync(client, orders.SelectMany((o, i) => Ev.TmallNeverPickedUp(o, Paid + Duration.FromMinutes(i))));
        await TestServer.Eventually(async () => (await MonitorAsync(client, "state=overdue")).GetProperty("total").GetInt32() == 7, "seven overdue");

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await MonitorAsync(client, "state=overdue&limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(7, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.Str("order")));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        Assert.Equal(orders, seen); // the earliest deadline is the most overdue: least time left

        foreach (var (query, field) in new[] { ("monitor=parcel", "monitor"), ("state=late", "state"), ("sort=deadline", "sort"), ("cursor=x", "cursor") })
        {
            var problem = await Api.ProblemAsync(await client.GetAsync("/v1/monitor/items?" + query), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Fact]
    public async Task Me_names_the_tenant_and_the_role_of_the_key()
    {
        await using var server = await OwnedServer.StartAsync(Paid);
        var (tenant, merchant, reviewer) = await server.TenantAsync("Acme 旗舰店");
        using var m = server.Client(merchant);
        using var r = server.Client(reviewer);

        var me = await m.GetFromJsonAsync<JsonElement>("/v1/me");
        Assert.Equal((tenant, "Acme 旗舰店", "merchant"), (me.Str("tenant"), me.Str("name"), me.Str("role")));
        Assert.Equal("reviewer", (await r.GetFromJsonAsync<JsonElement>("/v1/me")).Str("role"));
        using var anonymous = server.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Rules_list_every_rule_with_its_parameters_and_the_version_in_force()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2026, 1, 10, 12));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var rules = await Api.ItemsAsync(client, "/v1/rulepacks/rules");
        var pickup = rules.Where(r => r.Str("id") == "tmall.pickup-timeout").ToDictionary(r => r.Str("version"));
        Assert.Equal(["2020-10-12", "2025-09-05"], pickup.Keys.Order(StringComparer.Ordinal));
        Assert.True(pickup["2025-09-05"].GetProperty("inForce").GetBoolean());
        Assert.False(pickup["2020-10-12"].GetProperty("inForce").GetBoolean());
        Assert.Equal("PT48H", pickup["2025-09-05"].GetProperty("parameters").GetProperty("within").GetString());
        Assert.Equal("揽收超时", pickup["2025-09-05"].Str("title"));
        Assert.Contains("40h", pickup["2025-09-05"].Str("source"), StringComparison.Ordinal);
        var packs = await Api.ItemsAsync(client, "/v1/rulepacks");
        Assert.Equal(packs.Sum(p => p.GetProperty("rules").GetInt32()), rules.Count);
    }

    [Fact]
    public async Task A_pack_version_reads_back_embedded_or_as_uploaded_at_the_location_of_its_upload()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2026, 1, 10, 12));
        var (_, merchant, _) = await server.TenantAsync();
        var (_, other, _) = await server.TenantAsync("other");
        using var client = server.Client(merchant);
        using var otherClient = server.Client(other);

        var embedded = await client.GetFromJsonAsync<JsonElement>("/v1/rulepacks/douyin/2021-03-13");
        Assert.Equal(("douyin", "2021-03-13"), (embedded.Str("platform"), embedded.Str("version")));
        await Api.ProblemAsync(await client.GetAsync("/v1/rulepacks/douyin/1999-01-01"), HttpStatusCode.NotFound);
        await Api.ProblemAsync(await client.GetAsync("/v1/rulepacks/common/2020-10-12"), HttpStatusCode.NotFound);

        var json = File.ReadAllText(Repo.File("rules/tmall/2025-09-05.json")).Replace("\"2025-09-05\"", "\"2026-02-01\"", StringComparison.Ordinal);
        var upload = await client.PostAsync("/v1/rulepacks", Api.JsonContent(json));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var read = await client.GetAsync(upload.Headers.Location);
        Assert.Equal(json, await read.EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        await Api.ProblemAsync(await otherClient.GetAsync(upload.Headers.Location), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_orders_stored_events_read_back_as_received_with_the_scans_of_its_numbers_and_an_unknown_order_is_not_found()
    {
        await using var server = await OwnedServer.StartAsync(Paid + Duration.FromHours(16));
        var (_, merchant, _) = await server.TenantAsync();
        var (_, other, _) = await server.TenantAsync("other");
        using var client = server.Client(merchant);
        using var otherClient = server.Client(other);
        var sent = Ev.TmallNeverPickedUp("TM-1", Paid);
        var pickup = Ev.Scan("STO-TM-1", Paid + Duration.FromHours(13));
        // The parcel is handed over to another carrier's number, whose scans belong to the order too.
        var transfer = $$"""{"id":"transfer-1","type":"scan","at":"{{Ev.Text(Paid + Duration.FromHours(14))}}","carrier":"sto","tracking":"STO-TM-1","text":"【杭州市】快件已转交韵达 单号YD-TM-1","newCarrier":"yunda","newTracking":"YD-TM-1"}""";
        var handedOver = Ev.Scan("YD-TM-1", Paid + Duration.FromHours(15), "【上海市】上海浦东转运中心 已发出", "yunda");
        // Sent before the order's own events arrive, and out of event-time order: the page's order is event time.
        await TestServer.PostEventsAsync(client, [handedOver, transfer]);
        await TestServer.PostEventsAsync(client, [.. sent, pickup, .. Ev.TmallNeverPickedUp("TM-2", Paid), Ev.Scan("STO-TM-2", Paid + Duration.FromHours(13))]);
        // Another tenant's scan of the same number is not this tenant's trace.
        await TestServer.PostEventsAsync(otherClient, [Ev.Scan("STO-TM-1", Paid + Duration.FromHours(14), "【北京市】北京朝阳网点 已揽收")]);

        var items = await Api.ItemsAsync(client, "/v1/orders/TM-1/events");

        Assert.Equal(new[] { sent[0], sent[1], pickup, transfer, handedOver }.Select(s => JsonDocument.Parse(s).RootElement.GetRawText()),
            items.Select(i => i.GetProperty("event").GetRawText()));
        Assert.True(items[0].GetProperty("sequence").GetInt64() < items[1].GetProperty("sequence").GetInt64());
        // The first batch was received at the clock's time; each later batch a millisecond after the one before.
        Assert.Equal(Ev.Text(Paid + Duration.FromHours(16)), items[^1].Str("receivedAt"));
        await Api.ProblemAsync(await client.GetAsync("/v1/orders/NO-SUCH/events"), HttpStatusCode.NotFound);
        await Api.ProblemAsync(await otherClient.GetAsync("/v1/orders/TM-1/events"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_workbench_page_is_served_at_the_root_and_on_its_own_paths_but_not_for_the_api()
    {
        await using var server = await OwnedServer.StartAsync(Paid);
        using var client = server.Client();

        var page = await client.GetAsync("/");
        Assert.Equal("text/html", page.EnsureSuccessStatusCode().Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.Ordinal);
        Assert.Equal(html, await client.GetStringAsync("/penalties"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/no-such-endpoint")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/no-such-file.js")).StatusCode);
    }
}
