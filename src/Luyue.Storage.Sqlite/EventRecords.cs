using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Luyue.Core.Storage;

namespace Luyue.Storage.Sqlite;

/// <summary>A UTF-8 text inside a batch's <c>events</c> blob, by position; a negative length is a missing text.</summary>
internal readonly record struct Utf8Slice(int Start, int Length)
{
    public bool IsNull => Length < 0;

    public ReadOnlySpan<byte> In(byte[] bytes) => IsNull ? default : bytes.AsSpan(Start, Length);

    public string? ToString(byte[] bytes) => IsNull ? null : Encoding.UTF8.GetString(bytes, Start, Length);

    /// <summary>Whether the text is present and equals <paramref name="utf8"/> byte for byte (as SQLite's BINARY collation compares).</summary>
    public bool Is(byte[] bytes, ReadOnlySpan<byte> utf8) => !IsNull && In(bytes).SequenceEqual(utf8);
}

/// <summary>One event of a batch, as its part of the <c>events</c> blob describes it; its JSON is the slice of the <c>json</c> blob given.</summary>
internal readonly record struct EventRecord(
    long At, long ReceivedAt, int Partition, int JsonStart, int JsonLength, Utf8Slice EventId, Utf8Slice Order, Utf8Slice Tracking);

/// <summary>
/// The per-event part of an <c>event_batches</c> row (0008-event-log-in-batches.sql): a fixed part of 36 bytes,
/// big-endian, then the id, order id and tracking number in UTF-8. The migration writes the same layout in SQL, so the
/// two must change together.
/// </summary>
internal static class EventRecords
{
    private const int FixedBytes = 36;

    /// <summary>Appends <paramref name="e"/>'s record to <paramref name="records"/> and its JSON to <paramref name="json"/>.</summary>
    public static void Write(IncomingEvent e, ArrayBufferWriter<byte> records, ArrayBufferWriter<byte> json)
    {
        if (e.Json.IsEmpty)
        {
            // As the per-event log's NOT NULL column refused it: an event is never stored without its JSON.
            throw new ArgumentException($"event {e.EventId}: empty JSON", nameof(e));
        }

        var idBytes = Encoding.UTF8.GetByteCount(e.EventId);
        var orderBytes = e.Order is null ? -1 : Encoding.UTF8.GetByteCount(e.Order);
        var trackingBytes = e.Tracking is null ? -1 : Encoding.UTF8.GetByteCount(e.Tracking);
        var span = records.GetSpan(FixedBytes + idBytes + Math.Max(orderBytes, 0) + Math.Max(trackingBytes, 0));
        BinaryPrimitives.WriteInt64BigEndian(span, Columns.Millis(e.At));
        BinaryPrimitives.WriteInt64BigEndian(span[8..], Columns.Millis(e.ReceivedAt));
        BinaryPrimitives.WriteInt32BigEndian(span[16..], e.Partition);
        BinaryPrimitives.WriteInt32BigEndian(span[20..], e.Json.Length);
        BinaryPrimitives.WriteInt32BigEndian(span[24..], idBytes);
        BinaryPrimitives.WriteInt32BigEndian(span[28..], orderBytes);
        BinaryPrimitives.WriteInt32BigEndian(span[32..], trackingBytes);
        var written = FixedBytes;
        written += Encoding.UTF8.GetBytes(e.EventId, span[written..]);
        written += e.Order is null ? 0 : Encoding.UTF8.GetBytes(e.Order, span[written..]);
        written += e.Tracking is null ? 0 : Encoding.UTF8.GetBytes(e.Tracking, span[written..]);
        records.Advance(written);
        json.Write(e.Json.Span);
    }

    /// <summary>The records of one batch's <c>events</c> blob, in sequence order, as a list.</summary>
    /// <exception cref="InvalidDataException">The blob does not hold whole records (a damaged file).</exception>
    public static List<EventRecord> Read(byte[] records)
    {
        var list = new List<EventRecord>();
        foreach (var record in Over(records))
        {
            list.Add(record);
        }

        return list;
    }

    /// <summary>
    /// The records of one batch's <c>events</c> blob, in sequence order, read as they are enumerated (no list): for a
    /// blob SQLite hands out only until its statement steps on. Slices are positions in <paramref name="records"/>.
    /// </summary>
    public static Reader Over(ReadOnlySpan<byte> records) => new(records);

    /// <summary>Enumerates records (see <see cref="Over"/>); throws <see cref="InvalidDataException"/> at a damaged one.</summary>
    public ref struct Reader(ReadOnlySpan<byte> records)
    {
        private readonly ReadOnlySpan<byte> records = records;
        private int at;
        private int json;

        public EventRecord Current { get; private set; }

        public readonly Reader GetEnumerator() => this;

        public bool MoveNext()
        {
            if (at >= records.Length)
            {
                return false;
            }

            if (records.Length - at < FixedBytes)
            {
                throw Damaged(at);
            }

            var fixedPart = records.Slice(at, FixedBytes);
            var jsonLength = BinaryPrimitives.ReadInt32BigEndian(fixedPart[20..]);
            var next = at + FixedBytes;
            var id = Text(records, ref next, BinaryPrimitives.ReadInt32BigEndian(fixedPart[24..]), at);
            var order = Text(records, ref next, BinaryPrimitives.ReadInt32BigEndian(fixedPart[28..]), at);
            var tracking = Text(records, ref next, BinaryPrimitives.ReadInt32BigEndian(fixedPart[32..]), at);
            Current = new EventRecord(
                BinaryPrimitives.ReadInt64BigEndian(fixedPart), BinaryPrimitives.ReadInt64BigEndian(fixedPart[8..]),
                BinaryPrimitives.ReadInt32BigEndian(fixedPart[16..]), json, jsonLength, id, order, tracking);
            json += jsonLength;
            at = next;
            return true;
        }
    }

    private static Utf8Slice Text(ReadOnlySpan<byte> records, ref int next, int length, int record)
    {
        if (length < 0)
        {
            return new Utf8Slice(next, -1);
        }

        if (length > records.Length - next)
        {
            throw Damaged(record);
        }

        var slice = new Utf8Slice(next, length);
        next += length;
        return slice;
    }

    private static InvalidDataException Damaged(int offset) =>
        new($"event_batches: a record at byte {offset} of a batch's events runs past its end");
}
