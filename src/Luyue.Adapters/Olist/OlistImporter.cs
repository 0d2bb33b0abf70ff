using System.Globalization;
using Luyue.Adapters.Csv;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Adapters.Olist;

/// <summary>
/// The Olist marketplace export (Brazil; ../shared/data/olist-brazilian-ecommerce-subset) as CONTRACT events, judged by
/// the <c>olist</c> pack (rules/olist): the mapping is documented in docs/adapters.md. In short, per order:
/// <c>order.paid</c> at approval (else purchase) with <c>shipBy</c> = the earliest item <c>shipping_limit_date</c> and
/// <c>deliverBy</c> = <c>order_estimated_delivery_date</c>; the hand-over to the carrier as <c>order.shipped</c> plus a
/// <c>pickup</c> scan; delivery to the customer as a <c>signed</c> scan; canceled and unavailable orders closed at their
/// last recorded time (the export has no cancellation time); and one closing <c>clock</c> at the export's last
/// recorded event, so that orders still open then are judged as of the export, not as of a date it never reached.
/// </summary>
public static class OlistImporter
{
    public const string Feed = "olist";

    /// <summary>The carrier the export names for every parcel: Olist's logistics partners are not named per order.</summary>
    public const string Carrier = "olist-logistics";

    /// <summary>The export's naive timestamps are local Brazil time; São Paulo's zone, with its daylight saving of those years.</summary>
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/Sao_Paulo"];

    private static readonly string[] Closed = ["canceled", "unavailable"];

    /// <summary>Reads the four files of <paramref name="directory"/>; customers and sellers are optional (places only).</summary>
    public static Imported FromDirectory(string directory)
    {
        var errors = new List<AdapterError>();
        var orders = Read(directory, "olist_orders_dataset.csv", required: true, errors);
        var items = Read(directory, "olist_order_items_dataset.csv", required: true, errors);
        var customers = Read(directory, "olist_customers_dataset.csv", required: false, errors);
        var sellers = Read(directory, "olist_sellers_dataset.csv", required: false, errors);
        if (orders is null || items is null)
        {
            return new Imported([], errors, []);
        }

        var places = new Places(customers, sellers);
        var itemsByOrder = Items(items, errors);
        var events = new List<FulfilmentEvent>();
        var summary = new Summary();
        var asOf = Instant.MinValue;
        foreach (var row in orders.Rows)
        {
            var before = errors.Count;
            var order = Order(orders, row, itemsByOrder, places, errors, summary);
            if (errors.Count > before || order is null)
            {
                continue;
            }

            events.AddRange(order.Value.Events);
            asOf = Instant.Max(asOf, order.Value.LastRecorded);
        }

        if (events.Count > 0)
        {
            // The export's as-of time: its last recorded event (not a shipping limit or estimate, which lie in the future).
            events.Add(new ClockTick(StableIds.Of(Feed, "clock", asOf.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)), asOf));
        }

        var notes = new List<string>
        {
            $"olist: {summary.Orders} orders, {summary.Items} items → {events.Count} events; shipBy on {summary.ShipBy}, deliverBy on {summary.DeliverBy}",
            $"olist: {summary.HandedOver} handed to the carrier, {summary.Delivered} delivered, {summary.Closed} canceled or unavailable (closed at their last recorded time)",
            $"olist: closing clock at {InstantText.Format(asOf, Zone.GetUtcOffset(asOf))} (the export's last recorded event); deadlines after it are not judged",
        };
        return new Imported(events.OrderBy(e => e.At).ToList(), errors, notes);
    }

    private sealed class Summary
    {
        public int Orders, Items, ShipBy, DeliverBy, HandedOver, Delivered, Closed;
    }

    private sealed record Item(int Number, string Product, string Seller, Instant ShippingLimit, decimal Price, decimal Freight);

    private static Dictionary<string, List<Item>> Items(CsvTable items, List<AdapterError> errors)
    {
        var byOrder = new Dictionary<string, List<Item>>(StringComparer.Ordinal);
        foreach (var row in items.Rows)
        {
            var where = $"olist_order_items_dataset.csv row {row.Row}";
            var order = Required(items, row, "order_id", where, errors);
            var product = Required(items, row, "product_id", where, errors);
            var seller = Required(items, row, "seller_id", where, errors);
            var number = Number(items, row, "order_item_id", where, errors);
            var limit = Time(items, row, "shipping_limit_date", where, required: true, errors);
            var price = Number(items, row, "price", where, errors);
            var freight = Number(items, row, "freight_value", where, errors);
            if (order is null || product is null || seller is null || number is null || limit is null || price is null || freight is null)
            {
                continue;
            }

            if (!byOrder.TryGetValue(order, out var list))
            {
                byOrder[order] = list = [];
            }

            list.Add(new Item((int)number.Value, product, seller, limit.Value, price.Value, freight.Value));
        }

        return byOrder;
    }

    private static (List<FulfilmentEvent> Events, Instant LastRecorded)? Order(CsvTable orders, CsvRow row,
        Dictionary<string, List<Item>> itemsByOrder, Places places, List<AdapterError> errors, Summary summary)
    {
        var where = $"olist_orders_dataset.csv row {row.Row}";
        var id = Required(orders, row, "order_id", where, errors);
        var status = Required(orders, row, "order_status", where, errors);
        var purchased = Time(orders, row, "order_purchase_timestamp", where, required: true, errors);
        var approved = Time(orders, row, "order_approved_at", where, required: false, errors);
        var handedOver = Time(orders, row, "order_delivered_carrier_date", where, required: false, errors);
        var delivered = Time(orders, row, "order_delivered_customer_date", where, required: false, errors);
        var estimated = Time(orders, row, "order_estimated_delivery_date", where, required: false, errors);
        if (id is null || status is null || purchased is null)
        {
            return null;
        }

        var items = itemsByOrder.TryGetValue(id, out var list) ? list.OrderBy(i => i.Number).ToList() : [];
        var paidAt = approved ?? purchased.Value;
        var customer = places.Customer(orders.Cell(row, "customer_id"));
        var shop = items.Count > 0 ? items[0].Seller : "olist";
        var seller = items.Count > 0 ? places.Seller(shop) : new Party(null, null, null, null, null, "BR");
        var lines = items.GroupBy(i => i.Product, StringComparer.Ordinal)
            .Select(g => new OrderItem(g.Key, g.Count(), g.Sum(i => i.Price)))
            .ToList();
        Instant? shipBy = items.Count > 0 ? items.Min(i => i.ShippingLimit) : null;
        var events = new List<FulfilmentEvent>
        {
            new OrderPaid(StableIds.Of(Feed, "paid", id), paidAt, "olist", shop, id, items.Sum(i => i.Price + i.Freight), lines, customer, seller,
                shipBy, OrderMode.Express, [], null) { DeliverBy = estimated },
        };
        summary.Orders++;
        summary.Items += items.Count;
        summary.ShipBy += shipBy is null ? 0 : 1;
        summary.DeliverBy += estimated is null ? 0 : 1;

        // The parcel is known to the carrier from the hand-over; a delivery without one (none in the subset) still needs a shipment.
        if ((handedOver ?? delivered) is { } shippedAt)
        {
            events.Add(new OrderShipped(StableIds.Of(Feed, "shipped", id), shippedAt, id, Carrier, id, OrderMode.Express));
        }

        if (handedOver is { } pickup)
        {
            summary.HandedOver++;
            events.Add(Scan(id, pickup, "pickup", "order_delivered_carrier_date"));
        }

        if (delivered is { } signed)
        {
            summary.Delivered++;
            events.Add(Scan(id, signed, "signed", "order_delivered_customer_date"));
        }

        var lastRecorded = new[] { purchased, approved, handedOver, delivered }.Where(t => t is not null).Max(t => t!.Value);
        if (Closed.Contains(status))
        {
            summary.Closed++;
            events.Add(new OrderClosed(StableIds.Of(Feed, "closed", id), lastRecorded, id));
        }

        return (events, lastRecorded);
    }

    private static Scan Scan(string order, Instant at, string kind, string column) =>
        new(StableIds.Of(Feed, kind, order), at, Carrier, order, kind, column, null, Feed, null, null, null, null, null);

    private sealed class Places(CsvTable? customers, CsvTable? sellers)
    {
        private readonly Dictionary<string, CsvRow> customerRows = Index(customers, "customer_id");
        private readonly Dictionary<string, CsvRow> sellerRows = Index(sellers, "seller_id");

        public Party Customer(string? id) =>
            id is not null && customerRows.TryGetValue(id, out var row)
                ? new Party(null, null, customers!.Cell(row, "customer_state"), customers.Cell(row, "customer_city"), null, "BR")
                : new Party(null, null, null, null, null, "BR");

        public Party Seller(string id) =>
            sellerRows.TryGetValue(id, out var row)
                ? new Party(null, null, sellers!.Cell(row, "seller_state"), sellers.Cell(row, "seller_city"), null, "BR")
                : new Party(null, null, null, null, null, "BR");

        private static Dictionary<string, CsvRow> Index(CsvTable? table, string key)
        {
            var index = new Dictionary<string, CsvRow>(StringComparer.Ordinal);
            foreach (var row in table?.Rows ?? [])
            {
                if (table!.Cell(row, key) is { } id)
                {
                    index.TryAdd(id, row);
                }
            }

            return index;
        }
    }

    private static CsvTable? Read(string directory, string file, bool required, List<AdapterError> errors)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            if (required)
            {
                errors.Add(new AdapterError(file, "$", $"missing from {directory}"));
            }

            return null;
        }

        try
        {
            return CsvTable.Parse(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            errors.Add(new AdapterError(file, "$", ex.Message));
            return null;
        }
    }

    private static string? Required(CsvTable table, CsvRow row, string column, string where, List<AdapterError> errors)
    {
        var value = table.Cell(row, column);
        if (value is null)
        {
            errors.Add(new AdapterError(where, column, "missing"));
        }

        return value;
    }

    private static decimal? Number(CsvTable table, CsvRow row, string column, string where, List<AdapterError> errors)
    {
        var text = Required(table, row, column, where, errors);
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new AdapterError(where, column, $"'{text}' is not a number"));
        return null;
    }

    private static Instant? Time(CsvTable table, CsvRow row, string column, string where, bool required, List<AdapterError> errors)
    {
        var text = table.Cell(row, column);
        if (text is null)
        {
            if (required)
            {
                errors.Add(new AdapterError(where, column, "missing"));
            }

            return null;
        }

        if (LocalTimes.TryParse(text, Zone, out var at))
        {
            return at;
        }

        errors.Add(new AdapterError(where, column, $"'{text}' is not a time like 2017-07-09 21:57:05 (Brazil local time)"));
        return null;
    }
}
