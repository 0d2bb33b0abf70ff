using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Luyue.Core.Findings;
using NodaTime;
using Xunit.Abstractions;

namespace Luyue.Server.Tests;

/// <summary>
/// A 2xx means durable, and a restart re-derives exactly the findings of the live run: after a clean stop (in-process)
/// and after <c>kill -9</c> of a real <c>luyue serve</c> during sustained ingestion.
/// </summary>
[Collection(HeavyTests.Name)]
public class DurabilityTests(ITestOutputHelper log)
{
    [Fact]
    public Task After_a_restart_the_findings_are_the_same_and_every_event_is_stored_once() => RestartAsync();

    /// <summary>
    /// Ingests a generated stream in batches, stops the server, starts a new one on the same data (directory or database)
    /// and compares: the same findings in the same order (none lost, none added twice), every event stored and applied
    /// once, and sending everything again changes nothing.
    /// </summary>
    internal static async Task RestartAsync(params string[] settings)
    {
        var lines = Streams.Generate(1_000, seed: 21);
        var clock = Streams.LastActivity(lines);
        var expected = Streams.Standing(Streams.Replay(lines));
        var first = await new TestServer(clock, null, settings).StartAsync();
        TestServer? second = null;
        try
        {
            var (_, merchant, _) = await first.TenantAsync();
            var accepted = 0;
            List<string> before;
            using (var client = first.Client(merchant))
            {
                client.Timeout = ServerProbes.HeavyTimeout;
                foreach (var batch in lines.Chunk(500))
                {
                    accepted += (await ServerProbes.PostAsync(client, batch)).GetProperty("accepted").GetInt32();
                }

                await ServerProbes.SettledAsync(client);
                await ServerProbes.EventuallySameAsync(client, expected, Streams.Standing, "standing findings before the restart");
                before = (await TestServer.FindingsAsync(client)).Select(f => f.GetRawText()).ToList();
            }

            Assert.Equal(Streams.Ids(lines).Distinct(StringComparer.Ordinal).Count(), accepted);
            await first.StopAsync();

            second = await new TestServer(clock, first.Data, settings).StartAsync(first.AdminKey);
            using (var client = second.Client(merchant))
            {
                client.Timeout = ServerProbes.HeavyTimeout;
                await ServerProbes.SettledAsync(client);
                var after = (await TestServer.FindingsAsync(client)).Select(f => f.GetRawText()).ToList();
                Assert.Equal(before, after);
                Assert.Empty(Streams.Duplicates(after.Select(f => Streams.StoreIdentity(Streams.Parse(System.Text.Json.JsonDocument.Parse(f).RootElement)))));
                Assert.Equal(accepted, await ServerProbes.MetricAsync(client, "luyue_events_stored"));
                Assert.Equal(accepted, await ServerProbes.MetricAsync(client, "luyue_events_applied_total"));

                foreach (var batch in lines.Chunk(500))
                {
                    Assert.Equal(0, (await ServerProbes.PostAsync(client, batch)).GetProperty("accepted").GetInt32());
                }

                await ServerProbes.SettledAsync(client);
                Assert.Equal(before, (await TestServer.FindingsAsync(client)).Select(f => f.GetRawText()).ToList());
                Assert.Equal(accepted, await ServerProbes.MetricAsync(client, "luyue_events_stored"));
            }
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            first.DeleteData();
        }
    }

    /// <summary>
    /// Several clients at once, so that the server commits their batches in groups (one transaction and one sync for
    /// the batches waiting): every batch is sent twice, by whichever clients take it, and each event is accepted exactly
    /// once over all answers; then a restart re-derives the very findings of the live run, in the same order, which
    /// holds only if the engines were handed the batches in commit order and each at its stored arrival time.
    /// </summary>
    [Fact]
    public async Task Batches_from_several_clients_at_once_are_stored_once_and_a_restart_re_derives_the_same_findings()
    {
        var lines = Streams.Generate(1_000, seed: 23);
        var batches = lines.Chunk(100).ToList();
        var sends = batches.Concat(batches).ToList();
        var first = await new TestServer(Streams.LastActivity(lines)).StartAsync();
        TestServer? second = null;
        try
        {
            var (_, merchant, _) = await first.TenantAsync();
            long accepted = 0, duplicate = 0;
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                using var client = first.Client(merchant);
                client.Timeout = ServerProbes.HeavyTimeout;
                int i;
                while ((i = Interlocked.Increment(ref next)) < sends.Count)
                {
                    var answer = await ServerProbes.PostAsync(client, sends[i]);
                    Interlocked.Add(ref accepted, answer.GetProperty("accepted").GetInt32());
                    Interlocked.Add(ref duplicate, answer.GetProperty("duplicate").GetInt32());
                }
            })));

            Assert.Equal(Streams.Ids(lines).Distinct(StringComparer.Ordinal).Count(), accepted);
            Assert.Equal(2 * lines.Length, accepted + duplicate);
            List<string> before;
            using (var client = first.Client(merchant))
            {
                await ServerProbes.SettledAsync(client);
                Assert.Equal(accepted, await ServerProbes.MetricAsync(client, "luyue_events_applied_total"));
                before = (await TestServer.FindingsAsync(client)).Select(f => f.GetRawText()).ToList();
            }

            Assert.NotEmpty(before);
            await first.StopAsync();

            second = await new TestServer(Streams.LastActivity(lines), first.Data).StartAsync(first.AdminKey);
            using (var client = second.Client(merchant))
            {
                client.Timeout = ServerProbes.HeavyTimeout;
                await ServerProbes.SettledAsync(client);
                Assert.Equal(before, (await TestServer.FindingsAsync(client)).Select(f => f.GetRawText()).ToList());
                Assert.Equal(accepted, await ServerProbes.MetricAsync(client, "luyue_events_stored"));
            }
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            first.DeleteData();
        }
    }

    /// <summary>
    /// The crash test: a real <c>luyue serve</c> process takes a generated stream in batches of 500 from a client that posts
    /// one after another; once half have been acknowledged it is killed with SIGKILL (no shutdown code runs), restarted
    /// on the same directory, and compared: every event of every acknowledged batch is stored (sending it again is a
    /// duplicate), no finding is stored twice, and what stands equals a replay of the events the server holds (the
    /// acknowledged batches, and the batch in flight at the kill, which it may or may not have committed).
    /// </summary>
    /// <remarks>
    /// The server runs on the wall clock, so the stream starts three days ago: the first batches are judged against the
    /// wall clock (their deadlines pass at once, and later batches retract hundreds of violations at a time only the live
    /// run knew), the rest runs ahead of it, so what stands does not move while the test compares it.
    /// </remarks>
    [Fact]
    public async Task A_kill_9_during_sustained_ingestion_loses_no_acknowledged_event_and_stores_no_finding_twice()
    {
        var lines = Streams.Generate(3_000, seed: 31, start: SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(3));
        var batches = lines.Chunk(500).ToList();
        var data = Directory.CreateTempSubdirectory("luyue-crash-").FullName;
        ServeProcess? server = null;
        try
        {
            server = await ServeProcess.StartAsync(data);
            string merchant;
            using (var admin = Client(server.BaseAddress, server.AdminKey ?? throw new InvalidOperationException("no admin key printed:\n" + server.Output)))
            {
                (_, merchant) = await ServerProbes.TenantAsync(admin, "crash");
            }

            // Sustained ingestion: one batch after another, each acknowledged or not.
            var acknowledged = new ConcurrentQueue<int>();
            int? inFlight = null;
            using var ingest = Client(server.BaseAddress, merchant);
            var sender = Task.Run(async () =>
            {
                for (var i = 0; i < batches.Count; i++)
                {
                    try
                    {
                        await ServerProbes.PostAsync(ingest, batches[i]);
                        acknowledged.Enqueue(i);
                        if (i < 8)
                        {
                            // The first batches lie in the past: let the partition catch up and move its clock to the wall
                            // clock between them, so later batches retract at a time recovery cannot know.
                            await ServerProbes.SettledAsync(ingest);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                    {
                        inFlight = i;
                        return;
                    }
                }
            });

            await TestServer.Eventually(() => Task.FromResult(acknowledged.Count >= batches.Count / 2 || sender.IsCompleted),
                "half the batches acknowledged", 120_000);
            server.Kill();
            await sender;
            Assert.True(inFlight is not null, $"the server was killed during ingestion ({acknowledged.Count} of {batches.Count} batches acknowledged)");
            var acked = acknowledged.ToList();
            Assert.Equal(Enumerable.Range(0, acked.Count), acked);
            await server.DisposeAsync();

            server = await ServeProcess.StartAsync(data);
            using var client = Client(server.BaseAddress, merchant);
            await ServerProbes.SettledAsync(client);

            // The batch in flight at the kill: either committed (all duplicates now) or not (accepted now); then every
            // event of every acknowledged batch must already be stored.
            var resent = await ServerProbes.PostAsync(client, batches[inFlight.Value]);
            log.WriteLine($"killed after {acked.Count} of {batches.Count} batches acknowledged; the batch in flight was " +
                          (resent.GetProperty("accepted").GetInt32() == 0 ? "committed" : "not committed"));
            foreach (var i in acked)
            {
                var again = await ServerProbes.PostAsync(client, batches[i]);
                Assert.True(again.GetProperty("accepted").GetInt32() == 0, $"acknowledged batch {i} was not (wholly) stored: {again}");
            }

            var held = acked.Append(inFlight.Value).SelectMany(i => batches[i]).ToList();
            Assert.Equal(Streams.Ids(held).Distinct(StringComparer.Ordinal).Count(), await ServerProbes.MetricAsync(client, "luyue_events_stored"));

            var replay = Streams.Replay(held);
            await ServerProbes.SettledAsync(client);
            await ServerProbes.EventuallySameAsync(client, Streams.Standing(replay), Streams.Standing, "standing findings after kill -9 vs. replay");
            var findings = await ServerProbes.FindingsAsync(client);
            Assert.Empty(Streams.Duplicates(findings.Select(Streams.StoreIdentity)));
            log.WriteLine($"{held.Count} events held, {findings.Count} findings stored: " +
                          string.Join(", ", findings.GroupBy(f => f.Kind).Select(g => $"{g.Count()} {g.Key.ToText()}")));

            // None missing: every finding of the replay is stored, but for retractions and revocations, which carry the
            // clock when the late evidence arrived (the server's clock ran ahead of the replay's at first).
            var stored = findings.Select(Streams.Identity).GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var missing = replay.Where(f => f.Kind is not (FindingKind.Retracted or FindingKind.Revoked)).Select(Streams.Identity)
                .GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > stored.GetValueOrDefault(g.Key)).Select(g => g.Key).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} findings of the replay are not stored, e.g.\n{string.Join('\n', missing.Take(10))}");
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static HttpClient Client(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = ServerProbes.HeavyTimeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>
    /// <c>luyue serve --port 0 --data DIR</c> as a child process: the luyue.dll built beside the tests (the project
    /// references Luyue.Cli, as Luyue.Cli.Tests does), its address and admin key read from what it prints.
    /// </summary>
    private sealed class ServeProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly ConcurrentQueue<string> output = new();
        private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ServeProcess(Process process) => this.process = process;

        public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

        /// <summary>The admin key the first start on an empty directory prints; null on later starts.</summary>
        public string? AdminKey { get; private set; }

        public string Output => string.Join('\n', output);

        public static async Task<ServeProcess> StartAsync(string data)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "luyue.dll"), "serve", "--port", "0", "--data", data })
            {
                start.ArgumentList.Add(arg);
            }

            var server = new ServeProcess(new Process { StartInfo = start });
            server.process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
            server.process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
            server.process.Start();
            server.process.BeginOutputReadLine();
            server.process.BeginErrorReadLine();
            var exited = server.process.WaitForExitAsync();
            var first = await Task.WhenAny(server.listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
            if (first != server.listening.Task)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"luyue serve did not start listening:\n{server.Output}");
            }

            server.BaseAddress = await server.listening.Task;
            return server;
        }

        /// <summary>SIGKILL: the process gets no chance to flush, close or stop anything.</summary>
        public void Kill()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            const string Key = "Admin API key: ", Listening = "Luyue listening on ";
            if (line.StartsWith(Key, StringComparison.Ordinal))
            {
                AdminKey = line[Key.Length..].Trim();
            }
            else if (line.StartsWith(Listening, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line[Listening.Length..].Trim()));
            }
        }
    }
}
