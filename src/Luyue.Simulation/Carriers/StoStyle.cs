using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>申通: province-and-city site names, dash-separated texts.</summary>
internal sealed class StoStyle : CarrierStyle
{
    public override string Code => "sto";
    public override string DisplayName => "申通快递";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["773", "772"];
    public override int BodyDigits => 12;

    public override string HubName(City hub) => $"{hub.ShortWithProvince}转运中心";

    public override string OutletName(City city, string district, int variant) =>
        $"{city.ShortWithProvince}{ShortDistrict(district)}{(variant == 0 ? "" : Ordinal(variant) + "部")}公司";

    public override string Pickup(ScanContext c) => $"【{c.CityName}】{c.Site}-{c.Courier}（{c.CourierPhone}）-已揽收";

    public override string HubArrival(ScanContext c) => $"【{c.CityName}】已到达-【{c.Site}】";

    public override string HubDeparture(ScanContext c) => $"【{c.CityName}】已离开-【{c.Site}】，发往-【{c.Next}】";

    public override string OutForDelivery(ScanContext c) =>
        $"【{c.CityName}】【{c.Site}】-{c.Courier}（{c.CourierPhone}）-派件中，请保持电话畅通";

    public override string Collected(ScanContext c) =>
        $"【{c.CityName}】您的快件已被【{c.Locker}】代收，请及时取件。有问题请联系派件员{c.Courier}（{c.CourierPhone}）";

    public override string Signed(ScanContext c) =>
        $"【{c.CityName}】已签收，签收人：{(c.AfterCollection ? "本人凭取件码" : c.Signer)}，感谢使用申通快递，期待再次为您服务";
}
