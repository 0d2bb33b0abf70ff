using NodaTime;

namespace Luyue.Core.Events;

/// <summary>
/// A line the replay parses into a reused view instead of an event (<see cref="ScanLine"/>, <see cref="OrderLine"/>):
/// only valid until the parser writes the next line into it (<see cref="Engine.LineFeed"/> hands out one that no
/// queued event uses).
/// </summary>
internal abstract class LineView
{
    private readonly LineText tracking = new();

    /// <summary>Whether the line has an <c>id</c>; its hash is <see cref="IdHash"/>.</summary>
    public bool HasId { get; protected set; }

    /// <summary>
    /// The event id hashed as the engine hashes id strings (<see cref="Engine.StableHash.OfId"/>), so that the same id
    /// found as a string (an event from another path) is the same duplicate.
    /// </summary>
    public ulong IdHash { get; protected set; }

    public Instant At { get; protected set; }

    /// <summary>The carrier as the line names it (empty for a payment).</summary>
    public string Carrier { get; protected set; } = "";

    /// <summary>
    /// The tracking number, as characters: the engine keeps it packed with a number it sees first (never as a string).
    /// Empty for a payment. Decoded when first asked: a number the engine holds already is found by its key alone.
    /// </summary>
    public ReadOnlySpan<char> Tracking => tracking.Chars;

    /// <summary>The number key the engine computed when it looked ahead at this line, for the carrier code it used (<c>ComplianceEngine.Foresee</c>).</summary>
    internal (string? CarrierCode, UInt128 Key) NumberKey;

    /// <summary><see cref="Engine.StateKey.Number(string, ReadOnlySpan{char})"/> of the line's tracking number, from its UTF-8 where the line holds it.</summary>
    internal UInt128 NumberKeyOf(string carrierCode) => tracking.NumberKey(carrierCode);

    /// <summary>Keeps the tracking number as read; false when it is not UTF-8.</summary>
    protected bool TrySetTracking(ReadOnlySpan<byte> utf8) => tracking.TrySet(utf8);

    protected void SetTracking(string value) => tracking.Set(value);
}

/// <summary>
/// An id or number of a line, kept as read (its UTF-8, checked) and decoded into characters only when asked; or given
/// as a string. The engine's keys hash UTF-8 (<see cref="Engine.StateKey"/>), so a line's value is hashed as read: the
/// 1,000,000-order replay decoded millions of tracking numbers and order ids the engine then only hashed.
/// </summary>
internal sealed class LineText
{
    private byte[] utf8 = new byte[32];
    private int utf8Length = -1; // -1: the value was given as characters
    private char[] chars = new char[32];
    private int charsLength;     // -1: not decoded yet

    /// <summary>Keeps a value as read; false when it is not UTF-8.</summary>
    public bool TrySet(ReadOnlySpan<byte> value)
    {
        if (!System.Text.Unicode.Utf8.IsValid(value))
        {
            return false;
        }

        value.CopyTo(Utf8Chars.Room(ref utf8, value.Length));
        (utf8Length, charsLength) = (value.Length, -1);
        return true;
    }

    public void Set(string value)
    {
        Utf8Chars.Copy(value, ref chars, out charsLength);
        utf8Length = -1;
    }

    public ReadOnlySpan<char> Chars
    {
        get
        {
            if (charsLength < 0)
            {
                Utf8Chars.Decode(utf8.AsSpan(0, utf8Length), ref chars, out charsLength);
            }

            return chars.AsSpan(0, charsLength);
        }
    }

    public UInt128 OrderKey() => utf8Length >= 0 ? Engine.StateKey.OrderUtf8(utf8.AsSpan(0, utf8Length)) : Engine.StateKey.Order(Chars);

    public UInt128 NumberKey(string carrierCode) =>
        utf8Length >= 0 ? Engine.StateKey.NumberUtf8(carrierCode, utf8.AsSpan(0, utf8Length)) : Engine.StateKey.Number(carrierCode, Chars);
}

/// <summary>
/// One payment or shipment as the engine reads it, written by <see cref="EventParser"/> into an object reused for a
/// later line, or filled from an <see cref="OrderPaid"/> or <see cref="OrderShipped"/> (the engine reads both through
/// this one view). After scans, these lines are most of a stream, one each per order; as events, their ids, order
/// ids, tracking numbers and the buyer's name, phone and address became strings and records that the engine only
/// hashed or packed: a kilobyte per order for the collector, a third of everything a replay's parsing allocated
/// (docs/performance.md). Here those values are hashes, or characters in buffers kept from line to line; the strings
/// that repeat (platform, shop, provinces, cities, item ids, carrier) are the parser's shared ones. Not thread-safe.
/// </summary>
internal sealed class OrderLine : LineView
{
    private readonly LineText order = new();

    /// <summary>Whether this is an <c>order.shipped</c> line (else <c>order.paid</c>).</summary>
    public bool IsShipment { get; private set; }

    /// <summary>The order id, as characters, decoded when first asked (a shipment's order is found by its key alone).</summary>
    public ReadOnlySpan<char> Order => order.Chars;

    /// <summary><see cref="Engine.StateKey.Order(ReadOnlySpan{char})"/> of the order id, from its UTF-8 where the line holds it.</summary>
    internal UInt128 OrderKeyNow() => order.OrderKey();

    // A payment's values.
    public string Platform { get; private set; } = "";
    public string Shop { get; private set; } = "";
    public decimal Amount { get; private set; }

    /// <summary>Item ids and amounts (quantities are not judged), in the line's order; reused, like the line.</summary>
    public List<(string Item, decimal Amount)> Items { get; } = [];

    public LineParty Buyer { get; } = new();
    public LineParty Seller { get; } = new();
    public Instant? ShipBy { get; private set; }
    public Instant? DeliverBy { get; private set; }
    public OrderMode Mode { get; private set; }

    /// <summary>Whether a tag says the buyer collects or the seller delivers (<c>self-pickup</c>, <c>self-delivery</c>).</summary>
    public bool SelfHandled { get; private set; }

    public string? Promise { get; private set; }

    /// <summary>The order's key, computed when the engine looked ahead at this line (<c>ComplianceEngine.Foresee</c>).</summary>
    internal UInt128? OrderKey;

    /// <summary>Starts a payment; false, the line left unusable, when the id or order id is not valid UTF-8.</summary>
    internal bool TryStartPayment(bool hasId, ReadOnlySpan<byte> id, Instant at, ReadOnlySpan<byte> orderId)
    {
        IsShipment = false;
        Carrier = "";
        SetTracking("");
        Items.Clear();
        return TryStart(hasId, id, at, orderId);
    }

    internal void SetPayment(
        string platform, string shop, decimal amount, Instant? shipBy, Instant? deliverBy, OrderMode mode, bool selfHandled, string? promise) =>
        (Platform, Shop, Amount, ShipBy, DeliverBy, Mode, SelfHandled, Promise) = (platform, shop, amount, shipBy, deliverBy, mode, selfHandled, promise);

    /// <summary>A shipment; false, the line left unusable, when the id, order id or tracking number is not valid UTF-8.</summary>
    internal bool TrySetShipment(bool hasId, ReadOnlySpan<byte> id, Instant at, ReadOnlySpan<byte> orderId, string carrier,
        ReadOnlySpan<byte> trackingUtf8, OrderMode mode)
    {
        IsShipment = true;
        Carrier = carrier;
        Mode = mode;
        return TryStart(hasId, id, at, orderId) && TrySetTracking(trackingUtf8);
    }

    /// <summary>The line as the event's values: how the engine reads an <see cref="OrderPaid"/> from any other path.</summary>
    /// <param name="p">The payment.</param>
    /// <param name="orderKey">Its order's key, as the engine found it when the event was foreseen.</param>
    public OrderLine Of(OrderPaid p, UInt128 orderKey)
    {
        Start(p.Id, p.At, p.Order, orderKey);
        IsShipment = false;
        Carrier = "";
        SetTracking("");
        Items.Clear();
        foreach (var item in p.Items)
        {
            Items.Add((item.Item, item.Amount));
        }

        Buyer.Set(p.Buyer);
        Seller.Set(p.Seller);
        SetPayment(p.Platform, p.Shop, p.Amount, p.ShipBy, p.DeliverBy, p.Mode, SelfHandledTags(p.Tags), p.Promise);
        return this;
    }

    /// <summary>The line as a shipment's values, from an <see cref="OrderShipped"/> or a <see cref="TrackingChanged"/> (express).</summary>
    public OrderLine OfShipment(string? id, Instant at, string orderId, UInt128 orderKey, string carrier, string trackingNumber, OrderMode mode)
    {
        Start(id, at, orderId, orderKey);
        IsShipment = true;
        Carrier = carrier;
        Mode = mode;
        SetTracking(trackingNumber);
        return this;
    }

    /// <summary>Whether the tags hold <c>self-pickup</c> or <c>self-delivery</c>.</summary>
    public static bool SelfHandledTags(IReadOnlyList<string> tags)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] is "self-pickup" or "self-delivery")
            {
                return true;
            }
        }

        return false;
    }

    private bool TryStart(bool hasId, ReadOnlySpan<byte> id, Instant at, ReadOnlySpan<byte> orderId)
    {
        ulong idHash = 0;
        if ((hasId && !Utf8Chars.TryHashId(id, out idHash)) || !order.TrySet(orderId))
        {
            return false;
        }

        (HasId, IdHash, At, OrderKey, NumberKey) = (hasId, idHash, at, null, default);
        return true;
    }

    private void Start(string? id, Instant at, string orderId, UInt128 orderKey)
    {
        (HasId, IdHash, At, OrderKey, NumberKey) = (id is not null, Engine.StableHash.OfId(id), at, orderKey, default);
        order.Set(orderId);
    }
}

/// <summary>A buyer or seller of an <see cref="OrderLine"/>: where they are, and the hashes the engine compares recipients by.</summary>
internal sealed class LineParty
{
    private char[] address = new char[64];
    private int addressLength;
    private string? addressText;

    public string? Province { get; private set; }
    public string? City { get; private set; }
    public string Country { get; private set; } = "CN";

    /// <summary>The name's and phone's hashes as the engine hashes strings (0 for none).</summary>
    public ulong NameHash { get; private set; }

    public ulong PhoneHash { get; private set; }

    public bool HasAddress { get; private set; }

    /// <summary>The address as a string, made on first use: only a party without a known province or city needs it.</summary>
    public string? Address => HasAddress ? addressText ??= new string(address, 0, addressLength) : null;

    /// <summary>The hash of <c>"province|city|address"</c>, as <see cref="Engine.StableHash.OfJoined"/> makes it of the strings.</summary>
    public ulong PlaceHash => Engine.StableHash.OfJoined(Province, City, address.AsSpan(0, addressLength));

    /// <summary>
    /// Fills the party from a line's values (none given: an absent party); false, the party left unusable, when the
    /// name, phone or address is not valid UTF-8. An absent or empty country is China's, as for a <see cref="Party"/>.
    /// </summary>
    internal bool TrySet(string? province, string? city, string? country, bool hasName, ReadOnlySpan<byte> name, bool hasPhone,
        ReadOnlySpan<byte> phone, bool hasAddress, ReadOnlySpan<byte> addressUtf8)
    {
        (Province, City, Country, HasAddress, addressText) = (province, city, string.IsNullOrEmpty(country) ? "CN" : country, hasAddress, null);
        ulong nameHash = 0, phoneHash = 0;
        var ok = (!hasName || Utf8Chars.TryHash(name, out nameHash)) && (!hasPhone || Utf8Chars.TryHash(phone, out phoneHash));
        (NameHash, PhoneHash) = (nameHash, phoneHash);
        addressLength = 0;
        return ok && (!hasAddress || Utf8Chars.TryDecode(addressUtf8, ref address, out addressLength));
    }

    internal void Set(Party p)
    {
        (Province, City, Country, HasAddress, addressText) = (p.Province, p.City, p.Country, p.Address is not null, p.Address);
        (NameHash, PhoneHash) = (Engine.StableHash.Of(p.Name), Engine.StableHash.Of(p.Phone));
        Utf8Chars.Copy(p.Address ?? "", ref address, out addressLength);
    }
}
