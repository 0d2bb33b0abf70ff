using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>极兔: city-tagged texts with bracketed sites.</summary>
internal sealed class JtStyle : CarrierStyle
{
    public override string Code => "jt";
    public override string DisplayName => "极兔速递";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["JT5", "JT3"];
    public override int BodyDigits => 12;

    public override string HubName(City hub) => $"{hub.Short}转运中心";

    public override string OutletName(City city, string district, int variant) =>
        $"{city.Short}{ShortDistrict(district)}{(variant == 0 ? "" : Ordinal(variant) + "部")}网点";

    public override string Pickup(ScanContext c) => $"【{c.CityName}】快件已由【{c.Site}】揽收，揽收员：{c.Courier}（{c.CourierPhone}）";

    public override string HubArrival(ScanContext c) => $"【{c.CityName}】快件到达【{c.Site}】";

    public override string HubDeparture(ScanContext c) => $"【{c.CityName}】快件离开【{c.Site}】，发往【{c.Next}】";

    public override string OutForDelivery(ScanContext c) => $"【{c.CityName}】【{c.Site}】快递员{c.Courier}（{c.CourierPhone}）正在派件";

    public override string Signed(ScanContext c) =>
        $"【{c.CityName}】快件已签收，签收人：{(c.AfterCollection ? "快递柜取件" : c.Signer)}，如有疑问请联系{c.Courier}（{c.CourierPhone}）";
}
