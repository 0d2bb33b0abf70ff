using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>顺丰: no city tag, 中转场 hubs and 店 outlets, 已收取快件 (sf_routes_trace_2023.json).</summary>
internal sealed class SfStyle : CarrierStyle
{
    private static readonly string[] ShopNames = ["中心", "万达", "新城", "花园", "东站", "北门"];

    public override string Code => "sf";
    public override string DisplayName => "顺丰速运";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["SF1", "SF0"];
    public override int BodyDigits => 12;

    public override string HubName(City hub) => $"{hub.Short}{ShortDistrict(hub.Districts[0])}中转场";

    public override string OutletName(City city, string district, int variant) =>
        $"{city.Short}{ShortDistrict(district)}{ShopNames[variant % ShopNames.Length]}店";

    public override string Pickup(ScanContext c) => "顺丰速运 已收取快件";

    public override string HubArrival(ScanContext c) => $"快件到达 【{c.Site}】";

    public override string HubDeparture(ScanContext c) => $"快件离开 【{c.Site}】，已在发往  【{c.Next}】 的路上";

    public override string OutForDelivery(ScanContext c) =>
        $"快件交给{c.Courier}，正在派送途中（联系电话：{c.CourierPhone}，顺丰已开启“安全呼叫”保护您的电话隐私,请放心接听！）（主单总件数：1件）";

    public override string Collected(ScanContext c) =>
        $"快件已被【{c.Locker}】代收，如有疑问请电联快递员【{c.Courier}，电话：{c.CourierPhone}】";

    public override string Signed(ScanContext c) =>
        $"您的快件已签收，如有疑问请电联快递员【{c.Courier}，电话：{c.CourierPhone}】，感谢您使用顺丰，期待再次为您服务。（主单总件数：1件）";
}
