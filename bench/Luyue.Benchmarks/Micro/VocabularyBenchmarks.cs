using BenchmarkDotNet.Attributes;
using Luyue.Core.Geography;
using Luyue.Core.Rules;
using Luyue.Core.Scans;

namespace Luyue.Benchmarks.Micro;

/// <summary>The per-scan and per-order lookups: scan classification, carrier codes and regions.</summary>
public class VocabularyBenchmarks
{
    private readonly RuleBook book = RuleBook.Embedded;
    private readonly Province zhejiang = RuleBook.Embedded.Regions.FindProvince("浙江省")!;

    [Benchmark]
    public ScanClassification ClassifyDeparture() =>
        book.Scans.Classify(null, "【苏州市】 快件离开 【苏州转运中心】 已发往 【杭州转运中心】", null, null, "苏州转运中心");

    [Benchmark]
    public ScanClassification ClassifyPickup() =>
        book.Scans.Classify(null, "【天津市】 【天津和平】（174****6897） 的 陆晨（153****7548） 已揽收", null, null, "天津和平");

    [Benchmark]
    public ScanClassification ClassifySigned() =>
        book.Scans.Classify(null, "【洛阳市】 快件已在 【洛阳西工二部】 签收, 签收人: 本人, 如有疑问请电联:（181****9625）, 投诉电话:（95311）, 您的快递已经妥投。", null, null, "洛阳西工二部");

    /// <summary>The engine's case: the event names its site and city, so only the text's phrases are wanted.</summary>
    [Benchmark]
    public ScanClassification ClassifySignedForEngine() =>
        book.Scans.Classify(null, "【洛阳市】 快件已在 【洛阳西工二部】 签收, 签收人: 本人, 如有疑问请电联:（181****9625）, 投诉电话:（95311）, 您的快递已经妥投。", null, null, "洛阳西工二部", wantCity: false);

    [Benchmark]
    public ScanClassification ClassifyDepartureForEngine() =>
        book.Scans.Classify(null, "【苏州市】 快件离开 【苏州转运中心】 已发往 【杭州转运中心】", null, null, "苏州转运中心", wantCity: false);

    [Benchmark]
    public string NormalizeCarrier() => book.Carriers.Normalize("zto");

    [Benchmark]
    public Province? FindProvince() => book.Regions.FindProvince("浙江省");

    [Benchmark]
    public City? FindCity() => book.Regions.FindCity("杭州市", zhejiang);

    [Benchmark]
    public Province? ProvinceFromAddress() => book.Regions.ProvinceFromAddress("建邺区长江路320号书香门第18栋4单元201");
}
