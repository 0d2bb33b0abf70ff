using Luyue.Core.Events;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Adapters;

/// <summary>
/// Turns one raw trace entry into a CONTRACT <c>scan</c>: the carrier in the one vocabulary (<c>yuantong</c>, <c>YTO</c>,
/// 圆通 all become <c>yto</c>), the text verbatim, the source's own code and the source's name so the engine reads the
/// code from the right table, and an id that makes a repeated push a duplicate. The milestone is left to the engine
/// (CONTRACT: <c>kind</c> absent means classify), so an adapter never disagrees with replay about what a scan means.
/// </summary>
internal sealed class ScanBuilder(CarrierVocabulary carriers, string source)
{
    public string Carrier(string spelling) => carriers.Normalize(spelling);

    public Scan Build(string carrier, string tracking, Instant at, string? text, string? code,
        string? province = null, string? city = null, string? site = null) =>
        new(StableIds.Scan(carrier, tracking, at, text), at, carrier, tracking.Trim(), null, text, code, source,
            province, city, site, null, null);
}
