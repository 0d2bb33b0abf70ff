using System.Diagnostics.Tracing;
using System.Globalization;

namespace Luyue.Benchmarks;

internal sealed class JitTrace : EventListener
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, (DateTime At, string Name)> started = [];
    private readonly List<(string Name, int Tier, double Ms, DateTime At)> done = [];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x10);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        lock (gate)
        {
            if (e.EventName == "MethodJittingStarted_V1")
            {
                started[e.OSThreadId] = (e.TimeStamp, $"{e.Payload![4]}.{e.Payload[5]}");
            }
            else if (e.EventName is "MethodLoadVerbose_V1" or "MethodLoadVerbose_V2" && started.Remove(e.OSThreadId, out var s))
            {
                var flags = Convert.ToInt64(e.Payload![5], CultureInfo.InvariantCulture);
                done.Add((s.Name, (int)((flags >> 7) & 7), (e.TimeStamp - s.At).TotalMilliseconds, e.TimeStamp));
            }
        }
    }

    public void Print()
    {
        Thread.Sleep(1000);
        lock (gate)
        {
            foreach (var g in done.GroupBy(d => d.Tier).OrderBy(g => g.Key))
            {
                Console.WriteLine($"  jit tier {g.Key}: {g.Count()} methods, {g.Sum(d => d.Ms):F0} ms");
            }

            foreach (var d in done.OrderByDescending(d => d.Ms).Take(40))
            {
                Console.WriteLine($"    {d.Ms,8:F2} ms tier {d.Tier} {d.Name} at {d.At:ss.fff}");
            }
            foreach (var g in done.GroupBy(d => d.Name.Split('.')[0]).OrderByDescending(g => g.Sum(d => d.Ms)).Take(15))
            {
                Console.WriteLine($"  ns {g.Key}: {g.Count()} methods, {g.Sum(d => d.Ms):F0} ms");
            }
        }
    }
}
