using System.Diagnostics;
using System.Security.Cryptography;
using Luyue.Core.Engine;
using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Rules;
using Luyue.Core.Storage;
using Luyue.Storage.Postgres;
using Luyue.Storage.Sqlite;
using NodaTime;
using Npgsql;

namespace Luyue.ServerBenchmarks;

/// <summary>
/// Where the time of ingestion goes: the stages of the server's path for one batch, each alone, single-threaded, over the
/// same generated stream (no HTTP): splitting and parsing the lines, building the rows, appending them to the store
/// (durably, one transaction per batch, as ingestion does), the engine with its findings written as JSON, the host's
/// routing and the store indicators; each with the bytes it allocated per event (what the GC pays for later).
/// </summary>
internal static class StagesBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        only = options.Only;
        var stream = GeneratedStream.Create(options.Orders, options.Seed, options.Batch, SystemClock.Instance.GetCurrentInstant());
        Console.WriteLine($"stream    {stream.Events:N0} events in {stream.Bodies.Count:N0} batches of {options.Batch:N0}");

        var lines = new List<List<byte[]>>();
        Time("split lines", stream.Events, () =>
        {
            foreach (var body in stream.Bodies)
            {
                var batch = new List<byte[]>(options.Batch);
                using var input = new MemoryStream(body);
                JsonLines.Read(input, (_, line) => batch.Add(line.ToArray()));
                lines.Add(batch);
            }
        });

        var parsed = new List<List<FulfilmentEvent>>();
        Time("parse (EventParser)", stream.Events, () =>
        {
            var parser = new EventParser();
            foreach (var batch in lines)
            {
                parsed.Add(batch.ConvertAll(json => parser.TryParse(json, out var e, out _) ? e! : throw new InvalidOperationException()));
            }
        });

        var rows = new List<List<IncomingEvent>>();
        var receivedAt = SystemClock.Instance.GetCurrentInstant();
        Time("rows (ids, partition, tracking; the UTF-8 line as it is)", stream.Events, () =>
        {
            for (var b = 0; b < lines.Count; b++)
            {
                var batch = new List<IncomingEvent>(lines[b].Count);
                for (var i = 0; i < lines[b].Count; i++)
                {
                    var e = parsed[b][i];
                    var order = OrderOf(e);
                    batch.Add(new IncomingEvent(e.Id ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(lines[b][i])), order,
                        order is null ? 0 : (int)(PartitionHash.Of("t", order) % 1u), e.At, receivedAt, lines[b][i], (e as Scan)?.Tracking));
                }

                rows.Add(batch);
            }
        });

        Fresh? appended = null;
        await TimeAsync($"append ({(options.Store is null ? "SQLite" : "PostgreSQL")}, a transaction per batch)", stream.Events, async () =>
        {
            appended = await OpenAsync(options.Store);
            foreach (var batch in rows)
            {
                await appended.Store.AppendEventsAsync("t", batch, CancellationToken.None);
            }

            // Closed inside the stage, as it was before the reads below were added: SQLite checkpoints the WAL on close.
            await appended.Store.DisposeAsync();
        });
        if (appended is not null)
        {
            await ReadsAfterAppendAsync(appended, rows);
            await appended.Cleanup();
        }

        long findings = 0;
        Time("engine, findings as JSON", stream.Events, () =>
        {
            using var sink = new FindingWriter(Stream.Null);
            // As the server's partitions make them: leaving scan classifications for the indicators.
            var engine = new ComplianceEngine(RuleBook.Embedded, sink, new EngineOptions { ShareScanClassifications = true });
            foreach (var batch in parsed)
            {
                foreach (var e in batch)
                {
                    engine.Apply(e);
                }
            }

            engine.Flush();
            findings = sink.Count;
        });
        if (findings > 0)
        {
            Console.WriteLine($"          ({findings:N0} findings)");
        }

        // What the host does with each acknowledged batch besides the engines: route it (under the host's lock) and
        // keep the store indicators (in the background, but on the same two cores).
        long routed = 0;
        Time("routing (Router, 4 partitions)", stream.Events, () =>
        {
            var router = new Luyue.Server.Engine.Router(4, RuleBook.Embedded.Carriers);
            var pairs = new List<(int, FulfilmentEvent)>();
            foreach (var batch in parsed)
            {
                foreach (var e in batch)
                {
                    router.Route("t", e, pairs);
                }

                routed += pairs.Count;
                pairs.Clear();
            }
        });
        if (routed > 0)
        {
            Console.WriteLine($"          ({routed:N0} routed)");
        }

        Luyue.Core.Indicators.IndicatorReport? report = null;
        // After the engine stage (when it runs), as in the server: the indicators read the scans the engine classified.
        Time("indicators (IndicatorAccumulator)", stream.Events, () =>
        {
            var indicators = new Luyue.Core.Indicators.IndicatorAccumulator(RuleBook.Embedded, Luyue.Core.Indicators.IndicatorSettings.Embedded);
            foreach (var batch in parsed)
            {
                foreach (var e in batch)
                {
                    indicators.Apply(e);
                }
            }

            report = indicators.Report(new Luyue.Core.Indicators.IndicatorQuery());
        });
        if (report is not null)
        {
            Console.WriteLine($"          ({report.Items.Count:N0} shops, {report.Items.Sum(r => r.Measures.Shipments):N0} shipments)");
        }
        return 0;
    }

    /// <summary>
    /// After the SQLite append: reading one order's events (the order page's read) for 1,000 orders spread over the
    /// stream; then the side index rebuilt when the store opens a file whose index is empty (as migration 0010 leaves
    /// it), and the same reads again.
    /// </summary>
    private static async Task ReadsAfterAppendAsync(Fresh appended, List<List<IncomingEvent>> rows)
    {
        if (appended.File is not { } file)
        {
            return;
        }

        var orders = rows.SelectMany(batch => batch).Select(e => e.Order).OfType<string>().Distinct().ToList();
        var sample = Enumerable.Range(0, 1_000).Select(i => orders[(int)((long)i * orders.Count / 1_000)]).ToList();
        await using (var store = SqliteStore.Open($"Data Source={file}"))
        {
            await store.MigrateAsync(CancellationToken.None);
            await ReadOrdersAsync(store, sample, "read one order's events");
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var empty = connection.CreateCommand();
            empty.CommandText = "DELETE FROM log_index_blocks; DELETE FROM log_index_runs; UPDATE log_indexed SET sequence = 0 WHERE id = 1";
            await empty.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using var reopened = SqliteStore.Open($"Data Source={file}");
        await reopened.MigrateAsync(CancellationToken.None);
        Console.WriteLine($"  {"open, side index rebuilt from the whole log",-45} {watch.Elapsed.TotalSeconds,8:F1} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s; fingerprints loaded too)");
        await ReadOrdersAsync(reopened, sample, "read one order's events, one run");
    }

    private static async Task ReadOrdersAsync(IStore store, List<string> orders, string what)
    {
        var times = new List<double>(orders.Count);
        long events = 0;
        foreach (var order in orders)
        {
            var watch = Stopwatch.StartNew();
            events += (await store.ReadOrderEventsAsync("t", order, 1_000, CancellationToken.None)).Count;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"  {what,-45} mean {times.Average(),6:F2} ms, p99 {times[(int)(times.Count * 0.99)],6:F2} ms ({orders.Count:N0} orders, {events / (double)orders.Count:F1} events each)");
    }

    // As Ingestion.OrderOf (internal to the server): the order an event concerns, the key of its partition.
    private static string? OrderOf(FulfilmentEvent e) => e switch
    {
        OrderPaid p => p.Order,
        OrderShipped s => s.Order,
        TrackingChanged t => t.Order,
        OrderRefunded r => r.Order,
        OrderClosed c => c.Order,
        Complaint c => c.Order,
        FilingSubmitted f => f.Order,
        _ => null,
    };

    private static void Time(string stage, long events, Action run) => TimeAsync(stage, events, () =>
    {
        run();
        return Task.CompletedTask;
    }).GetAwaiter().GetResult();

    // Set from --only: the stages to run besides splitting and parsing, which the others need.
    private static string? only;

    private static async Task TimeAsync(string stage, long events, Func<Task> run)
    {
        if (only is not null && !stage.StartsWith("split", StringComparison.Ordinal) && !stage.StartsWith("parse", StringComparison.Ordinal)
            && !stage.StartsWith("rows", StringComparison.Ordinal)
            && !only.Split(',').Any(name => stage.Contains(name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var written = WrittenBytes();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await run();
        watch.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var disk = WrittenBytes() - written;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine($"  {stage,-45} {events / watch.Elapsed.TotalSeconds,12:N0} events/s   {watch.Elapsed.TotalMilliseconds * 1000 / events,6:F2} µs/event   " +
                          $"{bytes / (double)events,7:N0} B/event allocated   (CPU {used.TotalSeconds:F1} s of {watch.Elapsed.TotalSeconds:F1} s" +
                          (disk > 0 ? $"; {disk / 1e6:N0} MB written to disk, {disk / 1024.0 / events:F1} KiB/event)" : ")"));
    }

    /// <summary>Bytes this process caused to be written to storage (Linux /proc/self/io), 0 where unknown.</summary>
    private static long WrittenBytes()
    {
        const string Path = "/proc/self/io";
        if (!File.Exists(Path))
        {
            return 0;
        }

        var line = File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A fresh store: SQLite in a temporary directory, or a new PostgreSQL database from <paramref name="postgres"/>.</summary>
    private static async Task<Fresh> OpenAsync(string? postgres)
    {
        if (postgres is null)
        {
            var directory = Directory.CreateTempSubdirectory("luyue-stages-").FullName;
            var sqlite = SqliteStore.OpenDataDirectory(directory);
            await sqlite.MigrateAsync(CancellationToken.None);
            return new Fresh(sqlite, async () => Directory.Delete(directory, recursive: true), Path.Combine(directory, SqliteStore.FileName));
        }

        var database = new NpgsqlConnectionStringBuilder(postgres) { Database = $"luyue_stages_{Guid.NewGuid():N}" };
        await Execute(postgres, $"CREATE DATABASE {database.Database}");
        var store = PostgresStore.Open(database.ConnectionString);
        await store.MigrateAsync(CancellationToken.None);
        return new Fresh(store, () => Execute(postgres, $"DROP DATABASE IF EXISTS {database.Database} WITH (FORCE)"));
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A store made for one run, removed when disposed; <paramref name="File"/> is SQLite's database file.</summary>
    private sealed record Fresh(IStore Store, Func<Task> Cleanup, string? File = null) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            await Cleanup();
        }
    }
}
