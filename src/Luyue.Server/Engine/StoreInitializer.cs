using Luyue.Core.Storage;
using Luyue.Server.Auth;
using NodaTime;

namespace Luyue.Server.Engine;

/// <summary>
/// Runs before the engines: applies migrations and, on a store with no admin key yet, creates one and prints it once
/// (`Admin API key: KEY`): only its hash is kept.
/// </summary>
public sealed class StoreInitializer(IStore store, IClock clock, Ingestion ingestion, TextWriter? output = null) : IHostedService
{
    /// <summary>The admin key created by this start, if any (for tests and the serve command).</summary>
    public string? CreatedAdminKey { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = ingestion; // resolved before recovery starts: it rebuilds the filing list from the replayed events
        await store.MigrateAsync(cancellationToken);
        if (await store.AnyAdminKeyAsync(cancellationToken))
        {
            return;
        }

        var key = ApiKeys.NewKey();
        await store.AddApiKeyAsync(new ApiKey(ApiKeys.NewId("k"), null, Role.Admin, ApiKeys.Hash(key), clock.GetCurrentInstant()), cancellationToken);
        CreatedAdminKey = key;
        await (output ?? Console.Out).WriteLineAsync($"Admin API key: {key}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
