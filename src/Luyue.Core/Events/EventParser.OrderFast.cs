using System.Buffers.Text;

namespace Luyue.Core.Events;

/// <summary>
/// Payment and shipment lines read without walking them token by token through the JSON reader. After scans they are
/// most of a stream (one each per order), and a payment, with its items, buyer and seller, cost about 2 µs to parse,
/// most of it in the reader's tokens and the field table between them. A line of the plain shape (members in any order,
/// string values without escapes, plain numbers, the items array and the two party objects, nothing unknown, no
/// whitespace, numbers without an exponent) fills the same scratch record the reader's path fills, with the same
/// values, and is built by the same <see cref="Build"/>; any other line (or one that would be refused) is left to the
/// general path, so every error is the general path's.
/// </summary>
public sealed partial class EventParser
{
    /// <summary>
    /// Whether plain lines take the paths that skip the JSON reader (this one and <see cref="TryPlainScan"/>). Off only
    /// in tests, which check that both ways give the same events and the same errors.
    /// </summary>
    internal bool PlainLines { get; init; } = true;

    /// <summary>
    /// Reads a plain payment or shipment line into <see cref="fields"/>; false for any other line (then read again by
    /// the general path). <paramref name="deferring"/> keeps the values an <see cref="OrderLine"/> only hashes or
    /// copies (ids, order id, tracking number, the parties' names, phones and addresses) as their places in the line,
    /// neither decoded nor checked yet.
    /// </summary>
    internal bool TryPlainOrder(ReadOnlySpan<byte> line, bool deferring)
    {
        if (!PlainLines || line.Length < 2 || line[0] != (byte)'{' || line[^1] != (byte)'}')
        {
            return false;
        }

        fields.Reset();
        fields.Deferring = deferring;
        itemParts.Clear();
        var rest = line[1..];
        var isOrder = false;
        var seen = 0UL; // the members read so far, a bit per field
        Next next;
        do
        {
            if (!PlainName(ref rest, out var name))
            {
                return false;
            }

            var field = PlainField(name);
            if ((seen & (1UL << (int)field)) != 0)
            {
                // A member given twice: the general path checks the value the last one replaces (kept undecoded, a bad
                // first value would otherwise pass unseen).
                return false;
            }

            seen |= 1UL << (int)field;
            var f = fields;
            var ok = field switch
            {
                Field.Type => PlainShort(ref rest, out f.Type) && (isOrder = f.Type is "order.paid" or "order.shipped"),
                Field.Id => PlainText(line.Length, ref rest, out f.Id, out f.IdRaw),
                Field.At => PlainTime(ref rest, out f.At),
                Field.Order => PlainText(line.Length, ref rest, out f.Order, out f.OrderRaw),
                Field.Platform => PlainShort(ref rest, out f.Platform),
                Field.Shop => PlainShort(ref rest, out f.Shop),
                Field.Amount => PlainDecimal(ref rest, out f.Amount),
                Field.Items => PlainItems(ref rest),
                Field.Buyer => PlainParty(line.Length, ref rest, out f.Buyer, out f.BuyerText),
                Field.Seller => PlainParty(line.Length, ref rest, out f.Seller, out f.SellerText),
                Field.ShipBy => PlainTime(ref rest, out f.ShipBy),
                Field.DeliverBy => PlainTime(ref rest, out f.DeliverBy),
                Field.Mode => PlainShort(ref rest, out f.Mode),
                Field.Tags => PlainStrings(ref rest, out f.Tags),
                Field.Promise => PlainShort(ref rest, out f.Promise),
                Field.Carrier => PlainShort(ref rest, out f.Carrier),
                Field.Tracking => PlainText(line.Length, ref rest, out f.Tracking, out f.TrackingRaw),
                _ => false, // a member of another type of event, or unknown: the general path decides
            };
            if (!ok)
            {
                return false;
            }
        }
        while ((next = PlainNext(ref rest, (byte)'}')) == Next.More);

        // The whole line was read, and its type seen (a type other than these two ended the reading above).
        return next == Next.Closed && rest.IsEmpty && isOrder;
    }

    private bool PlainShort(ref ReadOnlySpan<byte> rest, out string? value)
    {
        value = null;
        return PlainString(ref rest, out var utf8) && strings.TryGet(utf8, out value);
    }

    private static bool PlainStr(ref ReadOnlySpan<byte> rest, out string? value)
    {
        value = null;
        return PlainString(ref rest, out var utf8) && Utf8Text.TryGetString(utf8, out value);
    }

    /// <summary>
    /// A string value: decoded, or while <see cref="Fields.Deferring"/> only its place in the line (the line is
    /// <paramref name="lineLength"/> bytes long and ends with <paramref name="rest"/>).
    /// </summary>
    private bool PlainText(int lineLength, ref ReadOnlySpan<byte> rest, out string? value, out Utf8Range raw)
    {
        raw = Utf8Range.None;
        if (!fields.Deferring)
        {
            return PlainStr(ref rest, out value);
        }

        value = null;
        var start = lineLength - rest.Length + 1;
        if (!PlainString(ref rest, out var utf8))
        {
            return false;
        }

        raw = new Utf8Range(start, utf8.Length);
        return true;
    }

    private bool PlainTime(ref ReadOnlySpan<byte> rest, out NodaTime.Instant? value)
    {
        value = null;
        if (!PlainString(ref rest, out var utf8) || !times.TryParse(utf8, out var instant))
        {
            return false;
        }

        value = instant;
        return true;
    }

    private static bool PlainDecimal(ref ReadOnlySpan<byte> rest, out decimal? value)
    {
        value = null;
        // What the reader's TryGetDecimal does with a number token without an exponent.
        if (!PlainNumber(ref rest, out var number) || !Utf8Parser.TryParse(number, out decimal d, out var used) || used != number.Length)
        {
            return false;
        }

        value = d;
        return true;
    }

    /// <summary>The items array, each item an object of item (a string or a number), qty and amount.</summary>
    private bool PlainItems(ref ReadOnlySpan<byte> rest)
    {
        if (!PlainOpen(ref rest, (byte)'[', (byte)']', out var empty))
        {
            return false;
        }

        var list = itemParts;
        list.Clear();
        while (!empty)
        {
            if (!PlainOpen(ref rest, (byte)'{', (byte)'}', out var noMembers) || noMembers)
            {
                return false;
            }

            string? item = null;
            int? qty = 1;
            decimal? amount = null;
            Next next;
            do
            {
                if (!PlainName(ref rest, out var name))
                {
                    return false;
                }

                var ok = name switch
                {
                    _ when name.SequenceEqual("item"u8) => PlainScalar(ref rest, items, out item),
                    _ when name.SequenceEqual("qty"u8) => PlainInt(ref rest, out qty),
                    _ when name.SequenceEqual("amount"u8) => PlainDecimal(ref rest, out amount),
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }
            while ((next = PlainNext(ref rest, (byte)'}')) == Next.More);

            if (next == Next.Broken || string.IsNullOrEmpty(item))
            {
                return false; // a missing item is refused: the general path names it
            }

            list.Add((item, qty ?? 1, amount ?? 0m));
            next = PlainNext(ref rest, (byte)']');
            if (next == Next.Broken)
            {
                return false;
            }

            empty = next == Next.Closed;
        }

        if (!fields.Deferring)
        {
            // The event's own exact array; an order line takes the parts themselves.
            var made = list.Count == 0 ? [] : new OrderItem[list.Count];
            for (var i = 0; i < made.Length; i++)
            {
                made[i] = new OrderItem(list[i].Item, list[i].Quantity, list[i].Amount);
            }

            fields.Items = made;
        }

        return true;
    }

    private static bool PlainInt(ref ReadOnlySpan<byte> rest, out int? value)
    {
        value = null;
        // What the reader's TryGetInt32 does.
        if (!PlainNumber(ref rest, out var number) || !Utf8Parser.TryParse(number, out int i, out var used) || used != number.Length)
        {
            return false;
        }

        value = i;
        return true;
    }

    /// <summary>A string, or a number's text, as <see cref="Scalar"/> reads them.</summary>
    private static bool PlainScalar(ref ReadOnlySpan<byte> rest, Utf8StringCache? cache, out string? value)
    {
        value = null;
        if (!rest.IsEmpty && rest[0] == (byte)'"')
        {
            if (PlainString(ref rest, out var utf8))
            {
                _ = cache is null ? Utf8Text.TryGetString(utf8, out value) : cache.TryGet(utf8, out value);
            }
        }
        else if (PlainNumber(ref rest, out var number))
        {
            value = cache is null ? System.Text.Encoding.UTF8.GetString(number) : cache.GetNumberText(number);
        }

        return value is not null;
    }

    /// <summary>
    /// A buyer or seller object of name, phone, province, city, address and country, into <paramref name="text"/>; and,
    /// unless <see cref="Fields.Deferring"/>, into the party <paramref name="value"/>.
    /// </summary>
    private bool PlainParty(int lineLength, ref ReadOnlySpan<byte> rest, out Party? value, out PartyText text)
    {
        value = null;
        text = PartyText.Absent;
        if (!PlainOpen(ref rest, (byte)'{', (byte)'}', out var empty))
        {
            return false;
        }

        string? who = null, phone = null, address = null;
        while (!empty)
        {
            if (!PlainName(ref rest, out var name))
            {
                return false;
            }

            var ok = name switch
            {
                _ when name.SequenceEqual("name"u8) => PlainPersonal(lineLength, ref rest, orNumber: false, out who, ref text.Name),
                _ when name.SequenceEqual("phone"u8) => PlainPersonal(lineLength, ref rest, orNumber: true, out phone, ref text.Phone),
                _ when name.SequenceEqual("province"u8) => PlainShort(ref rest, out text.Province),
                _ when name.SequenceEqual("city"u8) => PlainShort(ref rest, out text.City),
                _ when name.SequenceEqual("address"u8) => PlainPersonal(lineLength, ref rest, orNumber: false, out address, ref text.Address),
                _ when name.SequenceEqual("country"u8) => PlainShort(ref rest, out text.Country),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }

            var next = PlainNext(ref rest, (byte)'}');
            if (next == Next.Broken)
            {
                return false;
            }

            empty = next == Next.Closed;
        }

        if (!fields.Deferring)
        {
            value = MakeParty(who, phone, text.Province, text.City, address, text.Country);
        }

        return true;
    }

    /// <summary>
    /// A party's name, phone (<paramref name="orNumber"/>: a string or a number, as <see cref="Scalar"/> reads it) or
    /// address: nearly every party's is its own, so it is not shared; while <see cref="Fields.Deferring"/>, only its
    /// place in the line is kept (an order line hashes or copies it).
    /// </summary>
    private bool PlainPersonal(int lineLength, ref ReadOnlySpan<byte> rest, bool orNumber, out string? value, ref Utf8Range raw)
    {
        if (!fields.Deferring)
        {
            return orNumber ? PlainScalar(ref rest, null, out value) : PlainStr(ref rest, out value);
        }

        value = null;
        if (raw.Present)
        {
            return false; // given twice in the party: the general path checks the value the last one replaces
        }

        var start = lineLength - rest.Length;
        if (!rest.IsEmpty && rest[0] == (byte)'"')
        {
            if (!PlainString(ref rest, out var utf8))
            {
                return false;
            }

            raw = new Utf8Range(start + 1, utf8.Length);
            return true;
        }

        if (!orNumber || !PlainNumber(ref rest, out var number))
        {
            return false;
        }

        raw = new Utf8Range(start, number.Length);
        return true;
    }

    /// <summary>
    /// A plain payment's buyer or seller as read: the shared strings, and where the rest lies in the line. An absent
    /// party reads as nobody in China, as the event's empty party does.
    /// </summary>
    private struct PartyText
    {
        public static readonly PartyText Absent = new() { Name = Utf8Range.None, Phone = Utf8Range.None, Address = Utf8Range.None };

        public string? Province, City, Country;
        public Utf8Range Name, Phone, Address;

        /// <summary>Fills an order line's party; false when a value is not UTF-8.</summary>
        public readonly bool TrySet(ReadOnlySpan<byte> line, LineParty into) =>
            into.TrySet(Province, City, Country, Name.Present, Name.Of(line), Phone.Present, Phone.Of(line), Address.Present, Address.Of(line));
    }

    /// <summary>An array of strings (tags), as <see cref="StringArray"/> reads it.</summary>
    private bool PlainStrings(ref ReadOnlySpan<byte> rest, out IReadOnlyList<string>? value)
    {
        value = null;
        if (!PlainOpen(ref rest, (byte)'[', (byte)']', out var empty))
        {
            return false;
        }

        var list = stringScratch;
        list.Clear();
        while (!empty)
        {
            if (!PlainShort(ref rest, out var one))
            {
                return false;
            }

            list.Add(one!);
            var next = PlainNext(ref rest, (byte)']');
            if (next == Next.Broken)
            {
                return false;
            }

            empty = next == Next.Closed;
        }

        value = list.Count == 0 ? [] : list.ToArray();
        return true;
    }

    /// <summary>A member's name and its colon.</summary>
    private static bool PlainName(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> name)
    {
        if (!PlainString(ref rest, out name) || rest.IsEmpty || rest[0] != (byte)':')
        {
            return false;
        }

        rest = rest[1..];
        return true;
    }

    /// <summary>
    /// A string without escapes or control characters; <paramref name="rest"/> moves past its closing quote. Its UTF-8
    /// is checked where it is decoded (a name is only compared with known ASCII names), not in a pass of its own.
    /// </summary>
    private static bool PlainString(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (rest.IsEmpty || rest[0] != (byte)'"')
        {
            return false;
        }

        var end = rest[1..].IndexOfAny(ValueEnd);
        if (end < 0 || rest[1 + end] != (byte)'"')
        {
            return false;
        }

        value = rest.Slice(1, end);
        rest = rest[(end + 2)..];
        return true;
    }

    /// <summary>
    /// A number of the form <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>, the JSON grammar without an exponent (a number with one
    /// is left to the general path); <paramref name="rest"/> moves past it.
    /// </summary>
    private static bool PlainNumber(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> number)
    {
        number = default;
        var i = !rest.IsEmpty && rest[0] == (byte)'-' ? 1 : 0;
        var digits = Digits(rest[i..]);
        if (digits == 0 || (digits > 1 && rest[i] == (byte)'0'))
        {
            return false;
        }

        i += digits;
        if (i < rest.Length && rest[i] == (byte)'.')
        {
            var fraction = Digits(rest[(i + 1)..]);
            if (fraction == 0)
            {
                return false;
            }

            i += 1 + fraction;
        }

        number = rest[..i];
        rest = rest[i..];
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> text) => text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') is var end and >= 0 ? end : text.Length;

    /// <summary>An array's or object's opening, and whether it closes at once (<c>[]</c>, <c>{}</c>).</summary>
    private static bool PlainOpen(ref ReadOnlySpan<byte> rest, byte open, byte close, out bool empty)
    {
        empty = false;
        if (rest.IsEmpty || rest[0] != open)
        {
            return false;
        }

        empty = rest.Length > 1 && rest[1] == close;
        rest = rest[(empty ? 2 : 1)..];
        return true;
    }

    /// <summary>What follows a value in an array or object.</summary>
    private enum Next : byte
    {
        More,
        Closed,
        Broken,
    }

    /// <summary>After a value: past a comma (<see cref="Next.More"/>) or <paramref name="close"/> (<see cref="Next.Closed"/>).</summary>
    private static Next PlainNext(ref ReadOnlySpan<byte> rest, byte close)
    {
        if (!rest.IsEmpty && (rest[0] == (byte)',' || rest[0] == close))
        {
            var next = rest[0] == close ? Next.Closed : Next.More;
            rest = rest[1..];
            return next;
        }

        return Next.Broken;
    }
}
