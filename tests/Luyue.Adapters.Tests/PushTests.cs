using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Luyue.Core.Events;
using Luyue.Core.Scans;
using static Luyue.Core.Scans.Milestone;

namespace Luyue.Adapters.Tests;

/// <summary>Carrier pushes as they arrive: their signatures, their repeats, their status, and the vocabulary they share.</summary>
public class PushTests
{
    private static readonly Feeds Feeds = Feeds.Default;

    /// <summary>A Kuaidi100 push param built from the real YTO result, keeping the newest <paramref name="scans"/> scans.</summary>
    private static string Kuaidi100Param(int scans, string status = "polling")
    {
        var file = JsonNode.Parse(File.ReadAllText(SharedData.Sample("yto_kuaidi100_trace_2021.json")))!;
        var result = file["dataInfo"]!["queryTrackMapResp"]!.DeepClone();
        var data = result["data"]!.AsArray();
        while (data.Count > scans)
        {
            data.RemoveAt(0); // newest first: dropping from the front keeps the oldest, as an earlier push had them
        }

        return new JsonObject { ["status"] = status, ["billstatus"] = "check", ["message"] = "", ["lastResult"] = result }.ToJsonString();
    }

    [Fact]
    public void Kuaidi100_sign_is_md5_of_param_and_salt_in_upper_case_hex()
    {
        // MD5("ab") = 187ef4436122d1cc2f40dc2b92f0eba0
        Assert.Equal("187EF4436122D1CC2F40DC2B92F0EBA0", Signatures.Kuaidi100("a", "b"));
        Assert.True(Signatures.Matches("187ef4436122d1cc2f40dc2b92f0eba0", Signatures.Kuaidi100("a", "b"), ignoreCase: true));
        Assert.False(Signatures.Matches("187EF4436122D1CC2F40DC2B92F0EBA1", Signatures.Kuaidi100("a", "b"), ignoreCase: true));
        Assert.False(Signatures.Matches(null, Signatures.Kuaidi100("a", "b"), ignoreCase: true));
    }

    [Fact]
    public void Kdniao_datasign_is_base64_of_the_lower_case_md5_hex()
    {
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes("187ef4436122d1cc2f40dc2b92f0eba0"));
        Assert.Equal(expected, Signatures.Kdniao("a", "b"));
    }

    [Fact]
    public void AfterShip_signature_is_base64_hmac_sha256_of_the_body()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        var mac = Convert.FromBase64String(Signatures.AfterShip("what do ya want for nothing?"u8, "Jefe"));
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void A_kuaidi100_push_repeats_history_and_repeated_scans_keep_their_ids()
    {
        var first = Feeds.Kuaidi100.FromPushParam(Kuaidi100Param(4));
        var second = Feeds.Kuaidi100.FromPushParam(Kuaidi100Param(9));

        Assert.Equal("polling", first.Status);
        Assert.Equal(4, first.Imported.Events.Count);
        Assert.Equal(9, second.Imported.Events.Count);
        var firstIds = first.Imported.Events.Select(e => e.Id).ToHashSet();
        // The four scans of the first push come again in the second, with the same ids: the engine ignores them.
        Assert.Equal(4, second.Imported.Events.Count(e => firstIds.Contains(e.Id)));
    }

    [Fact]
    public void A_kuaidi100_abort_is_noted_and_a_push_without_lastResult_is_refused()
    {
        var abort = Feeds.Kuaidi100.FromPushParam(Kuaidi100Param(1, "abort").Replace("\"message\":\"\"", "\"message\":\"3天查询无记录\"", StringComparison.Ordinal));
        Assert.Equal("abort", abort.Status);
        Assert.Contains(abort.Imported.Notes, n => n.Contains("3天查询无记录", StringComparison.Ordinal));

        var empty = Feeds.Kuaidi100.FromPushParam("""{"status":"abort","message":"3天查询无记录","lastResult":{"com":"yuantong","nu":"YT1","state":"0"}}""");
        Assert.Equal(("abort", 0, 0), (empty.Status, empty.Imported.Events.Count, empty.Imported.Errors.Count));

        var missing = Feeds.Kuaidi100.FromPushParam("""{"status":"polling"}""");
        Assert.Equal("lastResult", Assert.Single(missing.Imported.Errors).Field);

        var garbage = Feeds.Kuaidi100.FromPushParam("not json");
        Assert.Equal("param", Assert.Single(garbage.Imported.Errors).Field);
    }

    [Fact]
    public void A_scan_has_one_id_whichever_aggregator_delivers_it()
    {
        // The same YTO scan through Kuaidi100 (com yuantong) and KDNiao (ShipperCode YTO): one carrier code, one id.
        var viaKuaidi100 = Feeds.Kuaidi100.FromPushParam(Kuaidi100Param(1)).Imported.Events.Single();
        var scan = (Scan)viaKuaidi100;
        var requestData = new JsonObject
        {
            ["EBusinessID"] = "1151847",
            ["Count"] = "1",
            ["Data"] = new JsonArray(new JsonObject
            {
                ["ShipperCode"] = "YTO",
                ["LogisticCode"] = scan.Tracking,
                ["State"] = "3",
                ["Traces"] = new JsonArray(new JsonObject { ["AcceptTime"] = scan.At.InZone(LocalTimes.China).ToString("uuuu-MM-dd HH:mm:ss", null), ["AcceptStation"] = scan.Text, ["Action"] = "301" }),
            }),
        }.ToJsonString();
        var viaKdniao = (Scan)Feeds.Kdniao.FromRequestData(requestData).Events.Single();

        Assert.Equal(("yto", "yto"), (scan.Carrier, viaKdniao.Carrier));
        Assert.Equal(scan.Id, viaKdniao.Id);
        Assert.Equal(("kuaidi100", "kdniao"), (scan.Source, viaKdniao.Source));
    }

    [Fact]
    public void A_kdniao_push_carries_several_waybills_and_names_bad_traces()
    {
        const string requestData = """
            {"EBusinessID":"1151847","PushTime":"2024-06-01 10:00:00","Count":"2","Data":[
              {"ShipperCode":"ZTO","LogisticCode":"7310001","State":"2","StateEx":"201","Success":true,"Traces":[
                {"AcceptTime":"2024-06-01 08:00:00","AcceptStation":"【杭州市】 已揽收","Location":"杭州市","Action":"1"},
                {"AcceptTime":"yesterday","AcceptStation":"快件已经到达 【杭州中心】","Action":"2"}]},
              {"ShipperCode":"SF","LogisticCode":"SF0002","Success":false,"Reason":"暂无轨迹信息","Traces":[]}]}
            """;
        var imported = Feeds.Kdniao.FromRequestData(requestData);

        var scan = (Scan)Assert.Single(imported.Events);
        Assert.Equal(("zto", "7310001", "1", "杭州市"), (scan.Carrier, scan.Tracking, scan.Code, scan.City));
        var error = Assert.Single(imported.Errors);
        Assert.Equal(("Data[0].Traces[1]", "AcceptTime"), (error.Location, error.Field));
        Assert.Contains(imported.Notes, n => n.Contains("暂无轨迹信息", StringComparison.Ordinal));
    }

    [Fact]
    public void An_aftership_webhook_maps_tags_and_subtags_and_leaves_out_info_received()
    {
        var body = """
            {"event":"tracking_update","msg":{"id":"abc","tracking_number":"YT9000000000001","slug":"yto","tag":"Delivered","subtag":"Delivered_001",
             "checkpoints":[
               {"checkpoint_time":"2024-06-01T08:00:00+08:00","message":"Shipment information received","tag":"InfoReceived","subtag":"InfoReceived_001"},
               {"checkpoint_time":"2024-06-01T10:00:00+08:00","message":"Acceptance scan","city":"Hangzhou","state":"Zhejiang","country_iso3":"CHN","tag":"InTransit","subtag":"InTransit_002"},
               {"checkpoint_time":"2024-06-01T20:00:00","message":"Departure scan","tag":"InTransit","subtag":"InTransit_007"},
               {"checkpoint_time":"2024-06-02T09:00:00+08:00","message":"Out for delivery","tag":"OutForDelivery","subtag":"OutForDelivery_001"},
               {"checkpoint_time":"2024-06-02T11:00:00+08:00","message":"Parcel is available for pickup at the locker","tag":"AvailableForPickup","subtag":"AvailableForPickup_001"},
               {"checkpoint_time":"2024-06-02T18:00:00+08:00","message":"Delivered","tag":"Delivered","subtag":"Delivered_001"}]}}
            """;
        var imported = Feeds.AfterShip.FromBody(Encoding.UTF8.GetBytes(body));

        Assert.Empty(imported.Errors);
        var scans = imported.Events.Cast<Scan>().ToList();
        Assert.Equal(["InTransit_002", "InTransit", "OutForDelivery", "AvailableForPickup", "Delivered"], scans.Select(s => s.Code));
        Assert.Equal([Pickup, Transit, OutForDelivery, Signed, Signed],
            scans.Select(s => ScanVocabulary.Default.Classify(s.Kind, s.Text, s.Code, s.Source, s.Site).Milestone));
        Assert.Equal("2024-06-01T20:00:00+08:00", InstantText.Format(scans[1].At, NodaTime.Offset.FromHours(8))); // no offset: China time
        Assert.All(scans, s => Assert.Equal("yto", s.Carrier));
        Assert.Single(imported.Notes); // one InfoReceived left out
    }

    [Fact]
    public void An_aftership_checkpoint_without_a_readable_time_is_refused_by_place()
    {
        var imported = Feeds.AfterShip.FromBody("""{"msg":{"tracking_number":"1","slug":"sf","checkpoints":[{"checkpoint_time":"soon","tag":"InTransit"}]}}"""u8);
        var error = Assert.Single(imported.Errors);
        Assert.Equal(("$.msg.checkpoints[0]", "checkpoint_time"), (error.Location, error.Field));
    }

    [Fact]
    public void A_callback_body_saved_as_it_arrived_imports_like_its_json()
    {
        var param = Kuaidi100Param(9);
        var form = "param=" + Uri.EscapeDataString(param) + "&sign=" + Signatures.Kuaidi100(param, "salt");

        var fromForm = Feeds.FromText("kuaidi100", form, ImportOptions.None);
        var fromJson = Feeds.FromText("kuaidi100", param, ImportOptions.None);

        Assert.Equal(9, fromForm.Events.Count);
        Assert.Equal(fromJson.Events.Select(e => e.Id), fromForm.Events.Select(e => e.Id));
    }

    [Fact]
    public void An_sf_route_push_names_its_waybills()
    {
        const string push = """
            {"Body":{"WaybillRoute":[
              {"mailno":"SF1011","acceptTime":"2023-11-04 10:30:56","acceptAddress":"上海市","remark":"顺丰速运 已收取快件","opCode":"54"},
              {"mailno":"SF1011","acceptTime":"2023-11-06 07:58:31","acceptAddress":"佛山市","remark":"您的快件已签收","opCode":"80"},
              {"mailno":"SF2022","acceptTime":"2023-11-05 09:00:00","remark":"快件到达 【佛山官窑中转场】","opCode":"31"}]}}
            """;
        var imported = Feeds.FromText("sf", push, ImportOptions.None);

        Assert.Empty(imported.Errors);
        var scans = imported.Events.Cast<Scan>().ToList();
        Assert.Equal([("SF1011", "上海市"), ("SF2022", null), ("SF1011", "佛山市")], scans.Select(s => (s.Tracking, s.City)));
        Assert.Equal([Pickup, HubArrival, Signed], scans.Select(s => ScanVocabulary.Default.Classify(s.Kind, s.Text, s.Code, s.Source, s.Site).Milestone));
    }

    [Fact]
    public void Carrier_spellings_of_every_feed_meet_in_one_vocabulary()
    {
        var carriers = CarrierVocabulary.Default;
        Assert.All(new[] { "yuantong", "YTO", "圆通" }, s => Assert.Equal("yto", carriers.Normalize(s)));
        Assert.All(new[] { "zhongtong", "ZTO", "ZTO001" }, s => Assert.Equal("zto", carriers.Normalize(s)));
        Assert.All(new[] { "huitongkuaidi", "HTKY" }, s => Assert.Equal("best", carriers.Normalize(s)));
        Assert.All(new[] { "shunfeng", "SF" }, s => Assert.Equal("sf", carriers.Normalize(s)));
        using var doc = JsonDocument.Parse("""{"com":"shunfeng","nu":"SF1","data":[{"ftime":"2024-06-01 10:00:00","context":"已收取快件"}]}""");
        Assert.Equal("sf", ((Scan)Feeds.Kuaidi100.FromJson(doc.RootElement, ImportOptions.None).Events.Single()).Carrier);
    }
}
