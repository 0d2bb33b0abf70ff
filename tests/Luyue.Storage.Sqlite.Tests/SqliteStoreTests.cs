using Luyue.Core.Storage;
using Luyue.Storage.Compliance;
using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite.Tests;

/// <summary>The compliance suite over SQLite files in a temporary directory, plus what only a file can show.</summary>
public sealed class SqliteStoreTests : StoreCompliance
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("luyue-sqlite-");
    private int _databases;

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(Path.Combine(_directory.FullName, $"store-{Interlocked.Increment(ref _databases)}.db"));

    protected override IStore OpenStore(string database) => SqliteStore.Open($"Data Source={database}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task An_acknowledged_append_is_on_disk_before_the_store_is_closed()
    {
        await Store.AppendEventsAsync("t1", [Event("e1"), Event("e2")], Ct);

        // Copying the files while the store is still open leaves what kill -9 would: nothing held in the process.
        var crashed = _directory.CreateSubdirectory("crashed");
        foreach (var file in _directory.GetFiles("store-1.db*").Where(f => !f.Name.EndsWith("-shm", StringComparison.Ordinal)))
        {
            file.CopyTo(Path.Combine(crashed.FullName, file.Name));
        }

        await using var recovered = SqliteStore.Open($"Data Source={Path.Combine(crashed.FullName, "store-1.db")}");
        await recovered.MigrateAsync(Ct);
        Assert.Equal(["e1", "e2"], (await recovered.ReadEventsAsync(0, 10, Ct)).Select(e => e.EventId));
    }

    [Fact]
    public async Task The_database_file_is_in_WAL_mode()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.FullName, "store-1.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_data_directory_is_created_with_the_database_inside()
    {
        var data = Path.Combine(_directory.FullName, "data", "nested");

        await using (var store = SqliteStore.OpenDataDirectory(data))
        {
            await store.MigrateAsync(Ct);
            await store.AppendEventsAsync("t1", [Event("e1")], Ct);
        }

        Assert.True(File.Exists(Path.Combine(data, SqliteStore.FileName)));
        await using var reopened = SqliteStore.OpenDataDirectory(data);
        Assert.Equal(1, await reopened.CountEventsAsync("t1", Ct));
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=luyue;Mode=Memory")]
    [InlineData("Data Source=file::memory:?cache=shared")]
    [InlineData("Data Source=file:luyue?mode=memory&cache=shared")]
    [InlineData("Data Source=")]
    public void An_in_memory_database_is_refused_with_what_to_do_instead(string connectionString)
    {
        var refused = Assert.Throws<ArgumentException>(() => SqliteStore.Open(connectionString));

        Assert.Contains("--data", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Data Source=", refused.Message, StringComparison.Ordinal);
    }
}
