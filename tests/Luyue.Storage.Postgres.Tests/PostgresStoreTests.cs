using Luyue.Core.Storage;
using Luyue.Storage.Compliance;

namespace Luyue.Storage.Postgres.Tests;

/// <summary>The compliance suite over PostgreSQL: a database for the class, a schema for each test.</summary>
[PostgresAvailable]
public sealed class PostgresStoreTests(PostgresDatabase database) : StoreCompliance, IClassFixture<PostgresDatabase>
{
    protected override Task<string> CreateDatabaseAsync() => database.CreateSchemaAsync();

    protected override IStore OpenStore(string schema) => PostgresStore.Open(database.ConnectionString(schema));
}
