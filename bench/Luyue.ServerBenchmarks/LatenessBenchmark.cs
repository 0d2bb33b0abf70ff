using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.ServerBenchmarks;

/// <summary>
/// Firing lateness: how long after a deadline its violation reaches a client of the live stream. A tenant uploads a
/// Tmall pack whose ship timeout is <see cref="Options.Window"/> (effective today), orders are paid "now" at a steady
/// rate and never shipped, and an SSE client records, for each ship-timeout violation, its arrival time minus its
/// deadline (the violation's <c>at</c>). With <see cref="Options.Load"/> a second tenant ingests a generated stream
/// at full speed meanwhile, so the timers fire while the engine is busy.
/// </summary>
internal static class LatenessBenchmark
{
    private static readonly Offset Shanghai = Offset.FromHours(8);

    public static async Task<int> RunAsync(Options options)
    {
        var clock = SystemClock.Instance;
        GeneratedStream? load = null;
        if (options.Load)
        {
            load = GeneratedStream.Create(options.Orders, options.Seed, options.Batch, clock.GetCurrentInstant());
            Console.WriteLine($"load      {load.Events:N0} events in batches of {options.Batch:N0} from another tenant, {options.Clients} client(s), meanwhile");
        }

        await using var server = await BenchServer.StartAsync(options.Store, options.ServerSettings);
        Console.WriteLine($"server    {server.StoreName}, {string.Join(' ', options.ServerSettings.DefaultIfEmpty("default settings"))}");
        var key = await server.TenantKeyAsync("late");
        using var client = server.Client(key);
        var pack = await UploadPackAsync(client, options.Window, clock.GetCurrentInstant());
        Console.WriteLine($"pack      tmall {pack}: tmall.ship-timeout within {Iso(options.Window)}, effective today");

        // Listen first, then pay orders: each never ships, so each has one ship-timeout violation at paid + window.
        var arrivals = new ConcurrentDictionary<string, (Instant Deadline, Instant Arrived)>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = ListenAsync(server, key, arrivals, listening, stop.Token);
        await listening.Task;

        var loadKey = options.Load ? await server.TenantKeyAsync("load") : null;
        var loading = load is null ? Task.FromResult<IngestBenchmark.Result?>(null)
            : RunLoadAsync(server, loadKey!, load, options.Clients, stop.Token);

        var orders = await PayOrdersAsync(client, options.Rate, options.Seconds, clock);
        Console.WriteLine($"orders    {orders:N0} paid over {options.Seconds} s ({options.Rate}/s), in a request every 100 ms");

        // Every violation is due by the end of the payments plus the window; allow a generous margin for stragglers.
        var watch = Stopwatch.StartNew();
        while (arrivals.Count < orders && watch.Elapsed < options.Window.ToTimeSpan() + TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        var loaded = await loading;
        await Swallow(listener);

        var lateness = arrivals.Values.Select(a => (a.Arrived - a.Deadline).TotalMilliseconds).ToList();
        Console.WriteLine($"violations {arrivals.Count:N0} of {orders:N0} received on /v1/stream");
        if (loaded is not null)
        {
            Console.WriteLine($"load      {loaded.Accepted:N0} events acknowledged meanwhile ({loaded.Accepted / loaded.Acked.TotalSeconds:N0} events/s)");
        }

        Console.WriteLine($"lateness  p50 {IngestBenchmark.Percentile(lateness, 0.50),7:F0} ms   p95 {IngestBenchmark.Percentile(lateness, 0.95),7:F0} ms   " +
                          $"p99 {IngestBenchmark.Percentile(lateness, 0.99),7:F0} ms   max {lateness.DefaultIfEmpty(double.NaN).Max(),7:F0} ms   (arrival on SSE − deadline)");
        return arrivals.Count == orders ? 0 : 1;
    }

    /// <summary>The newest embedded Tmall pack with a short ship timeout, as a new version effective today (Shanghai).</summary>
    private static async Task<string> UploadPackAsync(HttpClient client, Duration window, Instant now)
    {
        var path = Path.Combine(RepositoryRoot(), "rules", "tmall", "2025-09-05.json");
        var pack = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var today = now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        pack.Remove("$schema");
        pack["version"] = today + "-bench";
        pack["effectiveFrom"] = today;
        var ship = pack["rules"]!.AsArray().Single(r => (string?)r!["id"] == "tmall.ship-timeout")!;
        ship["within"] = Iso(window);
        var response = await client.PostAsync("/v1/rulepacks", new StringContent(pack.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the pack was refused: {(int)response.StatusCode} {body}");
        }

        return (string)pack["version"]!;
    }

    private static string Iso(Duration window) => window.TotalMilliseconds % 1000 == 0
        ? $"PT{(long)window.TotalSeconds}S"
        : $"PT{window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}S";

    /// <summary>Pays <paramref name="rate"/> orders a second for <paramref name="seconds"/> seconds, each at the moment it is sent.</summary>
    private static async Task<int> PayOrdersAsync(HttpClient client, int rate, int seconds, IClock clock)
    {
        var sent = 0;
        var perRequest = Math.Max(1, rate / 10);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        for (var tick = 0; tick < seconds * 10; tick++)
        {
            await timer.WaitForNextTickAsync();
            var lines = new StringBuilder();
            for (var k = 0; k < perRequest; k++)
            {
                var at = InstantText.Format(clock.GetCurrentInstant(), Shanghai);
                var order = $"LATE-{sent++}";
                lines.Append(CultureInfo.InvariantCulture,
                    $$$"""{"id":"{{{order}}}","type":"order.paid","at":"{{{at}}}","platform":"tmall","shop":"tm-bench","order":"{{{order}}}","amount":100.00,"items":[{"item":"SKU-1","qty":1,"amount":100.00}],"buyer":{"name":"王","phone":"13800000000","province":"浙江省","city":"杭州市","address":"西湖区文三路1号"},"seller":{"province":"广东省","city":"广州市"}}""")
                    .Append('\n');
            }

            using var response = await client.PostAsync("/v1/events", new StringContent(lines.ToString(), Encoding.UTF8, "application/x-ndjson"));
            response.EnsureSuccessStatusCode();
        }

        return sent;
    }

    private static async Task ListenAsync(BenchServer server, string key, ConcurrentDictionary<string, (Instant, Instant)> arrivals,
        TaskCompletionSource listening, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.GetAsync("/v1/stream", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith(':'))
            {
                listening.TrySetResult();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var arrived = SystemClock.Instance.GetCurrentInstant();
                using var finding = JsonDocument.Parse(line.AsMemory(5));
                var root = finding.RootElement;
                if (root.GetProperty("kind").GetString() == "violation" && root.GetProperty("rule").GetString() == "tmall.ship-timeout"
                    && InstantText.TryParse(root.GetProperty("at").GetString()!, out var deadline))
                {
                    arrivals.TryAdd(root.GetProperty("order").GetString()!, (deadline, arrived));
                }
            }
        }
    }

    private static async Task<IngestBenchmark.Result?> RunLoadAsync(BenchServer server, string key, GeneratedStream load, int clients, CancellationToken ct)
    {
        try
        {
            return await IngestBenchmark.PostAsync(server, key, load.Bodies, clients, ct);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // the stream was closed on purpose
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Luyue.slnx not found above the benchmark's binaries");
    }
}
