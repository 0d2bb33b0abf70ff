using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Core.Findings;

/// <summary>Writes findings as CONTRACT.md JSON Lines, times in the platforms' offset (+08:00). Not thread-safe.</summary>
public sealed class FindingWriter(Stream stream) : IFindingSink, IDisposable
{
    private static readonly Offset Shanghai = Offset.FromHours(8);
    private readonly Utf8JsonWriter json = new(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });

    public long Count { get; private set; }

    public void Emit(Finding f)
    {
        json.Reset(stream);
        Write(json, f);
        json.Flush();
        stream.WriteByte((byte)'\n');
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

        json.WriteString("at", InstantText.Format(f.At, Shanghai));
        Optional(json, "tracking", f.Tracking);
        if (f.Deadline is { } deadline)
        {
            json.WriteString("deadline", InstantText.Format(deadline, Shanghai));
        }

        if (f.Start is { } start)
        {
            json.WriteString("start", InstantText.Format(start, Shanghai));
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
            json.WriteString("at", InstantText.Format(e.At, Shanghai));
            Optional(json, "detail", e.Detail);
            json.WriteEndObject();
        }

        if (f.Occurrence is { } occurrence)
        {
            json.WriteNumber("occurrence", occurrence);
        }

        if (f.End is { } end)
        {
            json.WriteString("end", InstantText.Format(end, Shanghai));
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

    public void Dispose() => json.Dispose();

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
