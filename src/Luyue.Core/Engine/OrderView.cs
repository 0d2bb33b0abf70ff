using Luyue.Core.Geography;
using NodaTime;

namespace Luyue.Core.Engine;

/// <summary>
/// A scan as the engine judged it: when, which milestone, where (<see cref="Province"/> and <see cref="City"/> are the
/// division codes the engine keeps; the names beside them are for people reading the order page).
/// </summary>
public sealed record ScanView(Instant At, string Milestone, string? Site, string? Province, string? City)
{
    public string? ProvinceName => ChinaRegions.Default.FindProvince(Province)?.Name;

    public string? CityName => ChinaRegions.Default.CityByCode(City)?.Name;
}

/// <summary>One uploaded number of an order, with its trace, and the numbers it was handed over to.</summary>
public sealed record ShipmentView(string Carrier, string Tracking, Instant UploadedAt, IReadOnlyList<ScanView> Scans, IReadOnlyList<TransferView> Transfers);

public sealed record TransferView(Instant At, string Carrier, string Tracking, IReadOnlyList<ScanView> Scans);

/// <summary>What the engine knows of one order, for the API's order page. A snapshot: it does not change afterwards.</summary>
public sealed record OrderView(
    string Order, bool Paid, string? Platform, string? Shop, decimal Amount, Instant? PaidAt, Instant? ShipBy, string? PackVersion,
    IReadOnlyList<ShipmentView> Shipments, Instant? RefundedAt, Instant? ClosedAt, Instant? NextWake);
