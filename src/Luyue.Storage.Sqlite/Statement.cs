using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// A statement prepared straight on a connection's SQLite handle, for the event log's hot paths: run per event, ADO.NET's
/// command (parameter objects, a data reader per execution) cost several times what SQLite itself does there.
/// Runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class Statement : IDisposable
{
    private readonly sqlite3 database;

    private Statement(sqlite3 database, sqlite3_stmt handle)
    {
        this.database = database;
        Handle = handle;
    }

    public sqlite3_stmt Handle { get; }

    public static Statement Prepare(sqlite3 database, string sql)
    {
        Check(database, raw.sqlite3_prepare_v2(database, sql, out var handle), raw.SQLITE_OK);
        return new Statement(database, handle);
    }

    /// <summary>
    /// Binds a string as text, or NULL for null (so that a NOT NULL column refuses it, where binding its empty span
    /// would store an empty text). UTF-16 is handed over as is; SQLite converts it to the file's UTF-8 without an
    /// intermediate managed copy.
    /// </summary>
    public void BindText(int index, string? text) =>
        Check(database, text is null ? raw.sqlite3_bind_null(Handle, index) : raw.sqlite3_bind_text16(Handle, index, text.AsSpan()), raw.SQLITE_OK);

    /// <summary>
    /// Binds UTF-8 as text, as the file stores it (no conversion, no UTF-16 copy made first); an empty span as the empty
    /// text, not NULL.
    /// </summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> text) =>
        Check(database, text.IsEmpty ? raw.sqlite3_bind_text(Handle, index, "") : raw.sqlite3_bind_text(Handle, index, text), raw.SQLITE_OK);

    /// <summary>Binds bytes as a blob (SQLite copies them: the span may be reused once this returns).</summary>
    public void BindBlob(int index, ReadOnlySpan<byte> bytes) =>
        Check(database, bytes.IsEmpty ? raw.sqlite3_bind_zeroblob(Handle, index, 0) : raw.sqlite3_bind_blob(Handle, index, bytes), raw.SQLITE_OK);

    public void BindInt64(int index, long value) => Check(database, raw.sqlite3_bind_int64(Handle, index, value), raw.SQLITE_OK);

    /// <summary>Runs a statement that returns no rows, then resets it for the next run; the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            Check(database, raw.sqlite3_step(Handle), raw.SQLITE_DONE);
            return raw.sqlite3_changes(database);
        }
        finally
        {
            raw.sqlite3_reset(Handle);
        }
    }

    /// <summary>Throws what Microsoft.Data.Sqlite would throw for <paramref name="result"/> unless it is the one expected.</summary>
    public static void Check(sqlite3 database, int result, int expected)
    {
        if (result != expected)
        {
            SqliteException.ThrowExceptionForRC(result, database);
            // A code SQLite counts as success but this caller did not expect (SQLITE_ROW from a statement that should
            // return none, say).
            throw new SqliteException($"SQLite returned {result} where {expected} was expected", result);
        }
    }

    public void Dispose() => Handle.Dispose();
}
