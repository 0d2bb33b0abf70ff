using Luyue.Core.Storage;
using Luyue.Storage.Postgres;
using Luyue.Storage.Sqlite;

namespace Luyue.Server.Storage;

/// <summary>The embedded SQLite database under the data directory, unless a PostgreSQL connection string is given.</summary>
public static class StoreFactory
{
    public static IStore Create(ServerOptions options) =>
        IsPostgres(options.Store) ? PostgresStore.Open(options.Store!) : SqliteStore.OpenDataDirectory(options.Data);

    /// <summary>A PostgreSQL connection string in Npgsql's Key=Value form names a host (Host=…); URLs are not accepted by Npgsql.</summary>
    public static bool IsPostgres(string? store) =>
        !string.IsNullOrWhiteSpace(store) && store.Contains("Host=", StringComparison.OrdinalIgnoreCase);
}
