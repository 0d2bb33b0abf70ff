using System.Net.Sockets;
using System.Text;
using Luyue.Core.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Luyue.Server.Webhooks;

/// <summary>
/// Sends due deliveries: signed POSTs, retried with exponential backoff (1 s, 2 s, 4 s … capped at an hour) and parked
/// as dead after the last attempt, from where a tenant can redeliver them. Connections re-check the target address,
/// so a name that later resolves to an internal address is still refused.
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    private readonly IStore store;
    private readonly IClock clock;
    private readonly ServerOptions options;
    private readonly WebhookOutbox outbox;
    private readonly ILogger<WebhookDispatcher> log;
    private readonly HttpClient http;

    public WebhookDispatcher(IStore store, IClock clock, IOptions<ServerOptions> options, WebhookOutbox outbox, ILogger<WebhookDispatcher> log)
    {
        this.store = store;
        this.clock = clock;
        this.options = options.Value;
        this.outbox = outbox;
        this.log = log;
        var allowInternal = this.options.AllowPrivateWebhooks;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = async (context, ct) =>
            {
                var addresses = await System.Net.Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
                var target = addresses.FirstOrDefault(a => allowInternal || !AddressGuard.IsInternal(a))
                             ?? throw new HttpRequestException($"refused: {context.DnsEndPoint.Host} resolves only to internal addresses");
                var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(target, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public static Duration Backoff(int attempts) => Duration.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Max(0, attempts - 1))));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.DueDeliveriesAsync(clock.GetCurrentInstant(), 200, stoppingToken);
                await Task.WhenAll(due.Select(d => SendAsync(d, stoppingToken)));
                if (due.Count == 0)
                {
                    await Task.Delay(200, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogError(ex, "webhook dispatch failed");
                await Task.Delay(1000, stoppingToken);
            }
        }
    }

    private async Task SendAsync(Delivery delivery, CancellationToken ct)
    {
        var hook = (await outbox.HooksAsync(delivery.Tenant, ct)).FirstOrDefault(h => h.Id == delivery.Webhook);
        if (hook is null)
        {
            await store.UpdateDeliveryAsync(delivery with { State = DeliveryState.Dead, LastError = "the webhook was deleted" }, ct);
            return;
        }

        var now = clock.GetCurrentInstant();
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
            var timestamp = now.ToUnixTimeSeconds();
            request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(hook.Secret, timestamp, delivery.Body));
            request.Headers.Add("Luyue-Delivery", delivery.Id);
            using var response = await http.SendAsync(request, ct);
            error = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = ex.Message;
        }

        var attempts = delivery.Attempts + 1;
        var next = error is null ? delivery
            : attempts >= options.WebhookMaxAttempts ? delivery with { State = DeliveryState.Dead }
            : delivery with { NextAttemptAt = now + Backoff(attempts) };
        await store.UpdateDeliveryAsync(next with { Attempts = attempts, LastError = error, State = error is null ? DeliveryState.Delivered : next.State }, ct);
    }
}
