using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>韵达: 网点 and 分拨中心, as in the shared 1688 example ("快件已到达 深圳分拨中心").</summary>
internal sealed class YundaStyle : CarrierStyle
{
    public override string Code => "yunda";
    public override string DisplayName => "韵达快递";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["43", "46"];
    public override int BodyDigits => 13;

    public override string HubName(City hub) => $"{hub.Short}分拨中心";

    public override string OutletName(City city, string district, int variant) =>
        $"{city.Short}{ShortDistrict(district)}{(variant == 0 ? "" : Ordinal(variant) + "部")}网点";

    public override string Pickup(ScanContext c) => $"【{c.CityName}】{c.Site} 已揽收";

    public override string HubArrival(ScanContext c) => $"【{c.CityName}】快件已到达 {c.Site}";

    public override string HubDeparture(ScanContext c) => $"【{c.CityName}】快件离开 {c.Site} 已发往 {c.Next}";

    public override string OutForDelivery(ScanContext c) =>
        $"【{c.CityName}】{c.Site} 派件员：{c.Courier} 电话：{c.CourierPhone} 当前正在为您派件";

    public override string Collected(ScanContext c) => $"【{c.CityName}】快件已被 {c.Locker} 代收，请及时取件";

    public override string Signed(ScanContext c) =>
        $"【{c.CityName}】已签收，签收人：{(c.AfterCollection ? "快递柜取件" : c.Signer)}，如有疑问请联系派件员 {c.Courier}（{c.CourierPhone}）";
}
