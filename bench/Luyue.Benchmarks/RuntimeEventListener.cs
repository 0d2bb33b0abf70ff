using System.Diagnostics.Tracing;

namespace Luyue.Benchmarks;

/// <summary>
/// Reads the runtime's own events in process (its "Microsoft-Windows-DotNETRuntime" source), at a level and keywords of
/// the subclass's (<see cref="GcTrace"/>, <see cref="JitTrace"/>).
/// </summary>
internal abstract class RuntimeEventListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";

    // Properties, not constructor arguments: the base EventListener's constructor already calls OnEventSourceCreated
    // for the sources that exist, before any field of a subclass is set. Each answers a constant.
    protected abstract EventLevel Level { get; }

    protected abstract EventKeywords Keywords { get; }

    protected sealed override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == RuntimeSource)
        {
            EnableEvents(source, Level, Keywords);
        }
    }
}
