using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>Findings (filters, status, cursor pages), the order page, the monitor summary and the ledger.</summary>
public class ApiQueryTests
{
    private static readonly Instant Paid = Ev.Cst(2024, 6, 1, 8);
    private static readonly Instant Deadline = Paid + Duration.FromHours(48);

    /// <summary>
    /// A tenant with findings of several shops, platforms, rules and kinds: two never-picked-up Tmall orders in two
    /// shops (warning, violation, penalty each), the shared Douyin ship-timeout and pickup-timeout examples.
    /// </summary>
    private static async Task<HttpClient> MixedAsync(OwnedServer server)
    {
        var (_, merchant, _) = await server.TenantAsync();
        var client = server.Client(merchant);
        await TestServer.PostEventsAsync(client, [.. Ev.TmallNeverPickedUp("TM-1", Paid), .. Ev.TmallNeverPickedUp("TM-2", Paid, shop: "tm-shop-2")]);
        await TestServer.PostEventsAsync(client, File.ReadAllLines(Repo.SharedExample("douyin-ship-timeout.jsonl")));
        await TestServer.PostEventsAsync(client, File.ReadAllLines(Repo.SharedExample("douyin-pickup-timeout.jsonl")));
        await Api.SettleAsync(server, client);
        return client;
    }

    [Fact]
    public async Task Each_filter_answers_exactly_the_findings_that_match_it()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 5, 0));
        using var client = await MixedAsync(server);
        var all = await TestServer.FindingsAsync(client);

        foreach (var (field, value) in new[]
                 {
                     ("order", "TM-1"), ("shop", "tm-shop-2"), ("platform", "douyin"), ("rule", "douyin.ship-timeout"), ("kind", "violation"),
                 })
        {
            var expected = all.Where(f => f.Str(field) == value).Select(f => f.GetRawText()).ToList();
            Assert.NotEmpty(expected);
            Assert.True(expected.Count < all.Count, $"{field}={value} should leave some findings out");
            Assert.Equal(expected, await Api.FindingTextsAsync(client, $"{field}={Api.Q(value)}"));
        }

        Assert.Equal(all.Where(f => f.Str("order") == "TM-1" && f.Str("kind") == "penalty").Select(f => f.GetRawText()),
            await Api.FindingTextsAsync(client, "order=TM-1&kind=penalty"));
    }

    [Fact]
    public async Task From_is_inclusive_and_to_is_exclusive()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 5, 0));
        using var client = await MixedAsync(server);
        var at = Api.Q(Ev.Text(Deadline));
        var justAfter = Api.Q(Ev.Text(Deadline + Duration.FromSeconds(1)));
        var all = await TestServer.FindingsAsync(client);
        var atDeadline = all.Where(f => f.Str("at") == Ev.Text(Deadline)).Select(f => f.GetRawText()).ToList();

        var fromDeadline = await Api.FindingTextsAsync(client, $"from={at}");
        var toDeadline = await Api.FindingTextsAsync(client, $"to={at}");
        var exactly = await Api.FindingTextsAsync(client, $"from={at}&to={justAfter}");

        Assert.Equal(2, atDeadline.Count); // the two Tmall violations
        Assert.Equal(atDeadline, exactly);
        Assert.All(atDeadline, f => Assert.Contains(f, fromDeadline));
        Assert.All(atDeadline, f => Assert.DoesNotContain(f, toDeadline));
        Assert.Equal(all.Count, fromDeadline.Count + toDeadline.Count);
    }

    [Fact]
    public async Task Bad_filters_are_400_validation_problems_naming_the_parameter()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 5, 0));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var problem = await Api.ProblemAsync(await client.GetAsync("/v1/findings?from=yesterday&status=forgiven"), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("status", out _));
    }

    /// <summary>A parameter the framework cannot bind (a number that is not one) is a 400 that says which and why, not a
    /// bare status, and is no error of the server's.</summary>
    [Theory]
    [InlineData("/v1/findings?limit=abc", "limit")]
    [InlineData("/v1/findings?cursor=next", "cursor")]
    [InlineData("/v1/monitor/items?limit=ten", "limit")]
    public async Task A_parameter_that_cannot_be_bound_is_a_400_naming_it(string url, string parameter)
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 5, 0));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var problem = await Api.ProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains($" {parameter}\" from \"", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_saying_where_it_broke()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 5, 0));
        using var admin = server.Client(server.Server.AdminKey);

        var problem = await Api.ProblemAsync(await admin.PostAsync("/v1/tenants", Api.JsonContent("""{"name":""")), HttpStatusCode.BadRequest);

        Assert.Matches(@"^Failed to read parameter "".*"" from the request body as JSON\. .*, at line 1, byte \d+$", problem.Str("detail"));
    }

    [Fact]
    public async Task Cursor_pages_give_every_finding_once_in_order()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 5, 0));
        using var client = await MixedAsync(server);
        var all = await Api.FindingTextsAsync(client);

        var paged = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/v1/findings?limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            var items = page.GetProperty("items").EnumerateArray().Select(f => f.GetRawText()).ToList();
            Assert.InRange(items.Count, 1, 3);
            paged.AddRange(items);
            pages++;
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetRawText();
        }
        while (cursor is not null);

        Assert.Equal(all, paged);
        Assert.Equal((all.Count + 2) / 3, pages);
    }

    [Fact]
    public async Task Status_tells_standing_violations_from_retracted_ones_across_pages()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 3, 12));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        await TestServer.PostEventsAsync(client, [.. Ev.TmallNeverPickedUp("TM-1", Paid), .. Ev.TmallNeverPickedUp("TM-2", Paid), .. Ev.TmallNeverPickedUp("TM-3", Paid)]);
        await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "kind=violation")).Count == 3, "three violations");

        // TM-2's pickup scan arrives late, stamped an hour before the deadline: its violation is retracted.
        await TestServer.PostEventsAsync(client, [Ev.Scan("STO-TM-2", Deadline - Duration.FromHours(1))]);
        await TestServer.Eventually(() => Api.HasFindingAsync(client, "kind=retracted"), "the retraction");

        var standing = await StatusPagesAsync(client, "standing");
        var retracted = await StatusPagesAsync(client, "retracted");

        Assert.Equal(["TM-1", "TM-3"], standing.Select(f => f.Str("order")));
        Assert.All(standing, f => Assert.Equal("violation", f.Str("kind")));
        Assert.Equal(["TM-2"], retracted.Select(f => f.Str("order")));
        Assert.Equal("violation", retracted[0].Str("kind"));
        Assert.Empty(await TestServer.FindingsAsync(client, "status=standing&kind=warning"));
    }

    [Theory]
    [InlineData(6, 3)] // the engine holds the order
    [InlineData(9, 1)] // three months on: the engine forgot the order (idle past the 30-day retention, no timer left)
                       // once it had applied the events and moved to the clock, and the page rebuilds it from the store
    public async Task The_order_page_shows_shipments_scans_with_milestones_and_findings(int month, int day)
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, month, day, 12));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var pickup = Paid + Duration.FromHours(50); // two hours late
        await TestServer.PostEventsAsync(client,
        [
            .. Ev.TmallNeverPickedUp("TM-1", Paid),
            Ev.Scan("STO-TM-1", pickup),
            Ev.Scan("STO-TM-1", pickup + Duration.FromHours(3), "【杭州市】已到达 杭州转运中心"),
        ]);
        await TestServer.Eventually(() => Api.HasFindingAsync(client, "order=TM-1&kind=violation"), "the late pickup");

        var page = await client.GetFromJsonAsync<JsonElement>("/v1/orders/TM-1");

        var order = page.GetProperty("order");
        Assert.Equal(JsonValueKind.Object, order.ValueKind);
        Assert.Equal("TM-1", order.Str("order"));
        Assert.Equal("tmall", order.Str("platform"));
        var shipment = Assert.Single(order.GetProperty("shipments").EnumerateArray());
        Assert.Equal("STO-TM-1", shipment.Str("tracking"));
        var scans = shipment.GetProperty("scans").EnumerateArray().ToList();
        Assert.Equal(2, scans.Count);
        Assert.Equal("pickup", scans[0].Str("milestone"));
        Assert.Equal(Ev.Text(pickup), scans[0].Str("at"));
        Assert.NotEqual("pickup", scans[1].Str("milestone"));
        Assert.Contains(page.GetProperty("findings").EnumerateArray(),
            f => f.Str("kind") == "violation" && f.Str("rule") == "tmall.pickup-timeout" && f.Str("at") == Ev.Text(Deadline));
    }

    [Fact]
    public async Task An_unknown_order_is_a_404_problem()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 3, 12));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        await Api.ProblemAsync(await client.GetAsync("/v1/orders/NO-SUCH-ORDER"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_monitor_counts_about_to_time_out_then_overdue_as_the_clock_moves()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 2, 12));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        await TestServer.PostEventsAsync(client, Ev.TmallNeverPickedUp("TM-1", Paid));
        Assert.Empty(await Api.ItemsAsync(client, "/v1/monitor"));

        server.Clock.Set(Paid + Duration.FromHours(41)); // past the 40 h warning, before the 48 h deadline
        await TestServer.Eventually(async () => await MonitorAsync(client) == (1, 0), "about to time out");
        Assert.Empty(await Api.ItemsAsync(client, "/v1/monitor?shop=another-shop"));

        server.Clock.Set(Deadline + Duration.FromHours(1));
        await TestServer.Eventually(async () => await MonitorAsync(client) == (0, 1), "overdue");
    }

    [Fact]
    public async Task The_ledger_charges_five_percent_of_a_never_picked_up_tmall_order()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 2, 12));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        await TestServer.PostEventsAsync(client, Ev.TmallNeverPickedUp("TM-1", Paid));

        server.Clock.Set(Deadline + Duration.FromHours(25)); // the penalty falls 24 h after the violation
        await TestServer.Eventually(() => Api.HasFindingAsync(client, "kind=penalty"), "the penalty");

        var byShop = Assert.Single(await Api.ItemsAsync(client, "/v1/ledger"));
        Assert.Equal("tm-shop-1", byShop.Str("shop"));
        Assert.Equal(1, byShop.GetProperty("penalties").GetInt32());
        Assert.Equal(10m, byShop.GetProperty("charged").GetDecimal());
        Assert.Equal(10m, byShop.GetProperty("net").GetDecimal());
        var byRule = Assert.Single(await Api.ItemsAsync(client, "/v1/ledger?by=rule"));
        Assert.Equal("tmall.pickup-timeout", byRule.Str("rule"));
        await Api.ProblemAsync(await client.GetAsync("/v1/ledger?by=moon"), HttpStatusCode.BadRequest);
    }

    /// <summary>The findings with a status, one per page, following the cursor.</summary>
    private static async Task<List<JsonElement>> StatusPagesAsync(HttpClient client, string status)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/v1/findings?status={status}&limit=1" + (cursor is null ? "" : "&cursor=" + cursor));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetRawText();
        }
        while (cursor is not null);
        return all;
    }

    private static async Task<(int AboutToTimeOut, int Overdue)> MonitorAsync(HttpClient client)
    {
        var row = (await Api.ItemsAsync(client, "/v1/monitor")).SingleOrDefault(r => r.Str("rule") == "tmall.pickup-timeout");
        return row.ValueKind == JsonValueKind.Undefined ? (0, 0) : (row.GetProperty("aboutToTimeOut").GetInt32(), row.GetProperty("overdue").GetInt32());
    }
}
