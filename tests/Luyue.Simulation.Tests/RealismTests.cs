using System.Text.RegularExpressions;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Simulation.Tests;

/// <summary>The stream looks like a real merchant's: places, platforms, prices, carriers, timings.</summary>
public partial class RealismTests
{
    private static readonly Lazy<GeneratedStream> Stream = new(() => GeneratedStream.Generate(new GeneratorOptions { Orders = 20_000, Seed = 9 }));

    private static readonly string[] Provinces =
    [
        "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省", "安徽省", "福建省",
        "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
        "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区", "台湾省",
    ];

    private static List<OrderPaid> Paid => Stream.Value.Orders.Values.Select(o => o.Paid).ToList();

    [Fact]
    public void Buyers_live_in_every_province_and_region_and_some_abroad()
    {
        var seen = Paid.Where(p => p.Buyer.Country == "CN").Select(p => p.Buyer.Province).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(Provinces.Except(seen));
        Assert.Empty(seen.Except(Provinces));
        Assert.Contains(Paid, p => p.Buyer.Country != "CN" && p.Platform == "aliexpress");
        // Guangdong, the most populous province, has far more buyers than Tibet.
        Assert.True(Paid.Count(p => p.Buyer.Province == "广东省") > 10 * Paid.Count(p => p.Buyer.Province == "西藏自治区"));
    }

    [Fact]
    public void Buyers_have_names_phones_and_full_addresses()
    {
        foreach (var buyer in Paid.Where(p => p.Buyer.Country == "CN").Select(p => p.Buyer))
        {
            Assert.Matches(ChineseName(), buyer.Name);
            Assert.Matches(Phone(), buyer.Phone);
            Assert.Matches(Address(), buyer.Address);
        }
    }

    [Fact]
    public void Every_platform_sells_with_its_own_price_level_from_a_few_hundred_shops()
    {
        var paid = Paid;
        decimal Median(string platform)
        {
            var amounts = paid.Where(p => p.Platform == platform).Select(p => p.Amount).Order().ToList();
            return amounts[amounts.Count / 2];
        }

        Assert.All(new[] { "tmall", "taote", "douyin", "1688", "aliexpress" }, platform => Assert.Contains(paid, p => p.Platform == platform));
        Assert.True(Median("1688") > Median("tmall"));
        Assert.True(Median("tmall") > Median("douyin"));
        Assert.True(Median("douyin") > Median("taote"));
        Assert.InRange(paid.Select(p => p.Shop).Distinct().Count(), 200, 500);
        Assert.All(paid, p => Assert.Equal(p.Amount, p.Items.Sum(i => i.Amount)));
        Assert.All(paid.Where(p => p.Platform == "douyin"), p => Assert.NotNull(p.ShipBy));
    }

    [Fact]
    public void Carriers_use_their_own_waybill_formats()
    {
        var formats = new Dictionary<string, Regex>(StringComparer.Ordinal)
        {
            ["zto"] = new(@"^7[358]\d{12}$"),
            ["yto"] = new(@"^YT\d{13}$"),
            ["sto"] = new(@"^77[23]\d{12}$"),
            ["yunda"] = new(@"^4[36]\d{13}$"),
            ["best"] = new(@"^(55|70)\d{13}$"),
            ["sf"] = new(@"^SF[01]\d{12}$"),
            ["jd"] = new(@"^JDV[ABC]\d{11}$"),
            ["ems"] = new(@"^((11|98)\d{11}|E[A-Z]\d{9}CN)$"),
            ["jt"] = new(@"^JT[35]\d{12}$"),
        };
        var uploads = Stream.Value.Lines.Select(l => l.Event).OfType<OrderShipped>().Where(x => x.Mode != OrderMode.None).ToList();
        Assert.Equal(formats.Keys.Order(StringComparer.Ordinal), uploads.Select(x => x.Carrier).Distinct().Order(StringComparer.Ordinal));
        Assert.All(uploads, x => Assert.Matches(formats[x.Carrier], x.Tracking));
    }

    [Fact]
    public void Scan_texts_use_each_carriers_phrasing()
    {
        var scans = Stream.Value.Lines.Select(l => l.Event).OfType<Scan>().ToList();
        Assert.Contains(scans, x => x.Carrier == "zto" && x.Text!.Contains("快件已经到达 【", StringComparison.Ordinal));
        Assert.Contains(scans, x => x.Carrier == "best" && x.Text!.StartsWith("到【", StringComparison.Ordinal));
        Assert.Contains(scans, x => x.Carrier == "best" && x.Text!.Contains("，正发往【", StringComparison.Ordinal));
        Assert.Contains(scans, x => x.Carrier == "sf" && x.Text == "顺丰速运 已收取快件");
        Assert.Contains(scans, x => x.Carrier == "zto" && x.Text!.Contains("正在第1次派件", StringComparison.Ordinal));
        Assert.Contains(scans, x => x.Text!.Contains("代收", StringComparison.Ordinal) && x.Text.Contains("丰巢", StringComparison.Ordinal));
        Assert.Contains(scans, x => x.Text!.Contains("您的快件已签收", StringComparison.Ordinal));
        Assert.Contains(scans, x => x.Text!.Contains("已揽收", StringComparison.Ordinal));
    }

    [Fact]
    public void Orders_ship_within_hours_and_arrive_in_days()
    {
        var clean = Stream.Value.Orders.Values.Where(o => o.Plan.Story is null && o.Paid.Mode == OrderMode.Express && o.Paid.Buyer.Country == "CN").ToList();
        double MedianHours(IEnumerable<Duration> durations)
        {
            var hours = durations.Select(d => d.TotalHours).Order().ToList();
            return hours[hours.Count / 2];
        }

        Assert.InRange(MedianHours(clean.Select(o => o.Shipped!.At - o.Paid.At)), 1, 12);
        Assert.InRange(MedianHours(clean.Select(o => o.Trace[0].At - o.Shipped!.At)), 1, 12);
        Assert.InRange(MedianHours(clean.Select(o => o.Trace[^1].At - o.Paid.At)), 24, 96);
    }

    [GeneratedRegex(@"^(\p{IsCJKUnifiedIdeographs}|·){2,8}$")]
    private static partial Regex ChineseName();

    [GeneratedRegex(@"^(1[35789]\d{9}|1[35789]\d\*{4}\d{4}|\+\d{3} \d{4} \d{4})$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}.*\d+号.*\d+栋\d单元\d+$")]
    private static partial Regex Address();
}
