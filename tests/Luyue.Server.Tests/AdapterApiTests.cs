using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Luyue.Adapters;

namespace Luyue.Server.Tests;

/// <summary>
/// POST /v1/adapters/*: carrier pushes and the order spreadsheet reach the engine through the same ingestion as
/// /v1/events; signatures are checked when the tenant has a secret configured; a repeated push is all duplicates.
/// </summary>
public class AdapterApiTests
{
    private const string Tenant = "feeds";
    private const string Salt = "k100-salt";
    private const string AppKey = "kdn-app-key";
    private const string AfterShipSecret = "as-secret";

    private static readonly string[] Secrets =
    [
        $"--Luyue:Adapters:{Tenant}:Kuaidi100Salt={Salt}",
        $"--Luyue:Adapters:{Tenant}:KdniaoAppKey={AppKey}",
        $"--Luyue:Adapters:{Tenant}:AfterShipSecret={AfterShipSecret}",
    ];

    private static async Task<(OwnedServer Server, string Key)> StartAsync()
    {
        var server = await OwnedServer.StartAsync(Ev.Cst(2021, 6, 20, 0), Secrets);
        using var admin = server.Client(server.Server.AdminKey);
        (await admin.PostAsJsonAsync("/v1/tenants", new { name = "Feeds", id = Tenant })).EnsureSuccessStatusCode();
        var key = await Api.ReadAsync((await admin.PostAsJsonAsync($"/v1/tenants/{Tenant}/keys", new { role = "merchant" })).EnsureSuccessStatusCode());
        return (server, key.Str("key"));
    }

    /// <summary>The real YTO trace as a Kuaidi100 push param.</summary>
    private static string YtoParam()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "..", "shared", "data", "cn-express-tracking-samples", "yto_kuaidi100_trace_2021.json")))!;
        return new JsonObject { ["status"] = "polling", ["message"] = "", ["lastResult"] = file["dataInfo"]!["queryTrackMapResp"]!.DeepClone() }.ToJsonString();
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [Fact]
    public async Task A_signed_kuaidi100_push_is_stored_once_and_an_unsigned_one_is_refused()
    {
        var (server, key) = await StartAsync();
        await using var _ = server;
        using var anonymous = server.Client(); // the carrier: a bare callback URL with ?key=
        var url = $"/v1/adapters/kuaidi100?key={Api.Q(key)}";
        var param = YtoParam();

        await Api.ProblemAsync(await anonymous.PostAsync(url, Form(("param", param))), HttpStatusCode.Unauthorized);
        await Api.ProblemAsync(await anonymous.PostAsync(url, Form(("param", param), ("sign", "0123"))), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/v1/adapters/kuaidi100", Form(("param", param)))).StatusCode);

        var sign = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(param + Salt))).ToLowerInvariant(); // either case
        var first = await Api.ReadAsync((await anonymous.PostAsync(url, Form(("param", param), ("sign", sign)))).EnsureSuccessStatusCode());
        Assert.True(first.GetProperty("result").GetBoolean());
        Assert.Equal("200", first.Str("returnCode"));
        // The refused pushes stored nothing: all nine scans are new now, and all are duplicates the second time.
        Assert.Equal((9, 0), (first.GetProperty("import").GetProperty("accepted").GetInt32(), first.GetProperty("import").GetProperty("duplicate").GetInt32()));
        var again = await Api.ReadAsync((await anonymous.PostAsync(url, Form(("param", param), ("sign", sign)))).EnsureSuccessStatusCode());
        Assert.Equal((0, 9), (again.GetProperty("import").GetProperty("accepted").GetInt32(), again.GetProperty("import").GetProperty("duplicate").GetInt32()));
    }

    [Fact]
    public async Task Spreadsheet_orders_and_pushed_scans_meet_in_the_engine()
    {
        var (server, key) = await StartAsync();
        await using var _ = server;
        using var client = server.Client(key);
        const string csv = "order,paid_at,platform,shop,amount,buyer_province,buyer_city,shipped_at,carrier,tracking\n"
                           + "TM-Y1,2021-06-13 09:00:00,tmall,shop-1,99.00,山东省,济南市,2021-06-13 11:00:00,圆通,YT5555508965056\n";
        var imported = await Api.ReadAsync((await client.PostAsync("/v1/adapters/csv", new StringContent(csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode());
        Assert.Equal(2, imported.GetProperty("accepted").GetInt32());

        var param = YtoParam();
        var sign = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(param + Salt)));
        (await client.PostAsync("/v1/adapters/kuaidi100", Form(("param", param), ("sign", sign)))).EnsureSuccessStatusCode();

        List<string> milestones = [];
        await TestServer.Eventually(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/v1/orders/TM-Y1");
            var shipment = page.GetProperty("order").GetProperty("shipments").EnumerateArray().Single();
            milestones = shipment.GetProperty("scans").EnumerateArray().Select(s => s.Str("milestone")).ToList();
            return milestones.Count == 9;
        }, "the pushed scans on the spreadsheet's order");
        Assert.Equal(["pickup", "hub-arrival", "hub-departure", "hub-arrival", "hub-departure", "out-for-delivery", "transit", "signed", "signed"], milestones);
    }

    [Fact]
    public async Task A_kdniao_push_needs_its_datasign_and_is_acknowledged_the_kdniao_way()
    {
        var (server, key) = await StartAsync();
        await using var _ = server;
        using var client = server.Client(key);
        const string requestData = """
            {"EBusinessID":"1151847","PushTime":"2021-06-14 18:00:00","Count":"1","Data":[{"ShipperCode":"HTKY","LogisticCode":"557020683421114","State":"2",
             "Traces":[{"AcceptTime":"2020-08-22 19:19:16","AcceptStation":"【MKT-山东恒伊项目】已揽收","Action":"1"}]}]}
            """;
        var sign = Convert.ToBase64String(Encoding.UTF8.GetBytes(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(requestData + AppKey)))));

        await Api.ProblemAsync(await client.PostAsync("/v1/adapters/kdniao", Form(("RequestData", requestData), ("DataSign", "bm9wZQ=="), ("RequestType", "101"))),
            HttpStatusCode.Unauthorized);
        var answer = await Api.ReadAsync((await client.PostAsync("/v1/adapters/kdniao", Form(("RequestData", requestData), ("DataSign", sign), ("RequestType", "101"))))
            .EnsureSuccessStatusCode());

        Assert.True(answer.GetProperty("Success").GetBoolean()); // KDNiao's own field names
        Assert.Equal("1151847", answer.Str("EBusinessID"));
        Assert.Equal("2021-06-20 00:00:00", answer.Str("UpdateTime")); // the server's clock, China time
        Assert.Equal(1, answer.GetProperty("import").GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task An_aftership_webhook_needs_its_hmac_and_a_tenant_without_a_secret_takes_it_unsigned()
    {
        var (server, key) = await StartAsync();
        await using var _ = server;
        using var client = server.Client(key);
        const string body = """
            {"event":"tracking_update","msg":{"tracking_number":"SF1400000000001","slug":"sf","tag":"InTransit",
             "checkpoints":[{"checkpoint_time":"2021-06-14T10:00:00+08:00","message":"Acceptance scan","tag":"InTransit","subtag":"InTransit_002"}]}}
            """;
        var mac = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AfterShipSecret), Encoding.UTF8.GetBytes(body)));

        await Api.ProblemAsync(await client.PostAsync("/v1/adapters/aftership", Api.JsonContent(body)), HttpStatusCode.Unauthorized);
        using var signed = new HttpRequestMessage(HttpMethod.Post, "/v1/adapters/aftership") { Content = Api.JsonContent(body) };
        signed.Headers.Add("aftership-hmac-sha256", mac);
        var result = await Api.ReadAsync((await client.SendAsync(signed)).EnsureSuccessStatusCode());
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());

        var (_, other, _) = await server.TenantAsync("no-secrets");
        using var otherClient = server.Client(other);
        var unsigned = await Api.ReadAsync((await otherClient.PostAsync("/v1/adapters/aftership", Api.JsonContent(body))).EnsureSuccessStatusCode());
        Assert.Equal(1, unsigned.GetProperty("accepted").GetInt32()); // its own tenant: not a duplicate of the first
    }

    [Fact]
    public async Task Spreadsheet_rows_are_refused_by_row_and_column_and_strict_refuses_the_whole_file()
    {
        var (server, key) = await StartAsync();
        await using var _ = server;
        using var client = server.Client(key);
        const string csv = "order,paid_at,platform,shop,amount\nC1,2024-06-01 09:00:00,tmall,s,10\nC2,2024-06-01 09:00:00,tmall,s,lots\n";

        var strict = await Api.ProblemAsync(await client.PostAsync("/v1/adapters/csv?strict=true", new StringContent(csv, Encoding.UTF8, "text/csv")),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("row 3, amount", strict.Str("detail"), StringComparison.Ordinal);

        var lenient = await Api.ReadAsync((await client.PostAsync("/v1/adapters/csv", new StringContent(csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode());
        Assert.Equal(1, lenient.GetProperty("accepted").GetInt32()); // C1 only: the strict attempt stored nothing
        var refused = Assert.Single(lenient.GetProperty("refused").EnumerateArray());
        Assert.Equal(("row 3", "amount"), (refused.Str("location"), refused.Str("field")));
    }
}
