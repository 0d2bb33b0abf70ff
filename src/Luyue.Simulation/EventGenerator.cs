using Luyue.Core.Events;
using Luyue.Simulation.Emission;

namespace Luyue.Simulation;

/// <summary>
/// Generates realistic fulfilment event streams (CONTRACT.md) for load tests, demos and rule tests: orders on
/// every platform, carriers' own scan wording, deadlines met or broken as <see cref="GeneratorOptions.Violations"/>
/// asks, and the delivery artefacts (late, shuffled, duplicated events) a real feed has. Output is in arrival
/// order, deterministic for given options, and streamed: memory follows the orders in flight, not the run's size.
/// Stateless and thread-safe; each call is an independent run.
/// </summary>
public sealed class EventGenerator
{
    /// <summary>The events in arrival order, ending with a <c>clock</c> event after the last activity. Lazy.</summary>
    public IEnumerable<FulfilmentEvent> Generate(GeneratorOptions options) => new GenerationRun(options).Events();

    /// <summary>Writes the stream as JSON Lines to <paramref name="output"/> (left open) and says what it holds.</summary>
    public GeneratorSummary WriteTo(Stream output, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        var run = new GenerationRun(options);
        // EventWriter flushes per event; a large buffer turns that into few writes. Not disposed: that would close output.
        var buffered = new BufferedStream(output, 1 << 20);
        using (var writer = new EventWriter(buffered))
        {
            // Planning and rendering on one core, JSON on the other: about halves the time of a large run.
            foreach (var batch in BackgroundBatches.Of(run.Events()))
            {
                foreach (var evt in batch)
                {
                    writer.Write(evt);
                }
            }
        }

        buffered.Flush();
        return run.Summary();
    }
}
