using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Luyue.Server.Tests;

/// <summary>Every Location a 201 answers with can be read back by the caller who created it.</summary>
public class LocationTests
{
    [Fact]
    public async Task Each_created_resource_is_found_at_its_location()
    {
        await using var server = await OwnedServer.StartAsync(Ev.Cst(2024, 6, 1, 8));
        using var admin = server.Client(server.Server.AdminKey);
        var tenant = await admin.PostAsJsonAsync("/v1/tenants", new { name = "located" });
        Assert.Equal(HttpStatusCode.Created, tenant.StatusCode);
        var fetched = await admin.GetAsync(tenant.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("located", (await fetched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        var (_, merchantKey, _) = await server.TenantAsync("hooks");
        using var merchant = server.Client(merchantKey);
        var hook = await merchant.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/located" });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        var hookBody = await (await merchant.GetAsync(hook.Headers.Location)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http://127.0.0.1:9/located", hookBody.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, hookBody.GetProperty("secret").ValueKind); // the secret is shown once, at creation
    }
}
