using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>百世: terse 到【X】 / 【X】，正发往【Y】 texts without a city tag (htky_kdniao_trace_2020.json).</summary>
internal sealed class BestStyle : CarrierStyle
{
    public override string Code => "best";
    public override string DisplayName => "百世快递";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["55", "70"];
    public override int BodyDigits => 13;

    public override string HubName(City hub) => $"{hub.Short}转运中心";

    public override string OutletName(City city, string district, int variant) => $"{city.Short}{district}{Ordinal(variant)}部";

    public override string Pickup(ScanContext c) => $"【{c.Site}】已揽收";

    public override string HubArrival(ScanContext c) => $"到【{c.Site}】";

    public override string HubDeparture(ScanContext c) => $"【{c.Site}】，正发往【{c.Next}】";

    public override string OutForDelivery(ScanContext c) =>
        $"【{c.Courier}/{c.CourierPhone}】正在派件，【{c.Site}/网点电话{c.OutletPhone}】";

    public override string Signed(ScanContext c) => c.AfterCollection
        ? $"【{c.Site}】，已从【{c.Locker}】取件，已签收"
        : $"【{c.Site}】，已送达，有什么疑问可以随时联系我的电话{c.CourierPhone} 已签收";
}
