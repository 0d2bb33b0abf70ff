using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>京东: second-person texts, 分拣中心 hubs and 营业部 outlets.</summary>
internal sealed class JdStyle : CarrierStyle
{
    public override string Code => "jd";
    public override string DisplayName => "京东快递";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["JDVA", "JDVB", "JDVC"];
    public override int BodyDigits => 11;

    public override string HubName(City hub) => $"{hub.Short}分拣中心";

    public override string OutletName(City city, string district, int variant) =>
        $"{city.Short}{ShortDistrict(district)}{(variant == 0 ? "" : Ordinal(variant))}营业部";

    public override string Pickup(ScanContext c) => $"您的快件已由京东快递小哥{c.Courier}揽收完成，联系电话：{c.CourierPhone}";

    public override string HubArrival(ScanContext c) => $"您的快件已到达【{c.Site}】";

    public override string HubDeparture(ScanContext c) => $"您的快件在【{c.Site}】分拣完成，正发往【{c.Next}】";

    public override string OutForDelivery(ScanContext c) =>
        $"您的快件正在派送中，请您准备签收（配送员：{c.Courier}，联系电话：{c.CourierPhone}）";

    public override string Collected(ScanContext c) => $"您的快件已被【{c.Locker}】代收，请凭取件码及时取件";

    public override string Signed(ScanContext c) =>
        $"您的快件已签收，签收人：{(c.AfterCollection ? "本人" : c.Signer)}，感谢您使用京东物流，欢迎再次光临！";
}
