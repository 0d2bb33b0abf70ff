using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Luyue.Simulation;
using NodaTime;

namespace Luyue.ServerBenchmarks;

/// <summary>
/// Sustained ingestion over loopback HTTP: a generated stream (every platform, the default mix of violations, duplicates
/// and late events) POSTed as JSON Lines in batches, by <see cref="Options.Clients"/> client tasks each waiting for
/// its answer before sending the next batch. Reports the acknowledged rate (2xx, so durable) and the sustained rate
/// (until the engines have applied every acknowledged event and stored its findings).
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        var stream = GeneratedStream.Create(options.Orders, options.Seed, options.Batch, SystemClock.Instance.GetCurrentInstant());
        Console.WriteLine($"stream    {options.Orders:N0} orders, {stream.Events:N0} events in {stream.Bodies.Count:N0} batches of {options.Batch:N0} " +
                          $"({stream.Bytes / 1e6:F0} MB of JSON Lines; generated in {stream.Generation.TotalSeconds:F1} s), payments from now on");
        await using var server = await BenchServer.StartAsync(options.Store, options.ServerSettings);
        Console.WriteLine($"server    {server.StoreName}, {string.Join(' ', options.ServerSettings.DefaultIfEmpty("default settings"))}");
        var key = await server.TenantKeyAsync("bench");

        var warmup = Math.Min(options.WarmupBatches, stream.Bodies.Count / 2);
        var measured = await PostAsync(server, key, stream.Bodies.Take(warmup).ToList(), options.Clients);
        await server.DrainedAsync();
        Console.WriteLine($"warm-up   {warmup} batches, {measured.Accepted:N0} events ({measured.Accepted / measured.Acked.TotalSeconds:N0} events/s)");

        using var sampler = options.Allocations ? new AllocationSampler() : null;
        sampler?.Start();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes();
        var (paused, jitted, jitTime) = (GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var (turn0, append0) = server.Ingestion.WriterBusy;
        var busy0 = PartitionsBusy(server);
        var watch = Stopwatch.StartNew();
        var run = await PostAsync(server, key, stream.Bodies.Skip(warmup).ToList(), options.Clients);
        var acked = watch.Elapsed;
        await server.DrainedAsync();
        var applied = watch.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        sampler?.Stop();
        var (turn, append) = server.Ingestion.WriterBusy;
        var busyNow = PartitionsBusy(server);
        var (partitions, flush) = (busyNow.Total - busy0.Total, busyNow.Flush - busy0.Flush);

        Console.WriteLine($"measured  {stream.Bodies.Count - warmup} batches, {run.Accepted:N0} events accepted, {run.Duplicates:N0} duplicates, " +
                          $"{options.Clients} client(s)");
        Console.WriteLine($"  acknowledged  {run.Accepted / acked.TotalSeconds,10:N0} events/s   ({acked.TotalSeconds:F2} s to the last 2xx)");
        Console.WriteLine($"  sustained     {run.Accepted / applied.TotalSeconds,10:N0} events/s   ({applied.TotalSeconds:F2} s until applied and findings stored)");
        Console.WriteLine($"  per request   p50 {Percentile(run.Latencies, 0.50),6:F1} ms   p99 {Percentile(run.Latencies, 0.99),6:F1} ms   max {run.Latencies.Max(),6:F1} ms");
        Console.WriteLine($"  process CPU   {used.TotalSeconds:F1} s ({used.TotalSeconds / applied.TotalSeconds:F2} cores; client, server and engine together), " +
                          $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e9:F1} GB allocated, GC {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen0/1/2)");
        // The runtime's own share of that CPU: a warm-up too short for tiered compilation to settle shows here.
        Console.WriteLine($"  runtime       GC paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F1} s; JIT compiled " +
                          $"{System.Runtime.JitInfo.GetCompiledMethodCount() - jitted:N0} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalSeconds:F1} s");
        // Why a collection pauses as long as it does: what the last ephemeral one had to keep (promote), and the heap.
        var ephemeral = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        Console.WriteLine($"  heap          {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:N0} MB after the last collection; the last gen{ephemeral.Generation} " +
                          $"collection promoted {ephemeral.PromotedBytes / 1e6:N0} MB and paused {ephemeral.PauseDurations[0].TotalMilliseconds:N0} ms");
        // What runs one at a time, as a share of the time to the last acknowledgement: near 100 % is the limit.
        Console.WriteLine($"  serial parts  writer's turn {(turn - turn0).TotalSeconds:F1} s ({(turn - turn0) / acked:P0}; store commit " +
                          $"{(append - append0).TotalSeconds:F1} s), partitions busy {partitions.TotalSeconds:F1} s ({partitions / applied:P0} of one thread; " +
                          $"storing findings, beside it, {flush.TotalSeconds:F1} s)");
        Console.WriteLine($"  findings      {server.Host.FindingsByKind.Values.Sum():N0} stored");
        await ReadFindingsAsync(server, key);
        if (sampler is not null)
        {
            Console.WriteLine("allocated by type (sampled every ~100 KB, the window above; bytes per accepted event):");
            foreach (var line in sampler.Top(25, run.Accepted))
            {
                Console.WriteLine(line);
            }
        }

        return 0;
    }

    public sealed record Result(long Accepted, long Duplicates, TimeSpan Acked, List<double> Latencies);

    /// <summary>
    /// After the run, what a merchant's reads of findings cost with everything stored: <c>GET /v1/findings?order=</c>
    /// for up to 500 orders and <c>?shop=</c> for up to 100 shops (a page of 100), taken from the stored findings: the
    /// orders from every tenth page of 1,000, so that they spread over the run, the shops as they first appear.
    /// </summary>
    private static async Task ReadFindingsAsync(BenchServer server, string key)
    {
        using var client = server.Client(key);
        var (orders, shops) = (new List<string>(), new List<string>());
        string? cursor = null;
        for (var page = 0; page < 50 && (page == 0 || cursor is not null); page++)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"/v1/findings?limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}"));
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                if (item.TryGetProperty("order", out var order) && order.GetString() is { } o && page % 10 == 0 && orders.Count < 500)
                {
                    orders.Add(o);
                }

                if (item.TryGetProperty("shop", out var shop) && shop.GetString() is { } s && !shops.Contains(s) && shops.Count < 100)
                {
                    shops.Add(s);
                }
            }

            cursor = json.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.Number ? next.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        foreach (var (what, parameter, keys) in new[] { ("by order", "order", orders), ("by shop", "shop", shops) })
        {
            var times = new List<double>(keys.Count);
            long items = 0;
            foreach (var value in keys.Distinct())
            {
                var started = Stopwatch.GetTimestamp();
                using var json = JsonDocument.Parse(await client.GetStringAsync($"/v1/findings?{parameter}={Uri.EscapeDataString(value)}&limit=100"));
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                items += json.RootElement.GetProperty("items").GetArrayLength();
            }

            if (times.Count > 0)
            {
                Console.WriteLine($"  read {what,-8} GET /v1/findings?{parameter}=…: mean {times.Average():F2} ms, p99 {Percentile(times, 0.99):F2} ms " +
                                  $"({times.Count:N0} {parameter}s, {items / (double)times.Count:F1} findings each)");
            }
        }
    }

    /// <summary>Posts the bodies from <paramref name="clients"/> tasks, each sending its next batch once the last is answered.</summary>
    public static async Task<Result> PostAsync(BenchServer server, string key, IReadOnlyList<byte[]> bodies, int clients, CancellationToken ct = default)
    {
        long accepted = 0, duplicates = 0;
        var next = -1;
        var latencies = new List<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            using var client = server.Client(key);
            var mine = new List<double>();
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count && !ct.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                using var response = await client.PostAsync("/v1/events", content); // a request in flight is finished, not abandoned
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"batch {i}: {(int)response.StatusCode} {body}");
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                using var result = JsonDocument.Parse(body);
                Interlocked.Add(ref accepted, result.RootElement.GetProperty("accepted").GetInt64());
                Interlocked.Add(ref duplicates, result.RootElement.GetProperty("duplicate").GetInt64());
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })));
        return new Result(accepted, duplicates, watch.Elapsed, latencies);
    }

    /// <summary>The partitions' busy times summed.</summary>
    private static Luyue.Server.Engine.PartitionBusy PartitionsBusy(BenchServer server) =>
        server.Host.PartitionsBusy.Aggregate(new Luyue.Server.Engine.PartitionBusy(),
            (sum, busy) => new(sum.Total + busy.Total, sum.Flush + busy.Flush));

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>A generated stream cut into request bodies of a fixed number of lines.</summary>
internal sealed record GeneratedStream(IReadOnlyList<byte[]> Bodies, long Events, long Bytes, TimeSpan Generation)
{
    public static GeneratedStream Create(int orders, int seed, int batch, Instant start)
    {
        var watch = Stopwatch.StartNew();
        using var buffer = new MemoryStream();
        new EventGenerator().WriteTo(buffer, new GeneratorOptions { Orders = orders, Seed = seed, Start = start });
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var bodies = new List<byte[]>();
        long events = 0;
        var from = 0;
        var lines = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && ++lines == batch)
            {
                bodies.Add(bytes[from..(i + 1)].ToArray());
                events += lines;
                from = i + 1;
                lines = 0;
            }
        }

        if (from < bytes.Length)
        {
            bodies.Add(bytes[from..].ToArray());
            events += lines + (bytes[^1] == (byte)'\n' ? 0 : 1);
        }

        return new GeneratedStream(bodies, events, bytes.Length, watch.Elapsed);
    }
}
