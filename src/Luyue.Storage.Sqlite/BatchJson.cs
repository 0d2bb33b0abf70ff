using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace Luyue.Storage.Sqlite;

/// <summary>
/// The <c>json</c> blob of an <c>event_batches</c> row as stored: LZ4-compressed, or the plain JSON that rows written
/// before hold (decision docs/decisions/0010-batch-json-compressed.md). No migration: both forms are read.
/// </summary>
/// <remarks>
/// A compressed blob starts with a zero byte, which no plain one can (an event's JSON starts with <c>{</c>), then the
/// codec (1: an LZ4 block), the plain length as a 32-bit little-endian integer, and the block. The batches' JSON was
/// most of what the WAL and the checkpoints wrote, and copying it into the page cache the largest single cost of the
/// server's CPU under full ingestion; LZ4 at its fast level leaves about a third of it for a fraction of a microsecond
/// per event, and reads it back faster still. A batch that would not shrink is stored plain.
/// </remarks>
internal static class BatchJson
{
    private const byte Marker = 0;
    private const byte Lz4Block = 1;
    private const int HeaderLength = 6;

    /// <summary>Writes the stored form of <paramref name="json"/> to <paramref name="stored"/> (cleared first).</summary>
    public static void Pack(ReadOnlySpan<byte> json, ArrayBufferWriter<byte> stored)
    {
        stored.ResetWrittenCount();
        var room = stored.GetSpan(HeaderLength + LZ4Codec.MaximumOutputSize(json.Length));
        var length = LZ4Codec.Encode(json, room[HeaderLength..], LZ4Level.L00_FAST);
        if (length <= 0 || HeaderLength + length >= json.Length)
        {
            json.CopyTo(stored.GetSpan(json.Length));
            stored.Advance(json.Length);
            return;
        }

        room[0] = Marker;
        room[1] = Lz4Block;
        BinaryPrimitives.WriteInt32LittleEndian(room[2..], json.Length);
        stored.Advance(HeaderLength + length);
    }

    /// <summary>The JSON of a stored blob; a plain one is returned as it is.</summary>
    public static byte[] Unpack(byte[] stored)
    {
        if (stored.Length == 0 || stored[0] != Marker)
        {
            return stored;
        }

        if (stored.Length < HeaderLength || stored[1] != Lz4Block)
        {
            throw new InvalidDataException($"event_batches: a json blob of {stored.Length} bytes has an unknown codec");
        }

        var json = new byte[BinaryPrimitives.ReadInt32LittleEndian(stored.AsSpan(2))];
        if (LZ4Codec.Decode(stored.AsSpan(HeaderLength), json) != json.Length)
        {
            throw new InvalidDataException($"event_batches: a json blob of {stored.Length} bytes does not decode to its {json.Length} bytes");
        }

        return json;
    }
}
