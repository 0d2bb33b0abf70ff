using System.Diagnostics.Tracing;

namespace Luyue.ServerBenchmarks;

/// <summary>
/// What the process allocates, by type: the runtime's allocation ticks (one event per about 100 KB allocated, naming the
/// type of the object that crossed the mark), counted while enabled. A sample, not an exact count: a type's share of the
/// ticks estimates its share of the bytes.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    // The runtime provider's GC keyword; allocation ticks are written at the verbose level.
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, (long Ticks, long Bytes)> byType = [];
    private volatile bool sampling;

    public void Start() => sampling = true;

    public void Stop() => sampling = false;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!sampling || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }

        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        lock (byType)
        {
            var (ticks, bytes) = byType.GetValueOrDefault(type);
            byType[type] = (ticks + 1, bytes + amount);
        }
    }

    /// <summary>The types with the most sampled bytes, as lines: share, estimated bytes per event, type.</summary>
    public IEnumerable<string> Top(int count, long events)
    {
        lock (byType)
        {
            var total = byType.Values.Sum(v => v.Bytes);
            return byType.OrderByDescending(p => p.Value.Bytes).Take(count)
                .Select(p => $"  {p.Value.Bytes / (double)total,6:P1}  {p.Value.Bytes / (double)events,7:F0} B/event  {p.Key}")
                .ToList();
        }
    }
}
