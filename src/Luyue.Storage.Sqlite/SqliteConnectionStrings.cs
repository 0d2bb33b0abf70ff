using Microsoft.Data.Sqlite;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// Turns what the user gave into a connection string fit for a durable store, refusing in-memory databases (after
/// Wolverine's <c>SqliteConnectionStringPolicy</c>): an acknowledged event must outlive the process.
/// </summary>
internal static class SqliteConnectionStrings
{
    public static string ForFile(string path) => Durable(new SqliteConnectionStringBuilder { DataSource = path }.ToString());

    public static string Durable(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (IsInMemory(builder))
        {
            throw new ArgumentException(
                $"SQLite database '{builder.DataSource}' would live in memory (or in a temporary file) and vanish with the process, " +
                "so acknowledged events would be lost. Give a file instead: --data <directory> (Luyue creates " +
                $"{SqliteStore.FileName} there) or a connection string such as 'Data Source=/var/lib/luyue/{SqliteStore.FileName}'.",
                nameof(connectionString));
        }

        // Pooled connections keep the file and its prepared statements open between calls.
        builder.Pooling = true;
        return builder.ToString();
    }

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        // An empty name is a private temporary database that SQLite deletes when the connection closes.
        || string.IsNullOrWhiteSpace(builder.DataSource)
        || builder.DataSource.Contains(":memory:", StringComparison.OrdinalIgnoreCase)
        // URI file names: file:name?mode=memory
        || builder.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);
}
