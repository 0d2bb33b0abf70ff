using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>圆通: sites named as 公司 with province and city, 已收入 / 已发出 下一站 (yto_kuaidi100_trace_2021.json).</summary>
internal sealed class YtoStyle : CarrierStyle
{
    public override string Code => "yto";
    public override string DisplayName => "圆通速递";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["YT"];
    public override int BodyDigits => 13;

    public override string HubName(City hub) => $"{hub.Short}转运中心";

    public override string OutletName(City city, string district, int variant) =>
        $"{city.FullWithProvince}{ShortDistrict(district)}{(variant == 0 ? "" : Ordinal(variant) + "部")}公司";

    public override string Pickup(ScanContext c) => $"【{c.Site}】 已揽收 取件人: {c.Courier} ({c.CourierPhone})";

    public override string HubArrival(ScanContext c) => $"【{c.Site}公司】 已收入";

    public override string HubDeparture(ScanContext c) => $"【{c.Site}】 已发出 下一站 【{c.Next}】";

    public override string OutletArrival(ScanContext c) => $"【{c.Site}】 已收入";

    public override string OutForDelivery(ScanContext c) =>
        $"【{c.Site}】 派件中 派件人: {c.Courier} 电话 {c.CourierPhone} 。 如有疑问，请联系：{c.OutletPhone}";

    public override string Collected(ScanContext c) => $"快件已由{c.Locker}代收，请及时取件，如有疑问请联系{c.CourierPhone}";

    public override string Signed(ScanContext c) => c.AfterCollection
        ? "客户签收人: 已签收，签收人凭取货码签收。 已签收 感谢使用圆通速递，期待再次为您服务"
        : $"客户签收人: {c.Signer} 已签收 感谢使用圆通速递，期待再次为您服务 如有疑问请联系：{c.CourierPhone}";
}
