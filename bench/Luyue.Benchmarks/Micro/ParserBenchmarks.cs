using System.Text;
using BenchmarkDotNet.Attributes;
using Luyue.Core.Events;

namespace Luyue.Benchmarks.Micro;

/// <summary>One line of each common kind, as <c>luyue generate</c> writes them (scans are 80 % of a stream).</summary>
public class ParserBenchmarks
{
    private static readonly byte[] ScanLine = Encoding.UTF8.GetBytes(
        """{"id":"2152572124309529027-04","type":"scan","at":"2024-06-01T14:20:36+08:00","carrier":"zto","tracking":"78072618092019","text":"【天津市】 快件离开 【天津转运中心】 已发往 【郑州转运中心】","province":"天津市","city":"天津市","site":"天津转运中心"}""");

    private static readonly byte[] PaidLine = Encoding.UTF8.GetBytes(
        """{"id":"3384529432051948141-00","type":"order.paid","at":"2024-06-01T00:00:01+08:00","platform":"tmall","shop":"tm-395689","order":"3384529432051948141","amount":47.90,"items":[{"item":"600561465530","qty":1,"amount":47.90}],"buyer":{"name":"李飞子","phone":"192****6352","province":"江苏省","city":"南京市","address":"建邺区长江路320号书香门第18栋4单元201"},"seller":{"province":"上海市","city":"上海市"}}""");

    private static readonly byte[] ShippedLine = Encoding.UTF8.GetBytes(
        """{"id":"2152572124309529027-01","type":"order.shipped","at":"2024-06-01T08:01:09+08:00","order":"2152572124309529027","carrier":"zto","tracking":"78072618092019"}""");

    private readonly EventParser parser = new();
    private readonly Luyue.Core.Events.ScanLine scanView = new();
    private readonly OrderLine orderView = new();

    [Benchmark(Baseline = true)]
    public FulfilmentEvent? Scan() => parser.TryParse(ScanLine, out var e, out _) ? e : null;

    [Benchmark]
    public FulfilmentEvent? Paid() => parser.TryParse(PaidLine, out var e, out _) ? e : null;

    /// <summary>As a replay reads them (<see cref="Luyue.Core.Engine.LineFeed"/>): scans, payments and shipments into reused views.</summary>
    [Benchmark]
    public bool ScanIntoView() => parser.TryParse(ScanLine, scanView, orderView, out _, out var view, out _) && view is not null;

    [Benchmark]
    public bool PaidIntoView() => parser.TryParse(PaidLine, scanView, orderView, out _, out var view, out _) && view is not null;

    [Benchmark]
    public FulfilmentEvent? Shipped() => parser.TryParse(ShippedLine, out var e, out _) ? e : null;
}
