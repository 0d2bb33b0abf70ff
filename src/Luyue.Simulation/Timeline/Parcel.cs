using Luyue.Core.Events;
using Luyue.Simulation.Carriers;
using Luyue.Simulation.Geography;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// One waybill of an order: the first upload, a transfer's new number, or a reissue. A "no logistics" shipment
/// has no carrier: CONTRACT.md still requires a carrier and tracking, so it carries <c>none</c> and the order
/// number, which can never look like a reused waybill.
/// </summary>
internal sealed record Parcel(CarrierStyle? Carrier, string Tracking, City Origin, int OriginDistrictIndex, int OutletVariant, OrderMode Mode)
{
    public string CarrierCode => Carrier?.Code ?? "none";
}
