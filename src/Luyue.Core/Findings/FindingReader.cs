using System.Text.Json;
using Luyue.Core.Events;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Core.Findings;

/// <summary>Why one findings line was refused: the field at fault and the reason.</summary>
public sealed record FindingError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>
/// Parses one CONTRACT.md finding line (what <see cref="FindingWriter"/> writes) back into a <see cref="Finding"/>,
/// so that findings kept on disk can be summed again without replaying the events. Unknown fields are skipped, since
/// the contract grows by optional fields, and so are derived ones (a strike's <c>ratio</c> is count / shipped).
/// Stateless and thread-safe.
/// </summary>
public static class FindingReader
{
    private static readonly Dictionary<string, FindingKind> Kinds =
        Enum.GetValues<FindingKind>().ToDictionary(k => k.ToText(), StringComparer.Ordinal);

    public static bool TryParse(ReadOnlySpan<byte> line, out Finding? finding, out FindingError? error)
    {
        finding = null;
        try
        {
            // Multiple values allowed only so that a second value on the line gets its own, clearer, error below.
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowMultipleValues = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new FindingError("$", "a finding must be a JSON object");
                return false;
            }

            var fields = new Fields();
            error = fields.Read(ref reader);
            if (error is null && reader.Read())
            {
                error = new FindingError("$", "unexpected content after the finding object");
            }

            if (error is null)
            {
                finding = fields.Build(out error);
            }
        }
        catch (JsonException ex)
        {
            error = new FindingError("$", $"invalid JSON ({JsonErrorText.OfLine(ex)})");
        }

        return finding is not null;
    }

    /// <summary>The fields of one line as read, before the required ones are checked.</summary>
    private sealed class Fields
    {
        private string? kind, rule, order, tracking, reason, platform, shop, packVersion, item;
        private Instant? at, deadline, start, end;
        private LocalDate? day;
        private decimal? amount;
        private int? occurrence, count, shipped, yearCount;
        private FindingEvidence? evidence;

        public FindingError? Read(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var problem = name switch
                {
                    "kind" => Text(ref reader, name, out kind),
                    "rule" => Text(ref reader, name, out rule),
                    "order" => Text(ref reader, name, out order),
                    "tracking" => Text(ref reader, name, out tracking),
                    "reason" => Text(ref reader, name, out reason),
                    "platform" => Text(ref reader, name, out platform),
                    "shop" => Text(ref reader, name, out shop),
                    "packVersion" => Text(ref reader, name, out packVersion),
                    "at" => Time(ref reader, name, out at),
                    "deadline" => Time(ref reader, name, out deadline),
                    "start" => Time(ref reader, name, out start),
                    "amount" => Amount(ref reader, out amount),
                    "end" => Time(ref reader, name, out end),
                    "item" => Text(ref reader, name, out item),
                    "day" => Date(ref reader, name, out day),
                    "occurrence" => Whole(ref reader, name, out occurrence),
                    "count" => Whole(ref reader, name, out count),
                    "shipped" => Whole(ref reader, name, out shipped),
                    "yearCount" => Whole(ref reader, name, out yearCount),
                    "evidence" => Evidence(ref reader, out evidence),
                    _ => Skip(ref reader),
                };
                if (problem is not null)
                {
                    return problem;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject ? null : new FindingError("$", "the object is not closed");
        }

        public Finding? Build(out FindingError? error)
        {
            error = kind is null ? new FindingError("kind", "missing")
                : !Kinds.ContainsKey(kind) ? new FindingError("kind", $"'{kind}' is not one of {string.Join(", ", Kinds.Keys)}")
                : string.IsNullOrEmpty(rule) ? new FindingError("rule", "missing")
                : at is null ? new FindingError("at", "missing")
                : null;
            if (error is not null)
            {
                return null;
            }

            return new Finding(Kinds[kind!], rule!, order, at!.Value)
            {
                Tracking = tracking,
                Reason = reason,
                Platform = platform,
                Shop = shop,
                PackVersion = packVersion,
                Deadline = deadline,
                Start = start,
                Amount = amount,
                Occurrence = occurrence,
                Evidence = evidence,
                End = end,
                Item = item,
                Day = day,
                Count = count,
                Shipped = shipped,
                YearCount = yearCount,
            };
        }

        private static FindingError? Text(ref Utf8JsonReader reader, string name, out string? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return new FindingError(name, "must be a string");
            }

            value = reader.GetString();
            return null;
        }

        private static FindingError? Time(ref Utf8JsonReader reader, string name, out Instant? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.String || !InstantText.TryParse(reader.ValueSpan, out var instant))
            {
                var shown = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString();
                reader.Skip();
                return new FindingError(name, $"'{shown}' is not an ISO-8601 time with offset");
            }

            value = instant;
            return null;
        }

        /// <summary>Absent or null means "rate not configured" on a penalty: kept as null, never read as zero.</summary>
        private static FindingError? Amount(ref Utf8JsonReader reader, out decimal? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var number))
            {
                reader.Skip();
                return new FindingError("amount", "must be a number of yuan");
            }

            value = number;
            return null;
        }

        private static FindingError? Whole(ref Utf8JsonReader reader, string name, out int? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var number))
            {
                reader.Skip();
                return new FindingError(name, "must be a whole number");
            }

            value = number;
            return null;
        }

        private static FindingError? Date(ref Utf8JsonReader reader, string name, out LocalDate? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (text is null || LocalDatePattern.Iso.Parse(text) is not { Success: true } parsed)
            {
                reader.Skip();
                return new FindingError(name, $"'{text ?? reader.TokenType.ToString()}' is not a date (yyyy-MM-dd)");
            }

            value = parsed.Value;
            return null;
        }

        private static FindingError? Evidence(ref Utf8JsonReader reader, out FindingEvidence? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return new FindingError("evidence", "must be an object");
            }

            string? kind = null, detail = null;
            Instant? at = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var problem = name switch
                {
                    "kind" => Text(ref reader, "evidence.kind", out kind),
                    "detail" => Text(ref reader, "evidence.detail", out detail),
                    "at" => Time(ref reader, "evidence.at", out at),
                    _ => Skip(ref reader),
                };
                if (problem is not null)
                {
                    return problem;
                }
            }

            if (kind is null || at is null)
            {
                return new FindingError(kind is null ? "evidence.kind" : "evidence.at", "missing");
            }

            value = new FindingEvidence(kind, at.Value, detail);
            return null;
        }

        private static FindingError? Skip(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }
    }
}
