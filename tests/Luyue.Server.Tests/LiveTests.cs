using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.Channels;
using NodaTime;
using Xunit.Abstractions;

namespace Luyue.Server.Tests;

/// <summary>
/// Timers run on the wall clock: a parcel that goes silent gets its warning on time with no new event, on
/// GET /v1/findings and on the live stream (Server-Sent Events), and a client that reconnects gets what it missed.
/// </summary>
public class LiveTests(ITestOutputHelper log)
{
    // shared/examples/tmall-pickup-warning.jsonl: paid 06-01 08:00, shipped 20:00, never picked up. The pickup deadline is
    // 48 h after payment (06-03 08:00), with a warning at 40 h (06-03 00:00).
    private static readonly string[] PaidAndShipped =
    [
        """{"id":"t1","type":"order.paid","at":"2024-06-01T08:00:00+08:00","platform":"tmall","shop":"tm-shop-1","order":"TM-1","amount":200.00,"items":[{"item":"SKU-C","qty":1,"amount":200.00}],"buyer":{"name":"张伟","phone":"13700000003","province":"上海市","city":"上海市","address":"浦东新区世纪大道3号"},"seller":{"province":"浙江省","city":"杭州市"}}""",
        """{"id":"t2","type":"order.shipped","at":"2024-06-01T20:00:00+08:00","order":"TM-1","carrier":"sto","tracking":"STO300000000003"}""",
    ];

    private static readonly Instant Shipped = Instant.FromUtc(2024, 6, 1, 12, 0);
    private static readonly Instant WarningAt = Instant.FromUtc(2024, 6, 2, 16, 0);
    private static readonly Instant DeadlineAt = Instant.FromUtc(2024, 6, 3, 0, 0);

    // The server moves its engines to the wall clock every tick (20 ms in these tests, 100 ms by default), so a due
    // finding is stored and streamed well within a second; the bound allows for a loaded two-core machine.
    private static readonly TimeSpan LiveBound = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_parcel_that_goes_silent_gets_its_warning_on_time_with_no_new_event()
    {
        var server = await new TestServer(Shipped + Duration.FromHours(1)).StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            await ServerProbes.PostAsync(client, PaidAndShipped);
            await using var stream = await FindingStream.OpenAsync(server.BaseAddress, merchant);
            await ServerProbes.SettledAsync(client);
            Assert.Empty(await TestServer.FindingsAsync(client, "order=TM-1"));

            // No event arrives; only the wall clock moves past the warning time.
            server.Clock.Set(WarningAt + Duration.FromSeconds(1));
            var watch = Stopwatch.StartNew();
            var live = await stream.NextAsync(LiveBound);
            log.WriteLine($"warning on the stream {watch.ElapsedMilliseconds} ms after the clock passed its time");
            Assert.Equal("finding", live.Event);
            Assert.Equal("warning", live.Json.GetProperty("kind").GetString());
            Assert.Equal("tmall.pickup-timeout", live.Json.GetProperty("rule").GetString());
            Assert.Equal("2024-06-03T00:00:00+08:00", live.Json.GetProperty("at").GetString());

            await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "order=TM-1&kind=warning")).Count == 1,
                "the warning on GET /v1/findings", (int)LiveBound.TotalMilliseconds);
            var stored = Assert.Single(await TestServer.FindingsAsync(client, "order=TM-1"));
            Assert.Equal(live.Json.GetRawText(), stored.GetRawText());

            // And the violation at the deadline, the same way.
            server.Clock.Set(DeadlineAt + Duration.FromSeconds(1));
            var violation = await stream.NextAsync(LiveBound);
            Assert.Equal("violation", violation.Json.GetProperty("kind").GetString());
            Assert.Equal("2024-06-03T08:00:00+08:00", violation.Json.GetProperty("at").GetString());
            Assert.True(violation.Id > live.Id, "event ids are the findings' sequence numbers, increasing");
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task A_client_that_reconnects_with_Last_Event_ID_gets_what_it_missed()
    {
        var server = await new TestServer(Shipped + Duration.FromHours(1)).StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            await ServerProbes.PostAsync(client, PaidAndShipped);

            long seen;
            await using (var stream = await FindingStream.OpenAsync(server.BaseAddress, merchant))
            {
                server.Clock.Set(WarningAt + Duration.FromSeconds(1));
                var warning = await stream.NextAsync(LiveBound);
                Assert.Equal("warning", warning.Json.GetProperty("kind").GetString());
                seen = warning.Id;
            }

            // Disconnected while the deadline passes.
            server.Clock.Set(DeadlineAt + Duration.FromSeconds(1));
            await TestServer.Eventually(async () => (await TestServer.FindingsAsync(client, "order=TM-1&kind=violation")).Count == 1, "the violation");

            await using var resumed = await FindingStream.OpenAsync(server.BaseAddress, merchant, lastEventId: seen);
            var missed = await resumed.NextAsync(LiveBound);
            Assert.Equal("violation", missed.Json.GetProperty("kind").GetString());
            Assert.Equal("tmall.pickup-timeout", missed.Json.GetProperty("rule").GetString());
            Assert.True(missed.Id > seen);

            // Then live again on the same connection: the penalty 24 h after the violation.
            server.Clock.Set(DeadlineAt + Duration.FromHours(24) + Duration.FromSeconds(1));
            var penalty = await resumed.NextAsync(LiveBound);
            Assert.Equal("penalty", penalty.Json.GetProperty("kind").GetString());
            Assert.True(penalty.Id > missed.Id);
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    [Fact]
    public async Task The_stream_carries_only_the_callers_tenant()
    {
        var server = await new TestServer(Shipped + Duration.FromHours(1)).StartAsync();
        try
        {
            var (_, mine, _) = await server.TenantAsync("mine");
            var (_, theirs, _) = await server.TenantAsync("theirs");
            using (var client = server.Client(theirs))
            {
                await ServerProbes.PostAsync(client, PaidAndShipped);
            }

            using (var client = server.Client(mine))
            {
                // The same order id in another tenant, shipped a day later: its warning comes a day later too.
                await ServerProbes.PostAsync(client, PaidAndShipped.Select(l => l.Replace("2024-06-01T", "2024-06-02T", StringComparison.Ordinal)));
            }

            await using var stream = await FindingStream.OpenAsync(server.BaseAddress, mine);
            server.Clock.Set(WarningAt + Duration.FromDays(1) + Duration.FromSeconds(1));
            var first = await stream.NextAsync(LiveBound);
            // Theirs passed its warning and deadline in that day; the stream shows only my warning.
            Assert.Equal("warning", first.Json.GetProperty("kind").GetString());
            Assert.Equal("2024-06-04T00:00:00+08:00", first.Json.GetProperty("at").GetString());
            using var their = server.Client(theirs);
            Assert.Equal(2, (await TestServer.FindingsAsync(their, "order=TM-1")).Count);
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    /// <summary>One Server-Sent Event: <c>id</c>, <c>event</c> and the finding in <c>data</c>.</summary>
    internal sealed record LiveEvent(long Id, string Event, System.Text.Json.JsonElement Json);

    /// <summary>
    /// A reader of /v1/stream: a GET read as it arrives (headers first), split into events by blank lines, as an
    /// EventSource does. <see cref="OpenAsync"/> returns once the server has subscribed the connection.
    /// </summary>
    internal sealed class FindingStream : IAsyncDisposable
    {
        private readonly HttpClient http;
        private readonly HttpResponseMessage response;
        private readonly Channel<LiveEvent> events = Channel.CreateUnbounded<LiveEvent>();
        private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource stop = new();
        private Task pump = Task.CompletedTask;

        private FindingStream(HttpClient http, HttpResponseMessage response)
        {
            this.http = http;
            this.response = response;
        }

        public static async Task<FindingStream> OpenAsync(Uri baseAddress, string key, long? lastEventId = null)
        {
            var http = new HttpClient { BaseAddress = baseAddress, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/stream");
            if (lastEventId is { } id)
            {
                request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
            }

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var stream = new FindingStream(http, response);
            stream.pump = stream.PumpAsync();
            await stream.connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return stream;
        }

        /// <summary>The next event, or a <see cref="TimeoutException"/> when none comes within <paramref name="timeout"/>.</summary>
        public async Task<LiveEvent> NextAsync(TimeSpan timeout)
        {
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                return await events.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no event on /v1/stream within {timeout.TotalSeconds} s");
            }
            catch (ChannelClosedException ex)
            {
                throw new InvalidOperationException("the stream ended", ex);
            }
        }

        private async Task PumpAsync()
        {
            try
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                string? id = null, type = null;
                var data = new List<string>();
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line.Length == 0)
                    {
                        if (data.Count > 0)
                        {
                            events.Writer.TryWrite(new LiveEvent(long.Parse(id ?? "0", CultureInfo.InvariantCulture), type ?? "message",
                                System.Text.Json.JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone()));
                        }

                        id = type = null;
                        data.Clear();
                    }
                    else if (line.StartsWith(':'))
                    {
                        connected.TrySetResult(); // the server's comment once it has subscribed the connection
                    }
                    else if (line.StartsWith("id:", StringComparison.Ordinal))
                    {
                        id = line[3..].Trim();
                    }
                    else if (line.StartsWith("event:", StringComparison.Ordinal))
                    {
                        type = line[6..].Trim();
                    }
                    else if (line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        data.Add(line[5..].TrimStart());
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // closed by the test or the server
            }
            finally
            {
                events.Writer.TryComplete();
                connected.TrySetResult();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            response.Dispose();
            await pump;
            http.Dispose();
            stop.Dispose();
        }
    }
}
