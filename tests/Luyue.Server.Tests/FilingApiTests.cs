using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>Filings over the API: a merchant submits, a reviewer (not a merchant) decides, and the engine exempts or revokes.</summary>
public class FilingApiTests
{
    private static readonly Instant Paid = Ev.Cst(2024, 6, 1, 8);
    private static readonly Instant Violation = Paid + Duration.FromHours(48);
    private static readonly Instant Penalty = Violation + Duration.FromHours(24);

    [Fact]
    public async Task A_filing_approved_before_the_penalty_exempts_the_violation()
    {
        await using var server = await OwnedServer.StartAsync(Violation + Duration.FromHours(1));
        var (_, merchant, reviewer) = await server.TenantAsync();
        using var merchantClient = server.Client(merchant);
        using var reviewerClient = server.Client(reviewer);
        await TestServer.PostEventsAsync(merchantClient, [.. Ev.TmallNeverPickedUp("TM-1", Paid), .. Ev.TmallNeverPickedUp("TM-2", Paid, shop: "tm-shop-2")]);
        await TestServer.Eventually(async () => (await TestServer.FindingsAsync(merchantClient, "kind=violation")).Count == 2, "both violations");

        var submitted = await merchantClient.PostAsJsonAsync("/v1/filings",
            new { order = "TM-1", filing = "F-1", reason = "trace-mismatch", detail = "the carrier's own trace shows a pickup", evidence = "trace.png" });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("/v1/filings/F-1", submitted.Headers.Location?.OriginalString);
        var filing = await Api.ReadAsync(submitted);
        Assert.Equal(("F-1", "TM-1", JsonValueKind.Null), (filing.Str("filing"), filing.Str("order"), filing.GetProperty("approved").ValueKind));
        Assert.Equal("F-1", Assert.Single(await Api.ItemsAsync(merchantClient, "/v1/filings")).Str("filing"));

        server.Clock.Advance(Duration.FromHours(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await merchantClient.PostAsJsonAsync("/v1/filings/F-1/decision", new { approved = true })).StatusCode);
        var decided = await Api.ReadAsync((await reviewerClient.PostAsJsonAsync("/v1/filings/F-1/decision", new { approved = true })).EnsureSuccessStatusCode());
        Assert.True(decided.GetProperty("approved").GetBoolean());
        // Final: the same decision again is answered as before; the opposite one is a conflict, and changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await reviewerClient.PostAsJsonAsync("/v1/filings/F-1/decision", new { approved = true })).StatusCode);
        await Api.ProblemAsync(await reviewerClient.PostAsJsonAsync("/v1/filings/F-1/decision", new { approved = false }), HttpStatusCode.Conflict);
        Assert.True((await Api.ReadAsync(await merchantClient.GetAsync("/v1/filings/F-1"))).GetProperty("approved").GetBoolean());
        await TestServer.Eventually(() => Api.HasFindingAsync(merchantClient, "order=TM-1&kind=exempted"), "the exemption");

        // Past the penalty time: TM-2, not filed, is charged; TM-1 is not.
        server.Clock.Set(Penalty + Duration.FromHours(1));
        await TestServer.Eventually(() => Api.HasFindingAsync(merchantClient, "order=TM-2&kind=penalty"), "TM-2's penalty");
        Assert.Empty(await TestServer.FindingsAsync(merchantClient, "order=TM-1&kind=penalty"));
        Assert.Equal(["TM-1"], (await TestServer.FindingsAsync(merchantClient, "status=exempted")).Select(f => f.Str("order")));
        var ledger = await Api.ItemsAsync(merchantClient, "/v1/ledger");
        var shop1 = ledger.Single(r => r.Str("shop") == "tm-shop-1");
        Assert.Equal((0m, 1, 10m, 0m), (shop1.GetProperty("charged").GetDecimal(), shop1.GetProperty("exempted").GetInt32(),
            shop1.GetProperty("spared").GetDecimal(), shop1.GetProperty("net").GetDecimal()));
        Assert.Equal(10m, ledger.Single(r => r.Str("shop") == "tm-shop-2").GetProperty("net").GetDecimal());
    }

    [Fact]
    public async Task A_filing_approved_after_the_penalty_revokes_it_and_refunds()
    {
        await using var server = await OwnedServer.StartAsync(Penalty + Duration.FromHours(1));
        var (_, merchant, reviewer) = await server.TenantAsync();
        using var merchantClient = server.Client(merchant);
        using var reviewerClient = server.Client(reviewer);
        await TestServer.PostEventsAsync(merchantClient, Ev.TmallNeverPickedUp("TM-1", Paid));
        await TestServer.Eventually(() => Api.HasFindingAsync(merchantClient, "kind=penalty"), "the penalty");

        (await merchantClient.PostAsJsonAsync("/v1/filings", new { order = "TM-1", filing = "F-1", reason = "trace-mismatch" })).EnsureSuccessStatusCode();
        (await reviewerClient.PostAsJsonAsync("/v1/filings/F-1/decision", new { approved = true })).EnsureSuccessStatusCode();
        await TestServer.Eventually(() => Api.HasFindingAsync(merchantClient, "kind=revoked"), "the revocation");

        var revokedPenalty = Assert.Single(await TestServer.FindingsAsync(merchantClient, "status=revoked"));
        Assert.Equal("penalty", revokedPenalty.Str("kind"));
        Assert.Empty(await TestServer.FindingsAsync(merchantClient, "status=standing&kind=penalty"));
        var row = Assert.Single(await Api.ItemsAsync(merchantClient, "/v1/ledger"));
        Assert.Equal((10m, 10m, 0m), (row.GetProperty("charged").GetDecimal(), row.GetProperty("refunded").GetDecimal(), row.GetProperty("net").GetDecimal()));
    }

    /// <summary>
    /// A pickup scan stamped before the deadline but arriving after the penalty: the penalty is revoked, and the findings
    /// query's status filter says so, pairing the revocation with its penalty as it does a filing's (by the violation's
    /// time both carry). The late-evidence revocation once named the penalty's own time instead, and its penalty stayed
    /// "standing".
    /// </summary>
    [Fact]
    public async Task A_penalty_revoked_by_late_evidence_is_no_longer_standing()
    {
        await using var server = await OwnedServer.StartAsync(Penalty + Duration.FromHours(1));
        var (_, merchant, _) = await server.TenantAsync();
        using var merchantClient = server.Client(merchant);
        await TestServer.PostEventsAsync(merchantClient, Ev.TmallNeverPickedUp("TM-1", Paid));
        await TestServer.Eventually(() => Api.HasFindingAsync(merchantClient, "kind=penalty"), "the penalty");

        await TestServer.PostEventsAsync(merchantClient, [Ev.Scan("STO-TM-1", Paid + Duration.FromHours(20))]);
        await TestServer.Eventually(() => Api.HasFindingAsync(merchantClient, "kind=revoked"), "the revocation");

        var penalty = Assert.Single(await TestServer.FindingsAsync(merchantClient, "kind=penalty"));
        var revoked = Assert.Single(await TestServer.FindingsAsync(merchantClient, "kind=revoked"));
        Assert.Equal((penalty.Str("deadline"), penalty.Str("start")), (revoked.Str("deadline"), revoked.Str("start")));
        Assert.Equal("penalty", Assert.Single(await TestServer.FindingsAsync(merchantClient, "status=revoked")).Str("kind"));
        Assert.Empty(await TestServer.FindingsAsync(merchantClient, "status=standing&kind=penalty"));
    }

    [Fact]
    public async Task A_filing_needs_a_known_order_and_an_accepted_reason()
    {
        await using var server = await OwnedServer.StartAsync(Violation + Duration.FromHours(1));
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        await TestServer.PostEventsAsync(client, Ev.TmallNeverPickedUp("TM-1", Paid));

        var unknownOrder = await client.PostAsJsonAsync("/v1/filings", new { order = "NO-SUCH-ORDER", reason = "trace-mismatch" });
        var badReason = await client.PostAsJsonAsync("/v1/filings", new { order = "TM-1", reason = "the dog ate it" });

        await Api.ProblemAsync(unknownOrder, HttpStatusCode.NotFound);
        var problem = await Api.ProblemAsync(badReason, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Empty(await Api.ItemsAsync(client, "/v1/filings"));
    }

    [Fact]
    public async Task Deciding_an_unknown_filing_is_a_404_and_a_decision_needs_approved()
    {
        await using var server = await OwnedServer.StartAsync(Violation + Duration.FromHours(1));
        var (_, merchant, reviewer) = await server.TenantAsync();
        using var merchantClient = server.Client(merchant);
        using var reviewerClient = server.Client(reviewer);
        await TestServer.PostEventsAsync(merchantClient, Ev.TmallNeverPickedUp("TM-1", Paid));
        (await merchantClient.PostAsJsonAsync("/v1/filings", new { order = "TM-1", filing = "F-1", reason = "trace-mismatch" })).EnsureSuccessStatusCode();

        await Api.ProblemAsync(await reviewerClient.PostAsJsonAsync("/v1/filings/F-404/decision", new { approved = true }), HttpStatusCode.NotFound);
        await Api.ProblemAsync(await merchantClient.GetAsync("/v1/filings/F-404"), HttpStatusCode.NotFound);
        var problem = await Api.ProblemAsync(await reviewerClient.PostAsJsonAsync("/v1/filings/F-1/decision", new { }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("approved", out _));
        Assert.Equal(JsonValueKind.Null, (await merchantClient.GetFromJsonAsync<JsonElement>("/v1/filings/F-1")).GetProperty("approved").ValueKind);
    }
}
