using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>POST /v1/events: JSON Lines or a JSON array, idempotent by event id and by Idempotency-Key, bounded batches; and /metrics.</summary>
public partial class ApiIngestionTests
{
    private static readonly Instant Start = Ev.Cst(2024, 6, 2, 12);
    private static readonly Instant Paid = Ev.Cst(2024, 6, 1, 8);

    [Fact]
    public async Task A_json_array_is_taken_like_json_lines()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var array = "[\n" + string.Join(",\n", Ev.TmallNeverPickedUp("TM-A", Paid)) + "\n]";
        var fromArray = await Api.ReadAsync((await client.PostAsync("/v1/events", Api.JsonContent(array))).EnsureSuccessStatusCode());
        var fromLines = await Api.ReadAsync((await client.PostAsync("/v1/events", Api.Lines(Ev.TmallNeverPickedUp("TM-L", Paid)))).EnsureSuccessStatusCode());

        Assert.Equal(2, fromArray.GetProperty("accepted").GetInt32());
        Assert.Equal(2, fromLines.GetProperty("accepted").GetInt32());
        Assert.Equal(0, fromArray.GetProperty("rejected").GetInt32());
        Assert.Empty(fromArray.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Events_are_read_whatever_content_type_the_client_sends()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        // curl --data-binary sends form-urlencoded; some clients send text/plain or nothing at all.
        foreach (var (contentType, order) in new[] { ("application/x-www-form-urlencoded", "TM-F"), ("text/plain", "TM-T"), ("", "TM-N") })
        {
            var body = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', Ev.TmallNeverPickedUp(order, Paid))));
            if (contentType.Length > 0)
            {
                body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            }

            var result = await Api.ReadAsync((await client.PostAsync("/v1/events", body)).EnsureSuccessStatusCode());
            Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        }
    }

    [Fact]
    public async Task The_same_events_sent_twice_are_all_duplicates_the_second_time()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var lines = Ev.TmallNeverPickedUp("TM-1", Paid);

        var first = await TestServer.PostEventsAsync(client, lines);
        var second = await TestServer.PostEventsAsync(client, lines);

        Assert.Equal((2, 0), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicate").GetInt32()));
        Assert.Equal((0, 2), (second.GetProperty("accepted").GetInt32(), second.GetProperty("duplicate").GetInt32()));
    }

    [Fact]
    public async Task Bad_lines_are_rejected_with_line_field_and_reason_while_the_good_ones_are_accepted()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var (paid, shipped) = (Ev.TmallNeverPickedUp("TM-1", Paid)[0], Ev.TmallNeverPickedUp("TM-1", Paid)[1]);

        var result = await TestServer.PostEventsAsync(client,
        [
            paid,
            """{"type":"order.shipped","at":"yesterday","order":"TM-1","carrier":"sto","tracking":"X"}""",
            shipped,
            """{"type":"order.teleported","at":"2024-06-01T09:00:00+08:00","order":"TM-1"}""",
            "not json at all",
        ]);

        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(3, result.GetProperty("rejected").GetInt32());
        var errors = result.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([2L, 4L, 5L], errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.Equal("at", errors[0].Str("field"));
        Assert.Equal("type", errors[1].Str("field"));
        Assert.Contains("order.teleported", errors[1].Str("reason"), StringComparison.Ordinal);
        Assert.All(errors, e => Assert.NotEmpty(e.Str("reason")));
    }

    [Fact]
    public async Task An_idempotency_key_with_the_same_body_gets_the_same_answer_byte_for_byte()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var body = string.Join('\n', [.. Ev.TmallNeverPickedUp("TM-1", Paid), "{\"type\":\"scan\"}"]);

        var first = await PostWithKeyAsync(client, "batch-1", body);
        var again = await PostWithKeyAsync(client, "batch-1", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var firstBytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(firstBytes, await again.Content.ReadAsByteArrayAsync());
        Assert.Contains("\"accepted\":2", Encoding.UTF8.GetString(firstBytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idempotency_key_with_another_body_is_a_422_problem()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        (await PostWithKeyAsync(client, "batch-1", string.Join('\n', Ev.TmallNeverPickedUp("TM-1", Paid)))).EnsureSuccessStatusCode();

        var reused = await PostWithKeyAsync(client, "batch-1", string.Join('\n', Ev.TmallNeverPickedUp("TM-2", Paid)));

        var problem = await Api.ProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Idempotency-Key", problem.Str("title"), StringComparison.Ordinal);
        Assert.Empty(await TestServer.FindingsAsync(client, "order=TM-2"));
    }

    [Fact]
    public async Task A_batch_over_MaxBatch_is_a_413_problem_and_stores_nothing()
    {
        await using var server = await OwnedServer.StartAsync(Start, "--Luyue:MaxBatch=5");
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var six = Enumerable.Range(1, 3).SelectMany(i => Ev.TmallNeverPickedUp($"TM-{i}", Paid)).ToArray();

        var tooMany = await client.PostAsync("/v1/events", Api.Lines(six));
        var five = await TestServer.PostEventsAsync(client, six[..5]);

        var problem = await Api.ProblemAsync(tooMany, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 5", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(5, five.GetProperty("accepted").GetInt32()); // none of them was stored by the refused request
    }

    [Fact]
    public async Task A_malformed_json_array_is_a_400_problem()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);

        var response = await client.PostAsync("/v1/events", Api.JsonContent("[" + Ev.TmallNeverPickedUp("TM-1", Paid)[0] + ","));

        var problem = await Api.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed request", problem.Str("title"));
        Assert.Matches(@"^the body is neither JSON Lines nor a JSON array of events: .*, at line 1, byte \d+$", problem.Str("detail"));
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_that_counts_ingestion_and_findings_by_kind()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        using var anonymous = server.Client();
        var before = Parse(await anonymous.GetStringAsync("/metrics"));

        await TestServer.PostEventsAsync(client, [.. Ev.TmallNeverPickedUp("TM-1", Paid), "{\"type\":\"scan\"}"]);
        await TestServer.PostEventsAsync(client, Ev.TmallNeverPickedUp("TM-1", Paid));
        server.Clock.Set(Ev.Cst(2024, 6, 3, 9)); // past the 48 h pickup deadline
        await TestServer.Eventually(async () => Parse(await anonymous.GetStringAsync("/metrics"))["luyue_findings_total{kind=\"violation\"}"] == 1,
            "the violation counted");
        var after = Parse(await anonymous.GetStringAsync("/metrics"));

        Assert.Equal(0, before["luyue_events_ingested_total{outcome=\"accepted\"}"]);
        Assert.Equal(2, after["luyue_events_ingested_total{outcome=\"accepted\"}"]);
        Assert.Equal(2, after["luyue_events_ingested_total{outcome=\"duplicate\"}"]);
        Assert.Equal(1, after["luyue_events_ingested_total{outcome=\"rejected\"}"]);
        Assert.Equal(0, before["luyue_findings_total{kind=\"warning\"}"]);
        Assert.Equal(1, after["luyue_findings_total{kind=\"warning\"}"]);
        Assert.Equal(0, after["luyue_findings_total{kind=\"penalty\"}"]);
        Assert.True(after["luyue_pending_timers"] >= 1, "the penalty timer is pending");
        Assert.Equal(1, after["luyue_open_orders"]);
        Assert.Equal(0, before["luyue_ingest_writer_busy_seconds_total{part=\"append\"}"]);
        Assert.True(after["luyue_ingest_writer_busy_seconds_total{part=\"append\"}"] > 0, "two appends took time");
        Assert.True(after["luyue_ingest_writer_busy_seconds_total{part=\"turn\"}"] >= after["luyue_ingest_writer_busy_seconds_total{part=\"append\"}"],
            "the append is part of the turn");
        Assert.True(after["luyue_partition_busy_seconds_total{partition=\"0\",part=\"flush\"}"] > 0, "the partition stored findings");
        Assert.True(after["luyue_partition_busy_seconds_total{partition=\"0\",part=\"all\"}"] > 0, "the partition applied events");
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>
    /// Parses the Prometheus text exposition format strictly: HELP and TYPE before each family's samples, sample names
    /// of a declared family, numeric values. Returns each sample (name with labels) and its value.
    /// </summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (HelpOrType().Match(line) is { Success: true } meta)
            {
                if (meta.Groups["what"].Value == "TYPE")
                {
                    typed.Add(meta.Groups["name"].Value);
                }

                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"not a Prometheus sample line: '{line}'");
            Assert.Contains(sample.Groups["name"].Value, typed);
            Assert.True(samples.TryAdd(sample.Groups["name"].Value + sample.Groups["labels"].Value,
                double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture)), $"sample twice: '{line}'");
        }

        return samples;
    }

    [GeneratedRegex("""^# (?<what>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<text>.+)$""")]
    private static partial Regex HelpOrType();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*\})? (?<value>-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)$""")]
    private static partial Regex Sample();
}
