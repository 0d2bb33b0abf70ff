using Luyue.Core.Storage;

namespace Luyue.Storage.Compliance;

/// <summary>
/// What every <see cref="IStore"/> must do, whatever the database (after Wolverine's <c>MessageStoreCompliance</c>).
/// A store's test project subclasses this and says how to make an empty database and open a store over it; every test
/// then starts from its own empty database with a migrated store, and owns all the data it reads.
/// </summary>
public abstract partial class StoreCompliance : IAsyncLifetime
{
    // A store that deadlocks fails its test instead of hanging the run.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private string? _database;
    private IStore? _store;

    /// <summary>The migrated store over this test's database.</summary>
    protected IStore Store => _store ?? throw new InvalidOperationException("the store is opened in InitializeAsync");

    protected CancellationToken Ct => _timeout.Token;

    /// <summary>Creates a new, empty database and returns what <see cref="OpenStore"/> needs to find it.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>A new store over <paramref name="database"/>, not yet migrated; each call opens another, as a restarted process would.</summary>
    protected abstract IStore OpenStore(string database);

    public virtual async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = OpenStore(_database);
        await _store.MigrateAsync(Ct);
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _timeout.Dispose();
    }

    /// <summary>This test's database, for opening a second store over it.</summary>
    protected string Database => _database ?? throw new InvalidOperationException("the database is made in InitializeAsync");

    /// <summary>Closes the test's store and opens a new one over the same database, as a restart would.</summary>
    protected async Task<IStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = OpenStore(_database!);
        await _store.MigrateAsync(Ct);
        return _store;
    }

    [StoreFact]
    public async Task Migrating_again_changes_nothing()
    {
        await Store.AppendEventsAsync("t1", [Event("e1")], Ct);

        await Store.MigrateAsync(Ct);

        Assert.Equal(1, await Store.CountEventsAsync(null, Ct));
        Assert.Equal(AppendOutcome.Duplicate, Assert.Single(await Store.AppendEventsAsync("t1", [Event("e1")], Ct)));
    }

    [StoreFact]
    public async Task Stores_starting_together_on_a_new_database_migrate_it_once()
    {
        var database = await CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore(database)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(store => store.MigrateAsync(Ct)));

            for (var i = 0; i < stores.Count; i++)
            {
                await stores[i].AppendEventsAsync("t1", [Event($"e{i}")], Ct);
            }

            Assert.Equal(stores.Count, await stores[0].CountEventsAsync("t1", Ct));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [StoreFact]
    public async Task A_store_opened_after_a_restart_has_everything_the_last_one_acknowledged()
    {
        await Store.AppendEventsAsync("t1", [Event("e1"), Event("e2")], Ct);
        var findings = await Store.AddFindingsAsync([Finding("t1", "k1")], Ct);
        await Store.PutIdempotentResponseAsync(Response("t1", "idem-1"), Ct);
        await Store.CreateTenantAsync("t1", "Shop One", T0, Ct);
        await Store.AddApiKeyAsync(Key("key-1", "t1", Role.Merchant, "hash-1"), Ct);
        await Store.AddWebhookAsync(Hook("wh-1", "t1"), Ct);
        await Store.EnqueueDeliveriesAsync([Pending("d1", "t1", "wh-1", findings[0].Sequence, T0)], Ct);
        await Store.SaveRulePackAsync(Pack("t1", "tmall", "2024-01-01"), Ct);
        var events = await Store.ReadEventsAsync(0, 10, Ct);

        var reopened = await ReopenAsync();

        Assert.Equal(events, await reopened.ReadEventsAsync(0, 10, Ct));
        Assert.Equal(findings, (await reopened.QueryFindingsAsync(new FindingQuery("t1"), Ct)).Items);
        Assert.Equal(Response("t1", "idem-1"), await reopened.GetIdempotentResponseAsync("t1", "idem-1", Ct));
        Assert.Equal(new Tenant("t1", "Shop One", T0), await reopened.GetTenantAsync("t1", Ct));
        Assert.Equal(Key("key-1", "t1", Role.Merchant, "hash-1"), await reopened.FindApiKeyByHashAsync("hash-1", Ct));
        Assert.Equal([Hook("wh-1", "t1")], await reopened.ListWebhooksAsync("t1", Ct));
        Assert.Equal(Pending("d1", "t1", "wh-1", findings[0].Sequence, T0), await reopened.GetDeliveryAsync("t1", "d1", Ct));
        Assert.Equal([Pack("t1", "tmall", "2024-01-01")], await reopened.ListRulePacksAsync("t1", Ct));
    }
}
