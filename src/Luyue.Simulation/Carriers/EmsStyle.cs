using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Carriers;

/// <summary>
/// 中国邮政 EMS: 邮件 rather than 快件, 揽投部 outlets and 邮件处理中心 hubs. Also carries the cross-border
/// (AliExpress) parcels, with UPU S10 numbers (EA123456789CN) and export-office scans.
/// </summary>
internal sealed class EmsStyle : CarrierStyle
{
    public override string Code => "ems";
    public override string DisplayName => "中国邮政EMS";
    public override IReadOnlyList<string> TrackingPrefixes { get; } = ["11", "98"];
    public override int BodyDigits => 11;

    public override string HubName(City hub) => $"{hub.Short}邮件处理中心";

    public override string OutletName(City city, string district, int variant) =>
        $"{city.Short}邮政速递{ShortDistrict(district)}{(variant == 0 ? "" : Ordinal(variant))}揽投部";

    /// <summary>The international mail exchange office a cross-border parcel leaves the country through.</summary>
    public static string ExchangeName(City city) => $"{city.Short}国际邮件互换局";

    public override string Pickup(ScanContext c) =>
        $"【{c.CityName}】您的邮件已由【{c.Site}】揽收，揽投员：{c.Courier}，电话：{c.CourierPhone}";

    public override string HubArrival(ScanContext c) => $"【{c.CityName}】您的邮件已到达【{c.Site}】";

    public override string HubDeparture(ScanContext c) => $"【{c.CityName}】您的邮件已离开【{c.Site}】，正发往【{c.Next}】";

    public override string OutForDelivery(ScanContext c) => $"【{c.CityName}】您的邮件正在派送中，投递员：{c.Courier}，电话：{c.CourierPhone}";

    public override string Collected(ScanContext c) => $"【{c.CityName}】您的邮件已被【{c.Locker}】代收，请及时领取";

    public override string Signed(ScanContext c) =>
        $"【{c.CityName}】您的邮件已签收，签收人：{(c.AfterCollection ? "本人" : c.Signer)}，投递员：{c.Courier}";

    public static string ExportSealed(ScanContext c) => $"【{c.Site}】已出口直封";

    public static string Airborne(ScanContext c) => $"【{c.Site}】已交航空公司运输，发往{c.Next}";

    public static string ArrivedAbroad(ScanContext c) => $"您的邮件已到达寄达地【{c.Site}】";

    public static string OutForDeliveryAbroad(ScanContext c) => $"【{c.CityName}】您的邮件正在派送中";

    public static string SignedAbroad(ScanContext c) => $"【{c.CityName}】您的邮件已妥投，已签收";
}
