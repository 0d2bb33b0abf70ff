using System.Text.Json;
using Luyue.Core.Scans;
using static Luyue.Core.Scans.Milestone;

namespace Luyue.Core.Tests.Scans;

/// <summary>
/// The four real traces in ../shared/data/cn-express-tracking-samples, read in their native shapes and classified
/// scan by scan with the code and source each format carries. Each row pairs a fragment of the scan's text (so the
/// table cannot drift from the file) with the milestone RULES.md §1 gives it.
/// </summary>
public class RealTraceTests
{
    private static readonly ScanVocabulary Vocabulary = ScanVocabulary.Default;

    [Fact]
    public void Yto_kuaidi100_trace_newest_first()
    {
        // Kuaidi100: dataInfo.queryTrackMapResp.data[], newest first, each with its status word.
        using var json = Read("yto_kuaidi100_trace_2021.json");
        var scans = json.RootElement.GetProperty("dataInfo").GetProperty("queryTrackMapResp").GetProperty("data")
            .EnumerateArray()
            .Select(s => (Text: s.GetProperty("context").GetString(), Code: s.GetProperty("status").GetString()))
            .ToList();

        AssertTrace(scans, "kuaidi100",
        [
            ("客户签收人: 已签收", Signed, null),
            ("快件已由济南历城区翡翠雅郡北区西门店代收", Signed, "济南历城区翡翠雅郡北区西门店"), // kuaidi100 says 在途; agent collection is signed
            ("【山东省济南市孙村公司】 已收入", Transit, "山东省济南市孙村公司"), // an outlet, not a hub
            ("派件中 派件人: 方彪", OutForDelivery, "山东省济南市孙村公司"),
            ("【济南转运中心】 已发出 下一站", HubDeparture, "济南转运中心"),
            ("【济南转运中心公司】 已收入", HubArrival, "济南转运中心公司"),
            ("【天津转运中心】 已发出 下一站", HubDeparture, "天津转运中心"),
            ("【天津转运中心公司】 已收入", HubArrival, "天津转运中心公司"),
            ("曹妃甸综合保税区公司】 已揽收", Pickup, "河北省唐山市曹妃甸综合保税区公司"),
        ]);
    }

    [Fact]
    public void Zto_kdniao_style_trace_newest_first()
    {
        // TMS wrapper: data.traces[], newest first, with KDNiao action codes and a 【city】 prefix on every text.
        using var json = Read("zto_kdniao_style_trace_2022.json");
        var scans = json.RootElement.GetProperty("data").GetProperty("traces").EnumerateArray()
            .Select(s => (Text: s.GetProperty("acceptStation").GetString(), Code: (string?)s.GetProperty("action").GetRawText()))
            .ToList();

        AssertTrace(scans, "kdniao",
        [
            ("您的快递已签收", Signed, "丰巢的索特传动设备西门丰巢柜2号柜"),
            ("快件已被【丰巢的索特传动设备西门丰巢柜2号柜", Signed, "丰巢的索特传动设备西门丰巢柜2号柜"), // locker collection
            ("正在第1次派件", OutForDelivery, "常熟天下淘宝四"),
            ("快件已经到达 【常熟天下淘宝四】", Transit, "常熟天下淘宝四"),
            ("快件离开 【昆常转运中心】 已发往 【常熟天下淘宝四】", HubDeparture, "昆常转运中心"),
            ("快件已经到达 【昆常转运中心】", HubArrival, "昆常转运中心"),
            ("快件离开 【上海浦东中心】 已发往 【昆常转运中心】", HubDeparture, "上海浦东中心"), // ZTO names its hubs XX中心
            ("快件已经到达 【上海浦东中心】", HubArrival, "上海浦东中心"),
            ("快件离开 【外高桥北部】 已发往 【上海浦东中心】", Transit, "外高桥北部"), // leaving the pickup outlet
            ("已揽收", Pickup, "外高桥北部"),
        ]);

        var cities = scans.Select(s => Vocabulary.Classify(null, s.Text, s.Code, "kdniao").City).ToList();
        Assert.Equal(["苏州市", "苏州市", "苏州市", "苏州市", "苏州市", "苏州市", "上海市", "上海市", "上海市", "上海市"], cities);
    }

    [Fact]
    public void Zto_action_codes_alone_agree_with_the_texts_they_label()
    {
        using var json = Read("zto_kdniao_style_trace_2022.json");
        var byCodeOnly = json.RootElement.GetProperty("data").GetProperty("traces").EnumerateArray()
            .Select(s => Vocabulary.Classify(null, null, s.GetProperty("action").GetRawText(), "kdniao").Milestone)
            .ToList();

        // Codes cannot tell a hub from an outlet: 2 (在途中) is transit wherever the parcel is.
        Assert.Equal([Signed, Signed, OutForDelivery, Transit, Transit, Transit, Transit, Transit, Transit, Pickup], byCodeOnly);
    }

    [Fact]
    public void Best_kdniao_trace_oldest_first()
    {
        // KDNiao instant query: data.Traces[], oldest first, text only (State is for the whole waybill).
        using var json = Read("htky_kdniao_trace_2020.json");
        var scans = json.RootElement.GetProperty("data").GetProperty("Traces").EnumerateArray()
            .Select(s => (Text: s.GetProperty("AcceptStation").GetString(), Code: (string?)null))
            .ToList();

        AssertTrace(scans, "kdniao",
        [
            ("【MKT-山东恒伊项目】已揽收", Pickup, "MKT-山东恒伊项目"),
            ("到【青岛转运中心】", HubArrival, "青岛转运中心"),
            ("【青岛转运中心】，正发往【广州番禺转运中心】", HubDeparture, "青岛转运中心"),
            ("到【广州番禺转运中心】", HubArrival, "广州番禺转运中心"),
            ("【广州番禺转运中心】，正发往【深圳转运中心】", HubDeparture, "广州番禺转运中心"),
            ("到【深圳转运中心】", HubArrival, "深圳转运中心"),
            ("【深圳转运中心】，正发往【深圳宝安区二部】", HubDeparture, "深圳转运中心"),
            ("到【深圳宝安区二部】", Transit, "深圳宝安区二部"),
            ("正在派件", OutForDelivery, "深圳宝安区二部"), // the first bracket is the courier, not the site
            ("已送达", Signed, "深圳宝安区二部"),
        ]);
    }

    [Fact]
    public void Sf_route_trace_oldest_first()
    {
        // SF route push: a bare array, oldest first, with opCode.
        using var json = Read("sf_routes_trace_2023.json");
        var scans = json.RootElement.EnumerateArray()
            .Select(s => (Text: s.GetProperty("remark").GetString(), Code: s.GetProperty("opCode").GetString()))
            .ToList();

        AssertTrace(scans, "sf",
        [
            ("顺丰速运 已收取快件", Pickup, null),
            ("快件运输中", Transit, null),
            ("快件已发往【上海浦东康桥店】", Transit, null), // names only where it is going
            ("快件在【上海浦东康桥店】完成分拣", Transit, "上海浦东康桥店"), // sorted at an outlet
            ("快件离开 【上海浦东康桥店】", Transit, "上海浦东康桥店"),
            ("快件到达 【上海浦江中转场】", HubArrival, "上海浦江中转场"),
            ("快件在【上海浦江中转场】完成分拣", HubDeparture, "上海浦江中转场"),
            ("快件离开 【上海浦江中转场】", HubDeparture, "上海浦江中转场"),
            ("快件到达 【上海金山中转场】", HubArrival, "上海金山中转场"),
            ("快件在【上海金山中转场】完成分拣", HubDeparture, "上海金山中转场"),
            ("快件离开 【上海金山中转场】", HubDeparture, "上海金山中转场"),
            ("快件到达 【佛山官窑中转场】", HubArrival, "佛山官窑中转场"),
            ("快件在【佛山官窑中转场】完成分拣", HubDeparture, "佛山官窑中转场"),
            ("快件离开 【佛山官窑中转场】", HubDeparture, "佛山官窑中转场"),
            ("快件到达 【佛山盐步中转场】", HubArrival, "佛山盐步中转场"),
            ("快件在【佛山盐步中转场】完成分拣", HubDeparture, "佛山盐步中转场"),
            ("快件离开 【佛山盐步中转场】", HubDeparture, "佛山盐步中转场"),
            ("快件到达 【佛山南海甘蕉店】", Transit, "佛山南海甘蕉店"),
            ("分配最合适的快递员", OutForDelivery, null), // generic text: opCode 44 decides
            ("正在派送途中", OutForDelivery, null),
            ("您的快件已签收", Signed, null), // 【陈啟旋，电话：…】 is the courier
        ]);
    }

    private static void AssertTrace(
        IReadOnlyList<(string? Text, string? Code)> scans,
        string source,
        (string Fragment, Milestone Milestone, string? Site)[] expected)
    {
        Assert.Equal(expected.Length, scans.Count);
        for (var i = 0; i < scans.Count; i++)
        {
            var (text, code) = scans[i];
            Assert.Contains(expected[i].Fragment, text!, StringComparison.Ordinal);
            var actual = Vocabulary.Classify(null, text, code, source);
            Assert.True(
                (expected[i].Milestone, expected[i].Site) == (actual.Milestone, actual.Site),
                $"scan {i} \"{text}\" (code {code}): expected {expected[i].Milestone.ToText()} at {expected[i].Site ?? "-"}, got {actual.Milestone.ToText()} at {actual.Site ?? "-"}");
        }
    }

    private static JsonDocument Read(string file) =>
        JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("data", "cn-express-tracking-samples", file)));
}
