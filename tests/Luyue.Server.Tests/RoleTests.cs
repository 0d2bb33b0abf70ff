using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>Keys and roles: admins manage tenants, merchants and reviewers work their tenant's data, unknown keys get nowhere.</summary>
public class RoleTests
{
    private static readonly Instant Start = Ev.Cst(2024, 6, 2, 12);

    [Fact]
    public async Task Merchants_and_reviewers_cannot_create_tenants_or_keys()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (tenant, merchant, reviewer) = await server.TenantAsync();

        foreach (var key in new[] { merchant, reviewer })
        {
            using var client = server.Client(key);
            await Api.ProblemAsync(await client.PostAsJsonAsync("/v1/tenants", new { name = "mine now" }), HttpStatusCode.Forbidden);
            await Api.ProblemAsync(await client.PostAsJsonAsync($"/v1/tenants/{tenant}/keys", new { role = "admin" }), HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Unknown_or_missing_keys_are_401()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        using var unknown = server.Client("ly_not-a-key-this-server-made");
        using var basic = server.Client();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin")));
        using var anonymous = server.Client();

        foreach (var client in new[] { unknown, basic, anonymous })
        {
            await Api.ProblemAsync(await client.GetAsync("/v1/findings"), HttpStatusCode.Unauthorized);
            await Api.ProblemAsync(await client.PostAsJsonAsync("/v1/tenants", new { name = "x" }), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_key_opens_only_the_server_whose_store_holds_it()
    {
        await using var first = await OwnedServer.StartAsync(Start);
        await using var second = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await first.TenantAsync();
        using var onFirst = first.Client(merchant);
        using var onSecond = second.Client(merchant);

        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync("/v1/findings")).StatusCode); // now known to the first server
        await Api.ProblemAsync(await onSecond.GetAsync("/v1/findings"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_key_belongs_to_no_tenant_and_reads_no_tenant_data()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        using var admin = server.Client(server.Server.AdminKey);

        await Api.ProblemAsync(await admin.GetAsync("/v1/findings"), HttpStatusCode.Forbidden);
        await Api.ProblemAsync(await admin.PostAsync("/v1/events", Api.Lines(Ev.TmallNeverPickedUp("TM-1", Start)[0])), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_creates_tenants_and_keys_with_a_role()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        using var admin = server.Client(server.Server.AdminKey);

        var created = await admin.PostAsJsonAsync("/v1/tenants", new { name = "Acme", id = "acme" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("acme", (await Api.ReadAsync(created)).Str("id"));
        var key = await Api.ReadAsync((await admin.PostAsJsonAsync("/v1/tenants/acme/keys", new { role = "reviewer" })).EnsureSuccessStatusCode());
        Assert.Equal(("acme", "reviewer"), (key.Str("tenant"), key.Str("role")));
        using var reviewer = server.Client(key.Str("key"));
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/v1/findings")).StatusCode);

        await Api.ProblemAsync(await admin.PostAsJsonAsync("/v1/tenants", new { name = "Acme again", id = "acme" }), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await admin.PostAsJsonAsync("/v1/tenants", new { name = " " }), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await admin.PostAsJsonAsync("/v1/tenants/acme/keys", new { role = "owner" }), HttpStatusCode.BadRequest);
        await Api.ProblemAsync(await admin.PostAsJsonAsync("/v1/tenants/nobody/keys", new { role = "merchant" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, reviewer) = await server.TenantAsync();

        var stored = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(server.Server.Data, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            stored.Append(await reader.ReadToEndAsync());
        }

        Assert.True(stored.Length > 0);
        foreach (var key in new[] { merchant, reviewer, server.Server.AdminKey })
        {
            Assert.DoesNotContain(key, stored.ToString(), StringComparison.Ordinal);
            Assert.Contains(Auth.ApiKeys.Hash(key), stored.ToString(), StringComparison.Ordinal);
        }
    }
}
