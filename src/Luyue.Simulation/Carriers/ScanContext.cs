namespace Luyue.Simulation.Carriers;

/// <summary>
/// The particulars one scan text is written from. The materialiser refills a single instance for every scan and
/// hands it to a <see cref="CarrierStyle"/>: one object for the run instead of one per scan. Each text reads only
/// the fields its kind of scan sets.
/// </summary>
internal sealed class ScanContext
{
    /// <summary>Official city name, as carriers print it in the leading 【杭州市】.</summary>
    public string CityName { get; set; } = "";

    /// <summary>The outlet or hub the scan happened at.</summary>
    public string Site { get; set; } = "";

    /// <summary>Where the parcel goes next (hub departures).</summary>
    public string Next { get; set; } = "";

    public string Courier { get; set; } = "";

    /// <summary>Masked, as in real texts: 138****1234.</summary>
    public string CourierPhone { get; set; } = "";

    public string OutletPhone { get; set; } = "";

    /// <summary>Delivery attempt, from 1.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The parcel locker or station that took the parcel in (丰巢, 菜鸟驿站).</summary>
    public string Locker { get; set; } = "";

    /// <summary>Who signed: 本人, 家人, 门卫 ...</summary>
    public string Signer { get; set; } = "";

    /// <summary>True when the signature follows a locker or station collection (the buyer fetched it).</summary>
    public bool AfterCollection { get; set; }

    public string Reason { get; set; } = "";

    public string NewCarrierName { get; set; } = "";

    public string NewTracking { get; set; } = "";
}
