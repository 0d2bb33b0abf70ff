using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using NodaTime;

namespace Luyue.Core.Events;

/// <summary>Why one input line was refused: the field at fault and the reason, in words a person can act on.</summary>
public sealed record EventError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>
/// Parses one CONTRACT.md event from a line of UTF-8 JSON. Unknown fields are ignored (the contract may grow);
/// a missing or malformed required field is an <see cref="EventError"/> naming it. Not thread-safe: it reuses
/// one scratch record between lines, and shares the strings of values that repeat, so that replay allocates little
/// more than the event itself.
/// </summary>
public sealed partial class EventParser
{
    private readonly Fields fields = new();

    // Two caches, so that item ids (which repeat across a shop's orders) do not evict the short values that repeat on
    // almost every line (types, carriers, shops, provinces, cities, sites, codes, property names). Measured on the
    // 100,000-order bench stream (docs/performance.md), caching more cost more CPU than it saved: tracking and order
    // numbers are next used thousands of lines later, so only a large cache kept them, and a 64K-slot one (40 B a
    // line less) doubled the time to parse, its slots no longer fitting the processor's caches; a 4K-slot cache of
    // scan texts (19 B a line less) took about 10 % longer than decoding them, hashing and comparing a text costing as
    // much as transcoding it. A young string that dies before the next collection costs little more than its
    // allocation, whereas a cached one is kept alive for the collector to promote (measured again with the string as
    // its own key, branch wip-parse3: still 30-60 % more CPU, gen-0 pauses ten times longer).
    private readonly Utf8StringCache strings = new(maxSlotBits: 14, maxBytes: 48);
    private readonly Utf8StringCache items = new(maxSlotBits: 12, maxBytes: 48);

    /// <summary>
    /// The scan texts found to be UTF-8 already, so that the plain scan path need not check them again; made at the first
    /// line that path reads (a replay's), not for the parser of each request to the server.
    /// </summary>
    private ScanTexts? texts;

    // Reused between lines; the event gets an exact array (a single item costs 32 bytes, a List and its array 72).
    private readonly List<OrderItem> itemScratch = [];

    /// <summary>A plain payment's items as read (<see cref="PlainItems"/>), before they become the event's or an order line's.</summary>
    private readonly List<(string Item, int Quantity, decimal Amount)> itemParts = [];
    private readonly List<string> stringScratch = [];

    /// <summary>Seller parties, which are a province and a city only: the same few hundred on every paid line.</summary>
    private readonly Party?[] places = new Party?[256];

    /// <summary>The plain paths' last time read (most lines repeat the time of the line before).</summary>
    private readonly RecentTime times = new();

    public bool TryParse(ReadOnlySpan<byte> line, out FulfilmentEvent? evt, out EventError? error) =>
        TryParse(line, scanInto: null, out evt, out error);

    /// <summary>
    /// Parses one line as <see cref="TryParse(ReadOnlySpan{byte}, out FulfilmentEvent?, out EventError?)"/> does, except
    /// that a scan goes into <paramref name="scanInto"/> (then <paramref name="evt"/> is null and the result true):
    /// its id, tracking number and text are not made into strings. The same lines are refused, with the same errors.
    /// A scan with an escaped id, number or text still becomes a <see cref="Scan"/> (the view holds unescaped UTF-8).
    /// </summary>
    internal bool TryParse(ReadOnlySpan<byte> line, ScanLine? scanInto, out FulfilmentEvent? evt, out EventError? error) =>
        TryParse(line, scanInto, orderInto: null, out evt, out _, out error);

    /// <summary>
    /// Parses one line as <see cref="TryParse(ReadOnlySpan{byte}, ScanLine?, out FulfilmentEvent?, out EventError?)"/>
    /// does, except that a payment or shipment of the plain shape goes into <paramref name="orderInto"/>. Then, as for a
    /// scan line, <paramref name="evt"/> is null and <paramref name="view"/> is the view filled (null for an event).
    /// </summary>
    internal bool TryParse(ReadOnlySpan<byte> line, ScanLine? scanInto, OrderLine? orderInto, out FulfilmentEvent? evt, out LineView? view,
        out EventError? error)
    {
        evt = null;
        view = null;
        error = null;
        if (scanInto is not null && PlainLines && TryPlainScan(line, scanInto))
        {
            view = scanInto;
            return true;
        }

        if (TryPlainOrder(line, deferring: orderInto is not null))
        {
            if (orderInto is null)
            {
                return Build(line, scanInto: null, out evt, out error);
            }

            if (TryBuildOrderLine(line, orderInto))
            {
                view = orderInto;
                return true;
            }

            // A value that is not UTF-8, or a line the event path refuses: read again below, which names the fault.
        }

        fields.Reset();
        fields.Deferring = scanInto is not null;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new EventError("$", "an event must be a JSON object");
                return false;
            }

            error = ReadTopLevel(ref reader);
            fields.CurrentField = null; // past the object: a JSON error now is about the line, not its last field
            if (error is null && reader.Read())
            {
                error = new EventError("$", "unexpected content after the event object");
            }
        }
        catch (JsonException ex)
        {
            error = new EventError(fields.CurrentField ?? "$", $"invalid JSON ({JsonErrorText.OfLine(ex)})");
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            // The reader checks a string's UTF-8 only when it is decoded: a bad line, not a failed replay.
            error = new EventError(fields.CurrentField ?? "$", "not valid UTF-8");
        }

        if (error is not null)
        {
            return false;
        }

        if (!Build(line, scanInto, out evt, out error))
        {
            return false;
        }

        view = evt is null ? scanInto : null; // a scan the general path read into the scan line
        return true;
    }

    private EventError? ReadTopLevel(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return null;
            }

            var field = reader.ValueIsEscaped ? TopLevel.Find(Encoding.UTF8.GetBytes(reader.GetString()!)) : TopLevel.Find(reader.ValueSpan);
            var name = field == Field.Unknown ? reader.GetString()! : TopLevel.NameOf(field);
            fields.CurrentField = name;
            reader.Read();
            var problem = field switch
            {
                Field.Type => Short(ref reader, name, out fields.Type),
                Field.Id => Deferred(ref reader, name, out fields.Id, out fields.IdRaw),
                Field.At => Time(ref reader, name, out fields.At),
                Field.Order => Str(ref reader, name, out fields.Order),
                Field.Platform => Short(ref reader, name, out fields.Platform),
                Field.Shop => Short(ref reader, name, out fields.Shop),
                Field.Amount => Dec(ref reader, name, out fields.Amount),
                Field.Items => Items(ref reader),
                Field.Buyer => PartyObject(ref reader, name, out fields.Buyer),
                Field.Seller => PartyObject(ref reader, name, out fields.Seller),
                Field.ShipBy => Time(ref reader, name, out fields.ShipBy),
                Field.DeliverBy => Time(ref reader, name, out fields.DeliverBy),
                Field.Mode => Short(ref reader, name, out fields.Mode),
                Field.Tags => StringArray(ref reader, name, out fields.Tags),
                Field.Promise => Short(ref reader, name, out fields.Promise),
                Field.Carrier => Short(ref reader, name, out fields.Carrier),
                Field.Tracking => Deferred(ref reader, name, out fields.Tracking, out fields.TrackingRaw),
                Field.Kind => Short(ref reader, name, out fields.Kind),
                Field.Text => Deferred(ref reader, name, out fields.Text, out fields.TextRaw),
                Field.Code => Scalar(ref reader, strings, name, out fields.Code),
                Field.Source => Short(ref reader, name, out fields.Source),
                Field.Province => Short(ref reader, name, out fields.Province),
                Field.City => Short(ref reader, name, out fields.City),
                Field.Site => Short(ref reader, name, out fields.Site),
                Field.NewCarrier => Short(ref reader, name, out fields.NewCarrier),
                Field.NewTracking => Str(ref reader, name, out fields.NewTracking),
                Field.Reason => Short(ref reader, name, out fields.Reason),
                Field.Complaint => Str(ref reader, name, out fields.ComplaintId),
                Field.Upheld => Bool(ref reader, name, out fields.Upheld),
                Field.Filing => Str(ref reader, name, out fields.Filing),
                Field.Detail => Str(ref reader, name, out fields.Detail),
                Field.Evidence => Raw(ref reader, out fields.Evidence),
                Field.Approved => Bool(ref reader, name, out fields.Approved),
                Field.Announcement => Str(ref reader, name, out fields.Announcement),
                Field.From => Time(ref reader, name, out fields.From),
                Field.To => Time(ref reader, name, out fields.To),
                Field.Provinces => StringArray(ref reader, name, out fields.Provinces),
                Field.ExtendHours => Int(ref reader, name, out fields.ExtendHours),
                _ => Skip(ref reader),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return new EventError("$", "the object is not closed");
    }

    /// <summary>The top-level fields of CONTRACT.md events; the JSON name is the member name in camel case.</summary>
    internal enum Field : byte
    {
        Unknown, Type, Id, At, Order, Platform, Shop, Amount, Items, Buyer, Seller, ShipBy, Mode, Tags, Promise, Carrier,
        Tracking, Kind, Text, Code, Source, Province, City, Site, NewCarrier, NewTracking, Reason, Complaint, Upheld, Filing,
        Detail, Evidence, Approved, Announcement, From, To, Provinces, ExtendHours, DeliverBy,
    }

    /// <summary>
    /// Finds a field from its name's UTF-8 bytes without decoding them: every line names a dozen fields, and decoding
    /// each name to a string and switching on it was a fifth of parsing. A name is looked for among the few known
    /// names of its length and last byte.
    /// </summary>
    private static class TopLevel
    {
        private const int SlotCount = 64;
        private static readonly string[] Names = Enum.GetNames<Field>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToArray();
        private static readonly byte[][] Utf8Names = Names.Select(Encoding.UTF8.GetBytes).ToArray();
        private static readonly Field[][] Slots = Enumerable.Range(0, SlotCount)
            .Select(slot => Enum.GetValues<Field>().Where(f => f != Field.Unknown && SlotOf(Utf8Names[(int)f]) == slot).ToArray())
            .ToArray();

        public static string NameOf(Field field) => Names[(int)field];

        public static Field Find(ReadOnlySpan<byte> name)
        {
            if (name.IsEmpty)
            {
                return Field.Unknown;
            }

            foreach (var field in Slots[SlotOf(name)])
            {
                if (name.SequenceEqual(Utf8Names[(int)field]))
                {
                    return field;
                }
            }

            return Field.Unknown;
        }

        private static int SlotOf(ReadOnlySpan<byte> name) => (name.Length * 7 + name[^1]) % SlotCount;
    }

    /// <summary>
    /// The member a name is, among those the plain paths read (<see cref="TryPlainScan"/>'s scan members,
    /// <see cref="TryPlainOrder"/>'s payment and shipment members); <see cref="Field.Unknown"/> for any other name, which
    /// declines the line as a member of the wrong kind does. Each name is compared whole with the few of its length,
    /// literals the JIT compares with a load or two: <see cref="TopLevel.Find"/>'s buckets, a chain of loads from its
    /// tables, were two fifths of reading a scan line (samples by instruction, 1,000,000-order replay).
    /// </summary>
    internal static Field PlainField(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => name.SequenceEqual("id"u8) ? Field.Id : name.SequenceEqual("at"u8) ? Field.At : Field.Unknown,
        4 => name.SequenceEqual("type"u8) ? Field.Type
            : name.SequenceEqual("text"u8) ? Field.Text
            : name.SequenceEqual("city"u8) ? Field.City
            : name.SequenceEqual("site"u8) ? Field.Site
            : name.SequenceEqual("shop"u8) ? Field.Shop
            : name.SequenceEqual("kind"u8) ? Field.Kind
            : name.SequenceEqual("code"u8) ? Field.Code
            : name.SequenceEqual("mode"u8) ? Field.Mode
            : name.SequenceEqual("tags"u8) ? Field.Tags
            : Field.Unknown,
        5 => name.SequenceEqual("order"u8) ? Field.Order
            : name.SequenceEqual("items"u8) ? Field.Items
            : name.SequenceEqual("buyer"u8) ? Field.Buyer
            : Field.Unknown,
        6 => name.SequenceEqual("amount"u8) ? Field.Amount
            : name.SequenceEqual("seller"u8) ? Field.Seller
            : name.SequenceEqual("shipBy"u8) ? Field.ShipBy
            : name.SequenceEqual("source"u8) ? Field.Source
            : Field.Unknown,
        7 => name.SequenceEqual("carrier"u8) ? Field.Carrier : name.SequenceEqual("promise"u8) ? Field.Promise : Field.Unknown,
        8 => name.SequenceEqual("tracking"u8) ? Field.Tracking
            : name.SequenceEqual("province"u8) ? Field.Province
            : name.SequenceEqual("platform"u8) ? Field.Platform
            : Field.Unknown,
        9 => name.SequenceEqual("deliverBy"u8) ? Field.DeliverBy : Field.Unknown,
        10 => name.SequenceEqual("newCarrier"u8) ? Field.NewCarrier : Field.Unknown,
        11 => name.SequenceEqual("newTracking"u8) ? Field.NewTracking : Field.Unknown,
        _ => Field.Unknown,
    };

    private bool Build(ReadOnlySpan<byte> line, ScanLine? scanInto, out FulfilmentEvent? evt, out EventError? error)
    {
        var f = fields;
        evt = null;
        error = null;
        if (f.Type is null)
        {
            error = new EventError("type", "missing");
            return false;
        }

        if (f.At is not { } at)
        {
            error = new EventError("at", "missing");
            return false;
        }

        if (f.Deferring)
        {
            if (scanInto is not null && f.Type == "scan" && f.Id is null && f.Tracking is null && f.Text is null)
            {
                return BuildScanLine(line, scanInto, out error);
            }

            // Not a scan (or one with an escaped value): the values kept as bytes become the strings they would have been.
            f.Id ??= f.IdRaw.Decode(line);
            f.Tracking ??= f.TrackingRaw.Decode(line);
            f.Text ??= f.TextRaw.Decode(line);
        }

        switch (f.Type)
        {
            case "order.paid":
                if (PaymentComplete(out var mode, out error))
                {
                    evt = new OrderPaid(f.Id, at, f.Platform!, f.Shop!, f.Order!, f.Amount!.Value,
                        f.Items ?? [], f.Buyer ?? EmptyParty, f.Seller ?? EmptyParty, f.ShipBy, mode,
                        f.Tags ?? [], f.Promise) { DeliverBy = f.DeliverBy };
                }

                break;
            case "order.shipped":
                if (ShipmentComplete(out var shipMode, out error))
                {
                    evt = new OrderShipped(f.Id, at, f.Order!, f.Carrier!, f.Tracking!, shipMode);
                }

                break;
            case "scan":
                if (ScanComplete(!string.IsNullOrEmpty(f.Tracking), f.Text is not null, out error))
                {
                    evt = new Scan(f.Id, at, f.Carrier!, f.Tracking!, f.Kind, f.Text, f.Code, f.Source, f.Province, f.City,
                        f.Site, f.NewCarrier, f.NewTracking);
                }

                break;
            case "order.tracking-changed":
                if (Require(f.Order, "order", out error) && Require(f.Carrier, "carrier", out error) && Require(f.Tracking, "tracking", out error))
                {
                    evt = new TrackingChanged(f.Id, at, f.Order!, f.Carrier!, f.Tracking!, f.Reason);
                }

                break;
            case "order.refunded":
                if (Require(f.Order, "order", out error) && RequireAmount(out error))
                {
                    evt = new OrderRefunded(f.Id, at, f.Order!, f.Amount!.Value);
                }

                break;
            case "order.closed":
                if (Require(f.Order, "order", out error))
                {
                    evt = new OrderClosed(f.Id, at, f.Order!);
                }

                break;
            case "complaint":
                if (Require(f.Order, "order", out error) && Require(f.Kind, "kind", out error))
                {
                    evt = new Complaint(f.Id, at, f.Order!, f.ComplaintId ?? f.Id ?? "", f.Kind!, f.Upheld ?? false);
                }

                break;
            case "filing.submitted":
                if (Require(f.Order, "order", out error) && Require(f.Filing, "filing", out error) && Require(f.Reason, "reason", out error))
                {
                    evt = new FilingSubmitted(f.Id, at, f.Order!, f.Filing!, f.Reason!, f.Detail, f.Evidence);
                }

                break;
            case "filing.decided":
                if (Require(f.Filing, "filing", out error))
                {
                    if (f.Approved is not { } approved)
                    {
                        error = new EventError("approved", "missing");
                        return false;
                    }

                    evt = new FilingDecided(f.Id, at, f.Filing!, approved);
                }

                break;
            case "announcement":
                if (Require(f.Platform, "platform", out error) && Require(f.Announcement, "announcement", out error))
                {
                    if (f.From is not { } from || f.To is not { } to)
                    {
                        error = new EventError(f.From is null ? "from" : "to", "missing");
                        return false;
                    }

                    if (to < from)
                    {
                        error = new EventError("to", "ends before 'from'");
                        return false;
                    }

                    evt = new Announcement(f.Id, at, f.Platform!, f.Announcement!, from, to, f.Provinces ?? [], f.ExtendHours ?? 0);
                }

                break;
            case "clock":
                evt = new ClockTick(f.Id, at);
                break;
            default:
                error = new EventError("type", $"unknown event type '{f.Type}'");
                break;
        }

        return evt is not null;
    }

    /// <summary>A scan into the reused view, refused for the same reasons as a <see cref="Scan"/>.</summary>
    private bool BuildScanLine(ReadOnlySpan<byte> line, ScanLine into, out EventError? error)
    {
        var f = fields;
        if (!ScanComplete(f.TrackingRaw.Length > 0, f.TextRaw.Present, out error))
        {
            return false;
        }

        if (!into.TrySet(f.IdRaw.Present, f.IdRaw.Of(line), f.At!.Value, f.Carrier!, f.TrackingRaw.Of(line), f.TextRaw.Present, f.TextRaw.Of(line),
                f.Kind, f.Code, f.Source, f.Province, f.City, f.Site, f.NewCarrier, f.NewTracking))
        {
            // Deferred kept only values it had checked.
            throw new InvalidOperationException("a scan line's id, number or text was kept without being checked as UTF-8");
        }

        return true;
    }

    /// <summary>What a payment needs, whether it becomes an <see cref="OrderPaid"/> or an <see cref="OrderLine"/>.</summary>
    private bool PaymentComplete(out OrderMode mode, out EventError? error)
    {
        var f = fields;
        mode = default;
        if (!Require(f.Platform, "platform", out error) || !Require(f.Shop, "shop", out error) || !Require(f.Order, f.OrderRaw, "order", out error)
            || !RequireAmount(out error) || !ParseMode(f.Mode, out mode, out error))
        {
            return false;
        }

        if (!KnownPlatforms.Contains(f.Platform!))
        {
            error = new EventError("platform", $"'{f.Platform}' is not one of {string.Join(", ", KnownPlatforms)}");
            return false;
        }

        return true;
    }

    /// <summary>What a shipment needs, whether it becomes an <see cref="OrderShipped"/> or an <see cref="OrderLine"/>.</summary>
    private bool ShipmentComplete(out OrderMode mode, out EventError? error)
    {
        var f = fields;
        mode = default;
        return Require(f.Order, f.OrderRaw, "order", out error) && Require(f.Carrier, "carrier", out error)
            && Require(f.Tracking, f.TrackingRaw, "tracking", out error) && ParseMode(f.Mode, out mode, out error);
    }

    /// <summary>
    /// A plain payment or shipment read with its values kept as places in the line (<see cref="TryPlainOrder"/>) into
    /// the reused view; false for one the event path would refuse or whose values are not all UTF-8 (the event path
    /// then reads it again and says why).
    /// </summary>
    private bool TryBuildOrderLine(ReadOnlySpan<byte> line, OrderLine into)
    {
        var f = fields;
        if (f.At is not { } at)
        {
            return false;
        }

        if (f.Type == "order.shipped")
        {
            return ShipmentComplete(out var shipMode, out _)
                && into.TrySetShipment(f.IdRaw.Present, f.IdRaw.Of(line), at, f.OrderRaw.Of(line), f.Carrier!, f.TrackingRaw.Of(line), shipMode);
        }

        if (!PaymentComplete(out var mode, out _) || !into.TryStartPayment(f.IdRaw.Present, f.IdRaw.Of(line), at, f.OrderRaw.Of(line))
            || !f.BuyerText.TrySet(line, into.Buyer) || !f.SellerText.TrySet(line, into.Seller))
        {
            return false;
        }

        foreach (var (item, _, amount) in itemParts)
        {
            into.Items.Add((item, amount));
        }

        into.SetPayment(f.Platform!, f.Shop!, f.Amount!.Value, f.ShipBy, f.DeliverBy, mode, OrderLine.SelfHandledTags(f.Tags ?? []), f.Promise);
        return true;
    }

    /// <summary>The platforms CONTRACT.md names, plus <c>olist</c>, the worked example of a non-Chinese marketplace.</summary>
    public static readonly IReadOnlyList<string> KnownPlatforms = ["tmall", "taote", "douyin", "1688", "aliexpress", "olist"];

    private static readonly Party EmptyParty = new(null, null, null, null, null, "CN");

    /// <summary>
    /// What every scan needs, whether it becomes a <see cref="Scan"/> or a <see cref="ScanLine"/>: a carrier, a tracking
    /// number, and a kind, text or code to be classified by (its number and text given as present or not, as the two
    /// paths hold them differently).
    /// </summary>
    private bool ScanComplete(bool hasTracking, bool hasText, out EventError? error)
    {
        var f = fields;
        error = string.IsNullOrEmpty(f.Carrier) ? new EventError("carrier", "missing")
            : !hasTracking ? new EventError("tracking", "missing")
            : f.Kind is null && !hasText && f.Code is null ? new EventError("kind", "a scan needs kind, text or code to be classified")
            : null;
        return error is null;
    }

    private static bool Require(string? value, string field, out EventError? error)
    {
        error = string.IsNullOrEmpty(value) ? new EventError(field, "missing") : null;
        return error is null;
    }

    /// <summary>A value required and given either as a string or as its place in the line (kept there, not decoded yet).</summary>
    private static bool Require(string? value, Utf8Range raw, string field, out EventError? error) =>
        raw.Length > 0 ? (error = null) is null : Require(value, field, out error);

    private bool RequireAmount(out EventError? error)
    {
        error = fields.Amount is null ? new EventError("amount", "missing")
            : fields.Amount < 0 ? new EventError("amount", "must not be negative") : null;
        return error is null;
    }

    private static bool ParseMode(string? text, out OrderMode mode, out EventError? error)
    {
        error = null;
        switch (text)
        {
            case null or "express": mode = OrderMode.Express; return true;
            case "freight": mode = OrderMode.Freight; return true;
            case "presale": mode = OrderMode.Presale; return true;
            case "none": mode = OrderMode.None; return true;
            default:
                mode = default;
                error = new EventError("mode", $"'{text}' is not one of express, freight, presale, none");
                return false;
        }
    }

    private static EventError? Str(ref Utf8JsonReader reader, string name, out string? value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            value = null;
            reader.Skip();
            return new EventError(name, "must be a string");
        }

        value = Utf8Text.GetString(ref reader);
        return null;
    }

    /// <summary>
    /// Like <see cref="Str"/>, but while parsing for a <see cref="ScanLine"/> an unescaped value is only checked and
    /// its place in the line kept (<paramref name="raw"/>): a scan's id, number and text need no string.
    /// </summary>
    private EventError? Deferred(ref Utf8JsonReader reader, string name, out string? value, out Utf8Range raw)
    {
        raw = Utf8Range.None;
        if (!fields.Deferring || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return Str(ref reader, name, out value);
        }

        if (!Utf8.IsValid(reader.ValueSpan))
        {
            // The reader's own decoding throws what the string path throws for the same bytes.
            return Str(ref reader, name, out value);
        }

        value = null;
        raw = new Utf8Range(checked((int)reader.TokenStartIndex + 1), reader.ValueSpan.Length);
        return null;
    }

    /// <summary>Where an unescaped string value lies in the line; <see cref="None"/> when the field was absent or not kept so.</summary>
    private readonly record struct Utf8Range(int Start, int Length)
    {
        public static readonly Utf8Range None = new(-1, -1);

        public bool Present => Start >= 0;

        public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> line) => Present ? line.Slice(Start, Length) : default;

        public string? Decode(ReadOnlySpan<byte> line) => Present ? Utf8Text.GetString(Of(line)) : null;
    }

    /// <summary>Like <see cref="Str"/>, for values that repeat from line to line: the string is shared, not decoded again.</summary>
    private EventError? Short(ref Utf8JsonReader reader, string name, out string? value)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return Str(ref reader, name, out value);
        }

        value = strings.Get(ref reader);
        return null;
    }

    /// <summary>A string or a number, as a string (through <paramref name="cache"/> when there is one).</summary>
    private static EventError? Scalar(ref Utf8JsonReader reader, Utf8StringCache? cache, string name, out string? value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = cache is null ? Utf8Text.GetString(ref reader) : cache.Get(ref reader);
                return null;
            case JsonTokenType.Number:
                value = cache is null ? Encoding.UTF8.GetString(reader.ValueSpan) : cache.GetNumberText(reader.ValueSpan);
                return null;
            case JsonTokenType.Null:
                value = null;
                return null;
            default:
                value = null;
                reader.Skip();
                return new EventError(name, "must be a string or a number");
        }
    }

    private static EventError? Raw(ref Utf8JsonReader reader, out string? value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString();
            return null;
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        value = doc.RootElement.ValueKind == JsonValueKind.Null ? null : doc.RootElement.GetRawText();
        return null;
    }

    private static EventError? Time(ref Utf8JsonReader reader, string name, out Instant? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return new EventError(name, "must be an ISO-8601 time string with offset");
        }

        var ok = reader.ValueIsEscaped
            ? InstantText.TryParse(reader.GetString()!, out var instant)
            : InstantText.TryParse(reader.ValueSpan, out instant);
        if (!ok)
        {
            return new EventError(name, $"'{reader.GetString()}' is not an ISO-8601 time with offset (e.g. 2024-06-01T08:00:00+08:00)");
        }

        value = instant;
        return null;
    }

    private static EventError? Dec(ref Utf8JsonReader reader, string name, out decimal? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var d))
        {
            value = d;
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && decimal.TryParse(reader.GetString(), System.Globalization.NumberStyles.Number,
                System.Globalization.CultureInfo.InvariantCulture, out d))
        {
            value = d;
            return null;
        }

        reader.Skip();
        return new EventError(name, "must be a decimal amount in yuan");
    }

    private static EventError? Int(ref Utf8JsonReader reader, string name, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i))
        {
            value = i;
            return null;
        }

        reader.Skip();
        return new EventError(name, "must be a whole number");
    }

    private static EventError? Bool(ref Utf8JsonReader reader, string name, out bool? value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        if (value is null)
        {
            reader.Skip();
            return new EventError(name, "must be true or false");
        }

        return null;
    }

    private static EventError? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private EventError? StringArray(ref Utf8JsonReader reader, string name, out IReadOnlyList<string>? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return new EventError(name, "must be an array of strings");
        }

        var list = stringScratch;
        list.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return new EventError($"{name}[{list.Count}]", "must be a string");
            }

            list.Add(strings.Get(ref reader)); // tags and provinces: a handful of values
        }

        value = list.Count == 0 ? [] : list.ToArray();
        return null;
    }

    private EventError? Items(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return new EventError("items", "must be an array of {item, qty, amount}");
        }

        var list = itemScratch;
        list.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return new EventError(ItemPath(list.Count), "must be an object");
            }

            string? item = null;
            int? qty = 1;
            decimal? amount = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = strings.Get(ref reader);
                reader.Read();
                var problem = name switch
                {
                    "item" => Scalar(ref reader, items, name, out item),
                    "qty" => Int(ref reader, name, out qty),
                    "amount" => Dec(ref reader, name, out amount),
                    _ => Skip(ref reader),
                };
                if (problem is not null)
                {
                    // The path is built only for an error: every order has items, few have bad ones.
                    return problem with { Field = $"{ItemPath(list.Count)}.{problem.Field}" };
                }
            }

            if (string.IsNullOrEmpty(item))
            {
                return new EventError($"{ItemPath(list.Count)}.item", "missing");
            }

            list.Add(new OrderItem(item, qty ?? 1, amount ?? 0m));
        }

        fields.Items = TakeItems();
        return null;
    }

    /// <summary>The items read into the scratch list, as the event's own exact array.</summary>
    private OrderItem[] TakeItems() => itemScratch.Count == 0 ? [] : itemScratch.ToArray();

    private static string ItemPath(int index) => $"items[{index}]";

    private EventError? PartyObject(ref Utf8JsonReader reader, string name, out Party? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new EventError(name, "must be an object");
        }

        string? who = null, phone = null, province = null, city = null, address = null, country = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = strings.Get(ref reader);
            reader.Read();
            var problem = field switch
            {
                "name" => Str(ref reader, field, out who),
                "phone" => Scalar(ref reader, null, field, out phone), // nearly every buyer's is different
                "province" => Short(ref reader, field, out province),
                "city" => Short(ref reader, field, out city),
                "address" => Str(ref reader, field, out address),
                "country" => Short(ref reader, field, out country),
                _ => Skip(ref reader),
            };
            if (problem is not null)
            {
                return problem with { Field = $"{name}.{problem.Field}" };
            }
        }

        value = MakeParty(who, phone, province, city, address, country);
        return null;
    }

    /// <summary>A party as read; a province and city with nobody named (a seller) is shared (<see cref="Place"/>).</summary>
    private Party MakeParty(string? who, string? phone, string? province, string? city, string? address, string? country)
    {
        country = string.IsNullOrEmpty(country) ? "CN" : country;
        return who is null && phone is null && address is null ? Place(province, city, country) : new Party(who, phone, province, city, address, country);
    }

    /// <summary>
    /// The shared party of a province and city with nobody named (a seller). Slots are chosen by the strings'
    /// identities, which the cache makes the same for the same text; a different instance of equal text only misses.
    /// </summary>
    private Party Place(string? province, string? city, string country)
    {
        var slot = unchecked((uint)(Identity(province) * 31 + Identity(city)) % (uint)places.Length);
        if (places[slot] is { } known && known.Province == province && known.City == city && known.Country == country)
        {
            return known;
        }

        return places[slot] = new Party(null, null, province, city, null, country);
    }

    private static int Identity(string? text) => text is null ? 0 : RuntimeHelpers.GetHashCode(text);

    private sealed class Fields
    {
        public string? CurrentField;

        /// <summary>Whether id, tracking and text are kept as places in the line (<see cref="Deferred"/>) until the type is known.</summary>
        public bool Deferring;
        public Utf8Range IdRaw = Utf8Range.None, TrackingRaw = Utf8Range.None, TextRaw = Utf8Range.None, OrderRaw = Utf8Range.None;

        /// <summary>A plain payment's parties, as read (<see cref="TryPlainOrder"/>).</summary>
        public PartyText BuyerText, SellerText;
        public string? Type, Id, Order, Platform, Shop, Mode, Promise, Carrier, Tracking, Kind, Text, Code, Source;
        public string? Province, City, Site, NewCarrier, NewTracking, Reason, ComplaintId, Filing, Detail, Evidence, Announcement;
        public Instant? At, ShipBy, From, To, DeliverBy;
        public decimal? Amount;
        public int? ExtendHours;
        public bool? Upheld, Approved;
        public IReadOnlyList<OrderItem>? Items;
        public IReadOnlyList<string>? Tags, Provinces;
        public Party? Buyer, Seller;

        public void Reset()
        {
            CurrentField = Type = Id = Order = Platform = Shop = Mode = Promise = Carrier = Tracking = Kind = Text = Code = Source = null;
            Province = City = Site = NewCarrier = NewTracking = Reason = ComplaintId = Filing = Detail = Evidence = Announcement = null;
            At = ShipBy = From = To = DeliverBy = null;
            Amount = null;
            ExtendHours = null;
            Upheld = Approved = null;
            Items = null;
            Tags = Provinces = null;
            Buyer = Seller = null;
            Deferring = false;
            IdRaw = TrackingRaw = TextRaw = OrderRaw = Utf8Range.None;
            BuyerText = SellerText = PartyText.Absent;
        }
    }
}
