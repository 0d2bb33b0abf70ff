using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Luyue.Simulation.Emission;

/// <summary>
/// Enumerates a source on a worker thread and hands its items over in batches through a small bounded queue, so
/// that producing events and serialising them run on two cores while the order of items is kept exactly.
/// Memory stays bounded by the queue; a failure on either side stops the other and surfaces to the caller.
/// </summary>
internal static class BackgroundBatches
{
    public static IEnumerable<T[]> Of<T>(IEnumerable<T> source, int batchSize = 4096, int maxQueuedBatches = 8)
    {
        using var queue = new BlockingCollection<T[]>(maxQueuedBatches);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var worker = Task.Factory.StartNew(() =>
        {
            try
            {
                var batch = new List<T>(batchSize);
                foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count == batchSize)
                    {
                        queue.Add([.. batch], stop.Token);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    queue.Add([.. batch], stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early; nothing more is wanted.
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(CancellationToken.None))
            {
                yield return batch;
            }
        }
        finally
        {
            // Reached on completion, on an exception in the consumer, or when the consumer disposes the enumerator early.
            stop.Cancel();
            worker.Wait(CancellationToken.None);
        }

        failure?.Throw();
    }
}
