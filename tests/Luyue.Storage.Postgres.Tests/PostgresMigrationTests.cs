using Luyue.Storage.Compliance;
using Npgsql;

namespace Luyue.Storage.Postgres.Tests;

/// <summary>Upgrades of a PostgreSQL schema that earlier releases left.</summary>
[PostgresAvailable]
public sealed class PostgresMigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Ct => CancellationToken.None;

    [StoreFact]
    public async Task Scans_stored_before_migration_0004_are_found_by_their_number_afterwards()
    {
        // A schema as 0002 left it, holding one order event and two scans.
        var schema = await database.CreateSchemaAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString(schema)))
        {
            await connection.OpenAsync(Ct);
            var script = "CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO schema_version VALUES (1, '0001-initial'), (2, '0002-outlet-ratings');";
            foreach (var name in new[] { "schema/0001-initial.sql", "schema/0002-outlet-ratings.sql" })
            {
                await using var stream = typeof(PostgresStore).Assembly.GetManifestResourceStream(name)!;
                script += await new StreamReader(stream).ReadToEndAsync(Ct);
            }

            script += """
                ;INSERT INTO events (tenant, event_id, order_id, partition, at, received_at, json) VALUES
                ('t1', 'shipped', 'O-1', 3, now(), now(), '{"type":"order.shipped","order":"O-1","tracking":"YT1"}'),
                ('t1', 'scan-1', NULL, 0, now(), now(), '{"type":"scan","carrier":"yto","tracking":"YT1","text":"【杭州市】已揽收"}'),
                ('t2', 'scan-2', NULL, 0, now(), now(), '{"type":"scan","carrier":"yto","tracking":"YT1","text":"【北京市】已揽收"}');
                """;
            await using var create = new NpgsqlCommand(script, connection);
            await create.ExecuteNonQueryAsync(Ct);
        }

        await using var store = PostgresStore.Open(database.ConnectionString(schema));
        await store.MigrateAsync(Ct);

        Assert.Equal(["scan-1"], (await store.ReadTrackingEventsAsync("t1", ["YT1"], 10, Ct)).Select(e => e.EventId));
        Assert.Equal(["shipped"], (await store.ReadOrderEventsAsync("t1", "O-1", 10, Ct)).Select(e => e.EventId));
    }
}
