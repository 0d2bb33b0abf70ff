using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Compliance;

public abstract partial class StoreCompliance
{
    [StoreFact]
    public async Task A_created_tenant_is_found_by_its_id()
    {
        var created = await Store.CreateTenantAsync("t1", "杭州旗舰店", T0, Ct);

        Assert.Equal(new Tenant("t1", "杭州旗舰店", T0), created);
        Assert.Equal(created, await Store.GetTenantAsync("t1", Ct));
        Assert.Null(await Store.GetTenantAsync("T1", Ct));
    }

    [StoreFact]
    public async Task Creating_a_tenant_that_exists_returns_the_stored_one()
    {
        await Store.CreateTenantAsync("t1", "First", T0, Ct);

        var again = await Store.CreateTenantAsync("t1", "Second", T0 + Duration.FromDays(1), Ct);

        Assert.Equal(new Tenant("t1", "First", T0), again);
        Assert.Equal(again, await Store.GetTenantAsync("t1", Ct));
    }

    [StoreFact]
    public async Task An_api_key_is_found_by_its_hash()
    {
        await Store.AddApiKeyAsync(Key("k1", "t1", Role.Merchant, "hash-1"), Ct);
        await Store.AddApiKeyAsync(Key("k2", null, Role.Admin, "hash-2"), Ct);
        await Store.AddApiKeyAsync(Key("k3", "t2", Role.Reviewer, "hash-3"), Ct);

        Assert.Equal(Key("k1", "t1", Role.Merchant, "hash-1"), await Store.FindApiKeyByHashAsync("hash-1", Ct));
        Assert.Equal(Key("k2", null, Role.Admin, "hash-2"), await Store.FindApiKeyByHashAsync("hash-2", Ct));
        Assert.Equal(Key("k3", "t2", Role.Reviewer, "hash-3"), await Store.FindApiKeyByHashAsync("hash-3", Ct));
        Assert.Null(await Store.FindApiKeyByHashAsync("HASH-1", Ct));
    }

    [StoreFact]
    public async Task There_is_an_admin_key_only_once_one_is_stored()
    {
        Assert.False(await Store.AnyAdminKeyAsync(Ct));
        await Store.AddApiKeyAsync(Key("k1", "t1", Role.Merchant, "hash-1"), Ct);
        await Store.AddApiKeyAsync(Key("k2", "t1", Role.Reviewer, "hash-2"), Ct);
        Assert.False(await Store.AnyAdminKeyAsync(Ct));

        await Store.AddApiKeyAsync(Key("k3", null, Role.Admin, "hash-3"), Ct);

        Assert.True(await Store.AnyAdminKeyAsync(Ct));
    }

    [StoreFact]
    public async Task A_key_whose_id_or_hash_is_taken_is_refused()
    {
        await Store.AddApiKeyAsync(Key("k1", "t1", Role.Merchant, "hash-1"), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AddApiKeyAsync(Key("k2", "t2", Role.Admin, "hash-1"), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AddApiKeyAsync(Key("k1", "t2", Role.Admin, "hash-2"), Ct));

        Assert.Equal(Key("k1", "t1", Role.Merchant, "hash-1"), await Store.FindApiKeyByHashAsync("hash-1", Ct));
        Assert.Null(await Store.FindApiKeyByHashAsync("hash-2", Ct));
        Assert.False(await Store.AnyAdminKeyAsync(Ct));
    }

    [StoreFact]
    public async Task A_stored_response_is_returned_for_its_idempotency_key()
    {
        Assert.True(await Store.PutIdempotentResponseAsync(Response("t1", "idem-1"), Ct));

        Assert.Equal(Response("t1", "idem-1"), await Store.GetIdempotentResponseAsync("t1", "idem-1", Ct));
        Assert.Null(await Store.GetIdempotentResponseAsync("t1", "idem-2", Ct));
    }

    [StoreFact]
    public async Task A_second_response_for_the_same_idempotency_key_is_refused_and_the_first_kept()
    {
        await Store.PutIdempotentResponseAsync(Response("t1", "idem-1"), Ct);

        Assert.False(await Store.PutIdempotentResponseAsync(Response("t1", "idem-1", status: 400, body: "{}"), Ct));

        Assert.Equal(Response("t1", "idem-1"), await Store.GetIdempotentResponseAsync("t1", "idem-1", Ct));
    }

    [StoreFact]
    public async Task Idempotency_keys_belong_to_their_tenant()
    {
        Assert.True(await Store.PutIdempotentResponseAsync(Response("t1", "idem-1"), Ct));
        Assert.Null(await Store.GetIdempotentResponseAsync("t2", "idem-1", Ct));

        Assert.True(await Store.PutIdempotentResponseAsync(Response("t2", "idem-1", status: 409), Ct));

        Assert.Equal(202, (await Store.GetIdempotentResponseAsync("t1", "idem-1", Ct))?.Status);
        Assert.Equal(409, (await Store.GetIdempotentResponseAsync("t2", "idem-1", Ct))?.Status);
    }
}
