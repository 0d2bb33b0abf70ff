using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Core.Findings;

/// <summary>
/// Writes findings as CONTRACT.md JSON Lines, times in the platforms' offset (+08:00). Each finding reaches the
/// stream as one whole line; the stream's own buffering decides when it leaves, and <see cref="Dispose"/> flushes it.
/// (Writing through a <see cref="Utf8JsonWriter"/> on the stream flushed the stream after every finding: a system
/// call per finding under a buffered stdout.) Not thread-safe.
/// </summary>
public sealed class FindingWriter : IFindingSink, IDisposable
{
    private static readonly Offset Shanghai = Offset.FromHours(8);
    private readonly Stream stream;
    private readonly ArrayBufferWriter<byte> line = new(1024);
    private readonly Utf8JsonWriter json;

    public FindingWriter(Stream stream)
    {
        this.stream = stream;
        json = new Utf8JsonWriter(line, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public long Count { get; private set; }

    public void Emit(Finding f)
    {
        line.ResetWrittenCount();
        json.Reset(line);
        Write(json, f);
        json.Flush();
        line.Write("\n"u8);
        stream.Write(line.WrittenSpan);
        Count++;
    }

    /// <summary>Writes one finding object; shared with the HTTP API so both speak the same format.</summary>
    public static void Write(Utf8JsonWriter json, Finding f)
    {
        json.WriteStartObject();
        json.WriteString("kind", f.Kind.ToText());
        json.WriteString("rule", f.Rule);
        if (f.Order is not null)
        {
            json.WriteString("order", f.Order);
        }

        WriteTime(json, "at", f.At);
        Optional(json, "tracking", f.Tracking);
        if (f.Deadline is { } deadline)
        {
            WriteTime(json, "deadline", deadline);
        }

        if (f.Start is { } start)
        {
            WriteTime(json, "start", start);
        }

        if (f.Amount is { } amount)
        {
            json.WriteNumber("amount", amount);
        }

        Optional(json, "reason", f.Reason);
        if (f.Evidence is { } e)
        {
            json.WriteStartObject("evidence");
            json.WriteString("kind", e.Kind);
            WriteTime(json, "at", e.At);
            Optional(json, "detail", e.Detail);
            json.WriteEndObject();
        }

        if (f.Occurrence is { } occurrence)
        {
            json.WriteNumber("occurrence", occurrence);
        }

        if (f.End is { } end)
        {
            WriteTime(json, "end", end);
        }

        Optional(json, "item", f.Item);
        if (f.Day is { } day)
        {
            json.WriteString("day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (f.Count is { } count)
        {
            json.WriteNumber("count", count);
        }

        if (f.Shipped is { } shipped)
        {
            json.WriteNumber("shipped", shipped);
            if (f.Count is { } c && shipped > 0)
            {
                json.WriteNumber("ratio", Math.Round((decimal)c / shipped, 4));
            }
        }

        if (f.YearCount is { } yearCount)
        {
            json.WriteNumber("yearCount", yearCount);
        }

        Optional(json, "platform", f.Platform);
        Optional(json, "shop", f.Shop);
        Optional(json, "packVersion", f.PackVersion);
        json.WriteEndObject();
    }

    public void Dispose()
    {
        json.Dispose();
        stream.Flush();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, Instant at)
    {
        Span<byte> text = stackalloc byte[InstantText.MaxUtf8Length];
        json.WriteString(name, text[..InstantText.FormatUtf8(at, Shanghai, text)]);
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
