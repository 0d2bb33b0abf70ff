using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>中通: city-tagged texts with the outlet and the courier named (zto_kdniao_style_trace_2022.json).</summary>
internal sealed class ZtoStyle : CarrierStyle
{
    public override string Code => "zto";
    public override string DisplayName => "中通快递";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["73", "75", "78"];
    public override int BodyDigits => 12;

    public override string HubName(City hub) => $"{hub.Short}转运中心";

    public override string OutletName(City city, string district, int variant) =>
        variant == 0 ? $"{city.Short}{ShortDistrict(district)}" : $"{city.Short}{ShortDistrict(district)}{Ordinal(variant)}部";

    public override string Pickup(ScanContext c) =>
        $"【{c.CityName}】 【{c.Site}】（{c.OutletPhone}） 的 {c.Courier}（{c.CourierPhone}） 已揽收";

    public override string HubArrival(ScanContext c) => $"【{c.CityName}】 快件已经到达 【{c.Site}】";

    public override string HubDeparture(ScanContext c) => $"【{c.CityName}】 快件离开 【{c.Site}】 已发往 【{c.Next}】";

    public override string OutForDelivery(ScanContext c) =>
        $"【{c.CityName}】 【{c.Site}】 的 {c.Courier}（{c.CourierPhone}） 正在第{c.Attempt}次派件, 请保持电话畅通,并耐心等待";

    public override string Collected(ScanContext c) =>
        $"【{c.CityName}】 快件已被【{c.Locker}】代收，如有问题请电联（{c.CourierPhone}），感谢使用中通快递，期待再次为您服务！";

    public override string Signed(ScanContext c) => c.AfterCollection
        ? $"【{c.CityName}】 您的快递已签收, 签收人在【{c.Locker}】领取。如有疑问请电联:（{c.CourierPhone}）, 您的快递已经妥投。"
        : $"【{c.CityName}】 快件已在 【{c.Site}】 签收, 签收人: {c.Signer}, 如有疑问请电联:（{c.CourierPhone}）, 投诉电话:（95311）, 您的快递已经妥投。";
}
