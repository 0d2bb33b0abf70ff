using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;

namespace Luyue.Core.Events;

/// <summary>
/// Writes events as CONTRACT.md JSON Lines (the inverse of <see cref="EventParser"/>), with Chinese text
/// left readable. Used by <c>generate</c> and the importers. Not thread-safe.
/// </summary>
public sealed class EventWriter : IDisposable
{
    private static readonly Offset Shanghai = Offset.FromHours(8);
    private readonly Stream stream;
    private readonly Utf8JsonWriter json;

    public EventWriter(Stream stream)
    {
        this.stream = stream;
        json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public void Write(FulfilmentEvent e)
    {
        json.Reset(stream);
        json.WriteStartObject();
        if (e.Id is not null)
        {
            json.WriteString("id", e.Id);
        }

        json.WriteString("type", e.Type);
        json.WriteString("at", InstantText.Format(e.At, Shanghai));
        switch (e)
        {
            case OrderPaid p:
                json.WriteString("platform", p.Platform);
                json.WriteString("shop", p.Shop);
                json.WriteString("order", p.Order);
                json.WriteNumber("amount", p.Amount);
                json.WriteStartArray("items");
                foreach (var item in p.Items)
                {
                    json.WriteStartObject();
                    json.WriteString("item", item.Item);
                    json.WriteNumber("qty", item.Quantity);
                    json.WriteNumber("amount", item.Amount);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                WriteParty("buyer", p.Buyer);
                WriteParty("seller", p.Seller);
                if (p.ShipBy is { } shipBy)
                {
                    json.WriteString("shipBy", InstantText.Format(shipBy, Shanghai));
                }

                if (p.DeliverBy is { } deliverBy)
                {
                    json.WriteString("deliverBy", InstantText.Format(deliverBy, Shanghai));
                }

                if (p.Mode != OrderMode.Express)
                {
                    json.WriteString("mode", ModeText(p.Mode));
                }

                if (p.Tags.Count > 0)
                {
                    json.WriteStartArray("tags");
                    foreach (var tag in p.Tags)
                    {
                        json.WriteStringValue(tag);
                    }

                    json.WriteEndArray();
                }

                Optional("promise", p.Promise);
                break;
            case OrderShipped s:
                json.WriteString("order", s.Order);
                json.WriteString("carrier", s.Carrier);
                json.WriteString("tracking", s.Tracking);
                if (s.Mode != OrderMode.Express)
                {
                    json.WriteString("mode", ModeText(s.Mode));
                }

                break;
            case Scan s:
                json.WriteString("carrier", s.Carrier);
                json.WriteString("tracking", s.Tracking);
                Optional("kind", s.Kind);
                Optional("text", s.Text);
                Optional("code", s.Code);
                Optional("source", s.Source);
                Optional("province", s.Province);
                Optional("city", s.City);
                Optional("site", s.Site);
                Optional("newCarrier", s.NewCarrier);
                Optional("newTracking", s.NewTracking);
                break;
            case TrackingChanged t:
                json.WriteString("order", t.Order);
                json.WriteString("carrier", t.Carrier);
                json.WriteString("tracking", t.Tracking);
                Optional("reason", t.Reason);
                break;
            case OrderRefunded r:
                json.WriteString("order", r.Order);
                json.WriteNumber("amount", r.Amount);
                break;
            case OrderClosed c:
                json.WriteString("order", c.Order);
                break;
            case Complaint c:
                json.WriteString("order", c.Order);
                json.WriteString("complaint", c.ComplaintId);
                json.WriteString("kind", c.Kind);
                json.WriteBoolean("upheld", c.Upheld);
                break;
            case FilingSubmitted f:
                json.WriteString("order", f.Order);
                json.WriteString("filing", f.Filing);
                json.WriteString("reason", f.Reason);
                Optional("detail", f.Detail);
                Optional("evidence", f.Evidence);
                break;
            case FilingDecided d:
                json.WriteString("filing", d.Filing);
                json.WriteBoolean("approved", d.Approved);
                break;
            case Announcement a:
                json.WriteString("platform", a.Platform);
                json.WriteString("announcement", a.AnnouncementId);
                json.WriteString("from", InstantText.Format(a.From, Shanghai));
                json.WriteString("to", InstantText.Format(a.To, Shanghai));
                json.WriteStartArray("provinces");
                foreach (var province in a.Provinces)
                {
                    json.WriteStringValue(province);
                }

                json.WriteEndArray();
                json.WriteNumber("extendHours", a.ExtendHours);
                break;
        }

        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    public void Dispose() => json.Dispose();

    private static string ModeText(OrderMode mode) => mode switch
    {
        OrderMode.Freight => "freight",
        OrderMode.Presale => "presale",
        OrderMode.None => "none",
        _ => "express",
    };

    private void Optional(string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private void WriteParty(string name, Party party)
    {
        json.WriteStartObject(name);
        Optional("name", party.Name);
        Optional("phone", party.Phone);
        Optional("province", party.Province);
        Optional("city", party.City);
        Optional("address", party.Address);
        if (party.Country != "CN")
        {
            json.WriteString("country", party.Country);
        }

        json.WriteEndObject();
    }
}
