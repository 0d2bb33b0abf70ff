using System.Globalization;
using System.Text;
using Luyue.Core.Findings;
using Luyue.Core.Storage;
using Luyue.Server.Engine;

namespace Luyue.Server.Endpoints;

/// <summary>/healthz for probes, /metrics in Prometheus text format.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (EngineHost host) => host.Ready.IsCompletedSuccessfully
                ? Results.Text("ok\n")
                : Results.Text("recovering\n", statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithName("Health").WithSummary("200 once stored events are replayed and the engines run").WithTags("Operations").AllowAnonymous()
            .Produces<string>(StatusCodes.Status200OK, "text/plain").Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
        app.MapGet("/metrics", Metrics).WithName("Metrics").WithSummary("Prometheus text: ingest, open orders, pending timers, findings by kind")
            .WithTags("Operations").AllowAnonymous().Produces<string>(StatusCodes.Status200OK, "text/plain");
        return app;
    }

    private static async Task<IResult> Metrics(EngineHost host, Ingestion ingestion, IStore store, CancellationToken ct)
    {
        var (orders, numbers, timers) = host.Ready.IsCompletedSuccessfully ? await host.StatsAsync() : (0, 0, 0);
        var text = new StringBuilder();
        void Family(string name, string type, string help, params (string Labels, double Value)[] samples)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, value) in samples)
            {
                text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        void Metric(string name, string type, string help, double value) => Family(name, type, help, ("", value));

        var (accepted, duplicate, rejected) = ingestion.Totals;
        Family("luyue_events_ingested_total", "counter", "Events received through the API since start, by outcome (rate of accepted = ingest rate).",
            ("{outcome=\"accepted\"}", accepted), ("{outcome=\"duplicate\"}", duplicate), ("{outcome=\"rejected\"}", rejected));
        Metric("luyue_events_applied_total", "counter", "Events applied by the engines since start (recovery included).", host.EventsApplied);
        Metric("luyue_events_stored", "gauge", "Events in the store.", await store.CountEventsAsync(null, ct));
        Metric("luyue_open_orders", "gauge", "Orders held by the engines.", orders);
        Metric("luyue_open_numbers", "gauge", "Tracking numbers held by the engines.", numbers);
        Metric("luyue_pending_timers", "gauge", "Timer entries queued in the engines.", timers);
        Metric("luyue_findings_stored_total", "counter", "Findings made durable since start.", Interlocked.Read(ref host.FindingsStored));
        // Busy time of what runs one at a time: rate() near 1 means it is what limits ingestion (docs/performance.md).
        var (turn, append) = ingestion.WriterBusy;
        Family("luyue_ingest_writer_busy_seconds_total", "counter",
            "Time ingestion's single writer has been busy since start: the whole turn, and the store's commit within it (the sync follows the turn).",
            ("{part=\"turn\"}", turn.TotalSeconds), ("{part=\"append\"}", append.TotalSeconds));
        Family("luyue_partition_busy_seconds_total", "counter",
            "Time each partition's loop has spent on events and clocks since start (part=all), and storing findings beside the loop (part=flush); recovery not included.",
            host.PartitionsBusy.SelectMany((busy, index) => new[]
            {
                ($"{{partition=\"{index}\",part=\"all\"}}", busy.Total.TotalSeconds),
                ($"{{partition=\"{index}\",part=\"flush\"}}", busy.Flush.TotalSeconds),
            }).ToArray());

        // Every kind, zeros included, so that each series exists from the start and rate() sees its first increase.
        var byKind = host.FindingsByKind;
        Family("luyue_findings_total", "counter", "Findings made durable since start, by kind.",
            Enum.GetValues<FindingKind>().Select(k => k.ToText())
                .Select(kind => ($"{{kind=\"{kind}\"}}", (double)byKind.GetValueOrDefault(kind))).ToArray());
        return Results.Text(text.ToString(), "text/plain; version=0.0.4");
    }
}
