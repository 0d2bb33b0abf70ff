using Luyue.Core.Events;
using Luyue.Core.Scans;
using static Luyue.Core.Scans.Milestone;

namespace Luyue.Adapters.Tests;

/// <summary>
/// The four real traces of ../shared/data/cn-express-tracking-samples imported by their adapters: every scan comes out,
/// oldest first, under the carrier vocabulary's code, and the engine's classifier gives each the milestone RULES §1
/// does, from the text, code and source the adapter passed on. Each row pairs a fragment of the scan's text with its
/// milestone, so the table cannot drift from the file.
/// </summary>
public class RealSampleImportTests
{
    private static readonly Feeds Feeds = Feeds.Default;

    [Fact]
    public void Yto_through_kuaidi100()
    {
        var imported = Feeds.FromPath("kuaidi100", SharedData.Sample("yto_kuaidi100_trace_2021.json"), ImportOptions.None);

        AssertScans(imported, "yto", "YT5555508965056", "kuaidi100",
        [
            ("曹妃甸综合保税区公司】 已揽收", Pickup),
            ("【天津转运中心公司】 已收入", HubArrival),
            ("【天津转运中心】 已发出 下一站", HubDeparture),
            ("【济南转运中心公司】 已收入", HubArrival),
            ("【济南转运中心】 已发出 下一站", HubDeparture),
            ("派件中 派件人: 方彪", OutForDelivery),
            ("【山东省济南市孙村公司】 已收入", Transit),
            ("快件已由济南历城区翡翠雅郡北区西门店代收", Signed), // Kuaidi100 says 在途; collection by an agent is signed
            ("客户签收人: 已签收", Signed),
        ]);
        var pickup = (Scan)imported.Events[0];
        Assert.Equal(("河北", "唐山市"), (pickup.Province, pickup.City)); // from areaName "河北,唐山市,曹妃甸区"
        Assert.Equal("2021-06-13T13:03:42+08:00", InstantText.Format(pickup.At, NodaTime.Offset.FromHours(8)));
    }

    [Fact]
    public void Best_express_through_kdniao()
    {
        var imported = Feeds.FromPath("kdniao", SharedData.Sample("htky_kdniao_trace_2020.json"), ImportOptions.None);

        AssertScans(imported, "best", "557020683421114", "kdniao",
        [
            ("【MKT-山东恒伊项目】已揽收", Pickup),
            ("到【青岛转运中心】", HubArrival),
            ("【青岛转运中心】，正发往【广州番禺转运中心】", HubDeparture),
            ("到【广州番禺转运中心】", HubArrival),
            ("【广州番禺转运中心】，正发往【深圳转运中心】", HubDeparture),
            ("到【深圳转运中心】", HubArrival),
            ("【深圳转运中心】，正发往【深圳宝安区二部】", HubDeparture),
            ("到【深圳宝安区二部】", Transit),
            ("正在派件", OutForDelivery),
            ("已送达", Signed),
        ]);
    }

    [Fact]
    public void Zto_tms_copy_of_kdniao_newest_first_comes_out_oldest_first()
    {
        var imported = Feeds.FromPath("kdniao", SharedData.Sample("zto_kdniao_style_trace_2022.json"), ImportOptions.None);

        // ZTO001 is the TMS's spelling; the number is masked in the source file and kept as it is.
        AssertScans(imported, "zto", "73190****02532", "kdniao",
        [
            ("已揽收", Pickup),
            ("快件离开 【外高桥北部】 已发往 【上海浦东中心】", Transit), // leaving the pickup outlet
            ("快件已经到达 【上海浦东中心】", HubArrival),
            ("快件离开 【上海浦东中心】 已发往 【昆常转运中心】", HubDeparture),
            ("快件已经到达 【昆常转运中心】", HubArrival),
            ("快件离开 【昆常转运中心】 已发往 【常熟天下淘宝四】", HubDeparture),
            ("快件已经到达 【常熟天下淘宝四】", Transit),
            ("正在第1次派件", OutForDelivery),
            ("快件已被【丰巢的索特传动设备西门丰巢柜2号柜", Signed), // locker collection
            ("您的快递已签收", Signed),
        ]);
        Assert.All(imported.Events.Cast<Scan>(), s => Assert.NotNull(s.Code)); // the action codes travel with the scans
        Assert.Equal(["上海市", "苏州市"], imported.Events.Cast<Scan>().Select(s => s.City).Distinct());
    }

    [Fact]
    public void Sf_route_list_takes_its_number_from_the_caller()
    {
        var path = SharedData.Sample("sf_routes_trace_2023.json");
        var unnamed = Feeds.FromPath("sf", path, ImportOptions.None);
        Assert.Empty(unnamed.Events);
        Assert.Contains("--tracking", Assert.Single(unnamed.Errors).Reason, StringComparison.Ordinal);

        var imported = Feeds.FromPath("sf", path, new ImportOptions(Tracking: "SF1400000000001"));
        AssertScans(imported, "sf", "SF1400000000001", "sf",
        [
            ("顺丰速运 已收取快件", Pickup),
            ("快件运输中", Transit),
            ("快件已发往【上海浦东康桥店】", Transit),
            ("快件在【上海浦东康桥店】完成分拣", Transit),
            ("快件离开 【上海浦东康桥店】", Transit),
            ("快件到达 【上海浦江中转场】", HubArrival),
            ("快件在【上海浦江中转场】完成分拣", HubDeparture),
            ("快件离开 【上海浦江中转场】", HubDeparture),
            ("快件到达 【上海金山中转场】", HubArrival),
            ("快件在【上海金山中转场】完成分拣", HubDeparture),
            ("快件离开 【上海金山中转场】", HubDeparture),
            ("快件到达 【佛山官窑中转场】", HubArrival),
            ("快件在【佛山官窑中转场】完成分拣", HubDeparture),
            ("快件离开 【佛山官窑中转场】", HubDeparture),
            ("快件到达 【佛山盐步中转场】", HubArrival),
            ("快件在【佛山盐步中转场】完成分拣", HubDeparture),
            ("快件离开 【佛山盐步中转场】", HubDeparture),
            ("快件到达 【佛山南海甘蕉店】", Transit),
            ("分配最合适的快递员", OutForDelivery), // generic text: opCode 44 decides
            ("正在派送途中", OutForDelivery),
            ("您的快件已签收", Signed),
        ]);
    }

    [Fact]
    public void Every_scan_of_a_sample_gets_an_id_of_its_own()
    {
        var imported = Feeds.FromPath("sf", SharedData.Sample("sf_routes_trace_2023.json"), new ImportOptions(Tracking: "SF1"));
        Assert.Equal(imported.Events.Count, imported.Events.Select(e => e.Id).Distinct().Count());
    }

    private static void AssertScans(Imported imported, string carrier, string tracking, string source, (string Fragment, Milestone Milestone)[] expected)
    {
        Assert.Empty(imported.Errors);
        var scans = imported.Events.Cast<Scan>().ToList();
        Assert.Equal(expected.Length, scans.Count);
        for (var i = 0; i < scans.Count; i++)
        {
            var scan = scans[i];
            Assert.Equal((carrier, tracking, source), (scan.Carrier, scan.Tracking, scan.Source));
            Assert.Null(scan.Kind); // the engine classifies, as it does any scan
            Assert.Contains(expected[i].Fragment, scan.Text!, StringComparison.Ordinal);
            var actual = ScanVocabulary.Default.Classify(scan.Kind, scan.Text, scan.Code, scan.Source, scan.Site).Milestone;
            Assert.True(expected[i].Milestone == actual, $"scan {i} \"{scan.Text}\" (code {scan.Code}): expected {expected[i].Milestone.ToText()}, got {actual.ToText()}");
            if (i > 0)
            {
                Assert.True(scans[i - 1].At <= scan.At, $"scan {i} is earlier than the one before it");
            }
        }
    }
}
