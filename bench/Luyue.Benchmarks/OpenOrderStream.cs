using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Benchmarks;

/// <summary>
/// Orders that stay open: each is paid, shipped and scanned a few times within a few hours, so that every deadline
/// (24 h and longer in every pack) is still ahead when the stream ends and nothing settles. Ids, tracking numbers,
/// shops and scan texts have the shapes of <c>luyue generate</c>'s (19-digit order ids, <c>{order}-NN</c> event ids,
/// per-carrier waybill formats, 350-odd shops, ZTO-style texts), because what an open order costs depends on them.
/// Events come in event-time order, as a live feed would send them. Deterministic for a given seed.
/// </summary>
internal sealed class OpenOrderStream(int orders, int scansPerOrder, int seed)
{
    private static readonly Instant Start = Instant.FromUtc(2024, 6, 1, 0, 0);

    // 1,000,000 orders are paid within about an hour and a half; the last scan is a few hours after that.
    private static readonly Duration Spacing = Duration.FromMilliseconds(5);
    private static readonly Duration ShippedAfter = Duration.FromMinutes(30);
    private static readonly Duration FirstScanAfter = Duration.FromHours(2);
    private static readonly Duration BetweenScans = Duration.FromHours(1);

    private static readonly (string Platform, string ShopPrefix, double Weight)[] Platforms =
        [("tmall", "tm", 0.30), ("taote", "tt", 0.20), ("douyin", "dy", 0.30), ("1688", "al", 0.17), ("aliexpress", "ae", 0.03)];

    private static readonly (string Carrier, string Prefix, int Digits)[] Carriers =
        [("zto", "78", 12), ("yto", "YT", 13), ("yunda", "46", 13), ("jt", "JT", 13), ("sto", "77", 13), ("sf", "SF", 13), ("jd", "JDVA", 11), ("best", "55", 13)];

    private static readonly (string Province, string City, string District, string Hub)[] Places =
    [
        ("浙江省", "杭州市", "余杭区", "杭州转运中心"), ("江苏省", "苏州市", "吴中区", "苏州转运中心"), ("广东省", "广州市", "白云区", "广州转运中心"),
        ("广东省", "深圳市", "龙岗区", "深圳转运中心"), ("上海市", "上海市", "浦东新区", "上海转运中心"), ("北京市", "北京市", "朝阳区", "北京转运中心"),
        ("河南省", "郑州市", "中原区", "郑州转运中心"), ("四川省", "成都市", "武侯区", "成都转运中心"), ("湖北省", "武汉市", "洪山区", "武汉转运中心"),
        ("山东省", "济南市", "历下区", "济南转运中心"), ("福建省", "泉州市", "丰泽区", "泉州转运中心"), ("天津市", "天津市", "和平区", "天津转运中心"),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "晨晨"];
    private static readonly string[] Roads = ["人民路", "中山路", "长江路", "解放路", "文化路", "建设路"];
    private static readonly string[] Estates = ["幸福里", "书香门第", "翠苑小区", "和谐家园", "怡景苑"];
    private const int Shops = 350;

    public int Orders => orders;

    /// <summary>Every event of the stream, in event-time order.</summary>
    public IEnumerable<FulfilmentEvent> Events()
    {
        // Order i's step s happens at Start + i·Spacing + Offset(s): a merge of arithmetic sequences, one per step.
        var steps = 2 + scansPerOrder;
        var next = new int[steps];
        var random = new Random(seed);
        var pending = new Order[orders]; // filled as payments happen, dropped after the last step
        while (true)
        {
            var step = -1;
            var at = Instant.MaxValue;
            for (var s = 0; s < steps; s++)
            {
                if (next[s] < orders && TimeOf(next[s], s) < at)
                {
                    step = s;
                    at = TimeOf(next[s], s);
                }
            }

            if (step < 0)
            {
                yield break;
            }

            var i = next[step]++;
            if (step == 0)
            {
                pending[i] = NewOrder(random, i);
            }

            yield return EventOf(pending[i], step, at);
            if (step == steps - 1)
            {
                pending[i] = null!;
            }
        }
    }

    private static Instant TimeOf(int order, int step) => Start + Spacing * order + Offset(step);

    private static Duration Offset(int step) => step switch
    {
        0 => Duration.Zero,
        1 => ShippedAfter,
        _ => FirstScanAfter + BetweenScans * (step - 2),
    };

    private sealed record Order(string Id, string Platform, string Shop, decimal Amount, Party Buyer, Party Seller,
        string Carrier, string Tracking, int Origin);

    private static Order NewOrder(Random random, int index)
    {
        var (platform, shopPrefix) = Pick(random);
        var buyer = Places[random.Next(Places.Length)];
        var origin = random.Next(Places.Length);
        var carrier = Carriers[random.Next(Carriers.Length)];
        var name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];
        var address = $"{buyer.District}{Roads[random.Next(Roads.Length)]}{random.Next(1, 400)}号{Estates[random.Next(Estates.Length)]}"
                      + $"{random.Next(1, 30)}栋{random.Next(1, 5)}单元{random.Next(1, 30)}0{random.Next(1, 9)}";
        return new Order(
            Id: (1_800_000_000_000_000_000L + (long)index * 7_919_113 + random.NextInt64(0, 7_919_113)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Platform: platform,
            Shop: $"{shopPrefix}-{random.Next(Shops) * 2_857 % 1_000_000:D6}",
            Amount: random.Next(5, 999) + 0.90m,
            Buyer: new Party(name, $"1{random.Next(30, 99)}****{random.Next(10_000):D4}", buyer.Province, buyer.City, address, "CN"),
            Seller: new Party(null, null, Places[origin].Province, Places[origin].City, null, "CN"),
            Carrier: carrier.Carrier,
            Tracking: carrier.Prefix + Digits(random, carrier.Digits),
            Origin: origin);
    }

    private static (string Platform, string ShopPrefix) Pick(Random random)
    {
        var x = random.NextDouble();
        foreach (var (platform, prefix, weight) in Platforms)
        {
            if ((x -= weight) < 0)
            {
                return (platform, prefix);
            }
        }

        return (Platforms[0].Platform, Platforms[0].ShopPrefix);
    }

    private static string Digits(Random random, int count) =>
        string.Create(count, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + r.Next(10));
            }
        });

    private static FulfilmentEvent EventOf(Order o, int step, Instant at)
    {
        var id = $"{o.Id}-{step:D2}";
        if (step == 0)
        {
            // Douyin orders carry a promised ship time, as the generator's do.
            Instant? shipBy = o.Platform == "douyin" ? at + Duration.FromHours(48) : null;
            return new OrderPaid(id, at, o.Platform, o.Shop, o.Id, o.Amount,
                [new OrderItem((600_000_000_000L + o.Amount.GetHashCode()).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, o.Amount)],
                o.Buyer, o.Seller, shipBy, OrderMode.Express, [], null);
        }

        if (step == 1)
        {
            return new OrderShipped(id, at, o.Id, o.Carrier, o.Tracking, OrderMode.Express);
        }

        var (province, city, district, hub) = Places[o.Origin];
        var outlet = city[..^1] + district[..^1];
        var text = (step - 2) switch
        {
            0 => $"【{city}】 【{outlet}】（17{step}****6897） 的 陆晨（153****7548） 已揽收",
            1 => $"【{city}】 快件已经到达 【{hub}】",
            2 => $"【{city}】 快件离开 【{hub}】 已发往 【{Places[(o.Origin + 1) % Places.Length].Hub}】",
            _ => $"【{city}】 快件离开 【{hub}】 已发往 【{Places[(o.Origin + 1) % Places.Length].Hub}】 运输中",
        };
        var site = step == 2 ? outlet : hub;
        return new Scan(id, at, o.Carrier, o.Tracking, null, text, null, null, province, city, site, null, null);
    }
}
