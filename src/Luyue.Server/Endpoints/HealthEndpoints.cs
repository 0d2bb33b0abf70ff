using System.Globalization;
using System.Text;
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
            .WithName("Health").WithSummary("200 once stored events are replayed and the engines run").WithTags("Operations").AllowAnonymous();
        app.MapGet("/metrics", Metrics).WithName("Metrics").WithSummary("Prometheus text: ingest, open orders, pending timers, findings by kind")
            .WithTags("Operations").AllowAnonymous();
        return app;
    }

    private static async Task<IResult> Metrics(EngineHost host, IStore store, CancellationToken ct)
    {
        var (orders, numbers, timers) = host.Ready.IsCompletedSuccessfully ? await host.StatsAsync() : (0, 0, 0);
        var text = new StringBuilder();
        void Metric(string name, string type, string help, double value, string labels = "")
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        Metric("luyue_events_applied_total", "counter", "Events applied by the engines since start (recovery included).", host.EventsApplied);
        Metric("luyue_events_stored", "gauge", "Events in the store.", await store.CountEventsAsync(null, ct));
        Metric("luyue_open_orders", "gauge", "Orders held by the engines.", orders);
        Metric("luyue_open_numbers", "gauge", "Tracking numbers held by the engines.", numbers);
        Metric("luyue_pending_timers", "gauge", "Timer entries queued in the engines.", timers);
        Metric("luyue_findings_stored_total", "counter", "Findings made durable since start.", Interlocked.Read(ref host.FindingsStored));
        return Results.Text(text.ToString(), "text/plain; version=0.0.4");
    }
}
