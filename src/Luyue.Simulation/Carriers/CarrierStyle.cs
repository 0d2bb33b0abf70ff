using System.Globalization;
using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>
/// How one carrier names its sites, numbers its waybills and words its scans. The wording follows the real
/// traces in shared/data/cn-express-tracking-samples (ZTO, YTO, Best, SF) and the carriers' public tracking pages
/// for the rest; keeping each carrier's own phrasing is the point, since the engine must classify all of them.
/// </summary>
internal abstract class CarrierStyle
{
    /// <summary>The CONTRACT.md carrier code.</summary>
    public abstract string Code { get; }

    public abstract string DisplayName { get; }

    /// <summary>Waybill numbers are one of these prefixes followed by <see cref="BodyDigits"/> digits.</summary>
    public abstract IReadOnlyList<string> TrackingPrefixes { get; }

    public abstract int BodyDigits { get; }

    public abstract string HubName(City hub);

    /// <summary>An outlet (网点, 营业部, 公司) serving a district; <paramref name="variant"/> tells apart several in one district.</summary>
    public abstract string OutletName(City city, string district, int variant);

    public abstract string Pickup(ScanContext c);

    public abstract string HubArrival(ScanContext c);

    public abstract string HubDeparture(ScanContext c);

    public virtual string OutletArrival(ScanContext c) => HubArrival(c);

    public abstract string OutForDelivery(ScanContext c);

    public virtual string Collected(ScanContext c) =>
        $"【{c.CityName}】快件已被【{c.Locker}】代收，请及时取件，如有疑问请联系{c.CourierPhone}";

    public abstract string Signed(ScanContext c);

    public virtual string Held(ScanContext c) =>
        $"【{c.CityName}】快件已滞留在【{c.Site}】，原因：{c.Reason}，将于次日再次投递";

    public virtual string Lost(ScanContext c) =>
        $"【{c.CityName}】快件运输途中疑似丢失，已登记为问题件，请联系寄件人处理";

    public virtual string Returned(ScanContext c) =>
        $"【{c.CityName}】快件已退回，退回原因：{c.Reason}，正在返回寄件人";

    public virtual string Transfer(ScanContext c) =>
        $"【{c.CityName}】快件已转交【{c.NewCarrierName}】继续配送，新单号：{c.NewTracking}";

    /// <summary>Districts without their 区/县/市 suffix, as outlet names use them (西湖区 → 西湖, 浦东新区 → 浦东).</summary>
    protected static string ShortDistrict(string district)
    {
        if (district.Contains("自治", StringComparison.Ordinal))
        {
            return district[..2];
        }

        if (district.EndsWith("新区", StringComparison.Ordinal) && district.Length > 3)
        {
            return district[..^2];
        }

        return district.Length > 2 && district[^1] is '区' or '县' or '市' ? district[..^1] : district;
    }

    protected static string Ordinal(int variant) => variant switch
    {
        0 => "一",
        1 => "二",
        2 => "三",
        _ => (variant + 1).ToString(CultureInfo.InvariantCulture),
    };
}
