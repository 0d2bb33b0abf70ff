namespace Luyue.Server.Tests;

/// <summary>
/// The server's findings equal <c>luyue replay</c>'s on the same events: a generated stream (2,000 orders, every platform,
/// the default mix of violations, duplicates and out-of-order arrival) sent over HTTP, against one engine fed the same lines.
/// </summary>
[Collection(HeavyTests.Name)]
public class ReplayEqualityTests
{
    private const int Orders = 2_000;

    [Fact]
    public Task A_stream_sent_in_one_batch_gives_exactly_the_replays_findings() => OneBatchAsync();

    [Fact]
    public Task A_stream_sent_in_batches_of_500_leaves_the_replays_findings_standing() => BatchesAsync();

    /// <summary>
    /// The whole stream in one request, the server's clock at the stream's closing time: the server applies the batch like
    /// a replay and then moves the clock to where the replay ends, so every finding is the same, as a multiset of (kind,
    /// rule, order, at, tracking, amount).
    /// </summary>
    internal static async Task OneBatchAsync(params string[] settings)
    {
        var lines = Streams.Generate(Orders, seed: 11);
        var expected = Streams.Identities(Streams.Replay(lines));
        Assert.True(expected.Count > 500, $"a stream that finds something: {expected.Count} findings");

        var server = await new TestServer(Streams.ClosingTime(lines), null, [.. settings, "--Luyue:MaxBatch=100000"]).StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            client.Timeout = ServerProbes.HeavyTimeout;
            var result = await ServerProbes.PostAsync(client, lines);
            Assert.Equal(Streams.Ids(lines).Distinct(StringComparer.Ordinal).Count(), result.GetProperty("accepted").GetInt32());
            Assert.Equal(0, result.GetProperty("rejected").GetInt32());

            await ServerProbes.SettledAsync(client);
            await ServerProbes.EventuallySameAsync(client, expected, Streams.Identities, "server findings vs. replay (one batch)");
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }

    /// <summary>
    /// The stream in batches of 500 while the server's clock stands at the stream's last activity: after the first batch
    /// every deadline of its orders has passed on the wall clock, so each later batch is late evidence for earlier ones
    /// (violations, then their retractions). What stands at the end is what the replay leaves standing. (Not the closing
    /// time, five weeks after the first payment: that is beyond the engine's 30-day retention, so the first orders would
    /// be forgotten before their evidence arrives, as the engine is designed to; the closing clock event, last of the
    /// stream, still takes the server there.)
    /// </summary>
    internal static async Task BatchesAsync(params string[] settings)
    {
        var lines = Streams.Generate(Orders, seed: 12);
        var expected = Streams.Standing(Streams.Replay(lines));
        Assert.True(expected.Count > 100, $"a stream that finds something: {expected.Count} standing");

        var server = await new TestServer(Streams.LastActivity(lines), null, settings).StartAsync();
        try
        {
            var (_, merchant, _) = await server.TenantAsync();
            using var client = server.Client(merchant);
            client.Timeout = ServerProbes.HeavyTimeout;
            foreach (var batch in lines.Chunk(500))
            {
                await ServerProbes.PostAsync(client, batch);
            }

            await ServerProbes.SettledAsync(client);
            await ServerProbes.EventuallySameAsync(client, expected, Streams.Standing, "standing findings, server (batches of 500) vs. replay");
            var retracted = (await ServerProbes.FindingsAsync(client)).Count(f => f.Kind == Core.Findings.FindingKind.Retracted);
            Assert.True(retracted > 0, "late evidence retracted violations found before it arrived");
        }
        finally
        {
            await server.DisposeAsync();
            server.DeleteData();
        }
    }
}
