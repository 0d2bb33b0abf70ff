using System.Text.Json;
using Luyue.Core.Events;

namespace Luyue.Core.Findings;

/// <summary>Why one findings line was refused: the field at fault and the reason.</summary>
public sealed record FindingError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>
/// Parses one CONTRACT.md finding line (what <see cref="FindingWriter"/> writes) back into a <see cref="Finding"/>,
/// so that findings kept on disk can be summed again without replaying the events. Unknown fields are skipped: the
/// contract grows by optional fields (a strike's <c>item</c> and <c>day</c>, for one). Stateless and thread-safe.
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
            var reader = new Utf8JsonReader(line);
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
            error = new FindingError("$", $"invalid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')})");
        }

        return finding is not null;
    }

    /// <summary>The fields of one line as read, before the required ones are checked.</summary>
    private sealed class Fields
    {
        private string? kind, rule, order, tracking, reason, platform, shop, packVersion;
        private NodaTime.Instant? at, deadline, start;
        private decimal? amount;
        private int? occurrence;
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
                    "occurrence" => Occurrence(ref reader, out occurrence),
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

        private static FindingError? Time(ref Utf8JsonReader reader, string name, out NodaTime.Instant? value)
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

        private static FindingError? Occurrence(ref Utf8JsonReader reader, out int? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var number))
            {
                reader.Skip();
                return new FindingError("occurrence", "must be a whole number");
            }

            value = number;
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
            NodaTime.Instant? at = null;
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
