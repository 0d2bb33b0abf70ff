using System.Globalization;
using Luyue.Core.Events;
using Luyue.Core.Scans;
using NodaTime;

namespace Luyue.Adapters.Csv;

/// <summary>
/// Orders and shipments from a spreadsheet, for merchants without an API (columns: docs/adapters.md, template:
/// docs/orders-template.csv). One row is one order: with <c>paid_at</c> it becomes <c>order.paid</c>; with
/// <c>shipped_at</c>, <c>carrier</c> and <c>tracking</c> it becomes <c>order.shipped</c>; a row may carry either or both,
/// so shipments can follow in a later file. A row with any bad cell is refused whole, naming row and column, and the
/// other rows are still imported.
/// </summary>
public sealed class MerchantCsvImporter(CarrierVocabulary carriers)
{
    public const string Feed = "csv";

    /// <summary>Every column the importer reads; any other column is refused, so a misspelt one is not silently ignored.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "order", "paid_at", "platform", "shop", "amount", "ship_by", "deliver_by", "promise",
        "buyer_name", "buyer_phone", "buyer_province", "buyer_city", "buyer_address", "buyer_country",
        "seller_province", "seller_city", "shipped_at", "carrier", "tracking",
    ];

    private static readonly string[] PaidColumns = ["platform", "shop", "amount", "ship_by", "deliver_by", "promise", "buyer_name",
        "buyer_phone", "buyer_province", "buyer_city", "buyer_address", "buyer_country", "seller_province", "seller_city"];

    public Imported FromText(string text)
    {
        CsvTable table;
        try
        {
            table = CsvTable.Parse(text);
        }
        catch (FormatException ex)
        {
            var cut = ex.Message.IndexOf(':', StringComparison.Ordinal);
            return Imported.Refused(new AdapterError(ex.Message[..cut], "$", ex.Message[(cut + 1)..].Trim()));
        }

        var headerErrors = table.Header
            .Where(h => !Columns.Contains(h, StringComparer.OrdinalIgnoreCase))
            .Select(h => new AdapterError("row 1", h.Length == 0 ? "(blank)" : h, $"not a column of this import; the columns are {string.Join(", ", Columns)}"))
            .ToList();
        if (!table.Has("order"))
        {
            headerErrors.Add(new AdapterError("row 1", "order", "missing: every row names its order"));
        }

        if (headerErrors.Count > 0)
        {
            return new Imported([], headerErrors, []);
        }

        var events = new List<FulfilmentEvent>();
        var errors = new List<AdapterError>();
        foreach (var row in table.Rows)
        {
            var rowErrors = new List<AdapterError>();
            var made = Row(table, row, rowErrors);
            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
            }
            else
            {
                events.AddRange(made);
            }
        }

        return new Imported(events.OrderBy(e => e.At).ToList(), errors, []);
    }

    private List<FulfilmentEvent> Row(CsvTable table, CsvRow row, List<AdapterError> errors)
    {
        var where = $"row {row.Row}";
        var made = new List<FulfilmentEvent>();
        if (row.Cells.Count != table.Header.Count)
        {
            errors.Add(new AdapterError(where, "$", $"{row.Cells.Count} cells where the header names {table.Header.Count} columns"));
            return made;
        }

        var order = table.Cell(row, "order");
        if (order is null)
        {
            errors.Add(new AdapterError(where, "order", "missing"));
        }

        var paidAt = Time(table, row, "paid_at", errors);
        var shippedAt = Time(table, row, "shipped_at", errors);
        var carrier = table.Cell(row, "carrier");
        var tracking = table.Cell(row, "tracking");
        if (paidAt is null && table.Cell(row, "paid_at") is null)
        {
            foreach (var column in PaidColumns.Where(c => table.Cell(row, c) is not null))
            {
                errors.Add(new AdapterError(where, column, "given without paid_at: order details come with the payment time"));
            }
        }

        var shipping = table.Cell(row, "shipped_at") is not null || carrier is not null || tracking is not null;
        if (shipping)
        {
            foreach (var (column, value) in new[] { ("shipped_at", table.Cell(row, "shipped_at")), ("carrier", carrier), ("tracking", tracking) })
            {
                if (value is null)
                {
                    errors.Add(new AdapterError(where, column, "missing: a shipment needs shipped_at, carrier and tracking"));
                }
            }
        }
        else if (table.Cell(row, "paid_at") is null && order is not null)
        {
            errors.Add(new AdapterError(where, "paid_at", "missing: a row gives paid_at (an order), shipped_at (a shipment) or both"));
        }

        if (order is not null && paidAt is { } paid)
        {
            var platform = Required(table, row, "platform", errors);
            if (platform is not null && !EventParser.KnownPlatforms.Contains(platform))
            {
                errors.Add(new AdapterError(where, "platform", $"'{platform}' is not one of {string.Join(", ", EventParser.KnownPlatforms)}"));
            }

            var shop = Required(table, row, "shop", errors);
            var amountText = Required(table, row, "amount", errors);
            decimal amount = 0;
            if (amountText is not null && (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out amount) || amount < 0))
            {
                errors.Add(new AdapterError(where, "amount", $"'{amountText}' is not an amount in yuan (e.g. 59.90)"));
            }

            var shipBy = Time(table, row, "ship_by", errors);
            var deliverBy = Time(table, row, "deliver_by", errors);
            if (platform is not null && shop is not null && amountText is not null)
            {
                var buyer = new Party(table.Cell(row, "buyer_name"), table.Cell(row, "buyer_phone"), table.Cell(row, "buyer_province"),
                    table.Cell(row, "buyer_city"), table.Cell(row, "buyer_address"), table.Cell(row, "buyer_country") ?? "CN");
                var seller = new Party(null, null, table.Cell(row, "seller_province"), table.Cell(row, "seller_city"), null, "CN");
                made.Add(new OrderPaid(StableIds.Of(Feed, "paid", order), paid, platform, shop, order, amount, [], buyer, seller,
                    shipBy, OrderMode.Express, [], table.Cell(row, "promise")) { DeliverBy = deliverBy });
            }
        }

        if (order is not null && shipping && shippedAt is { } shipped && carrier is not null && tracking is not null)
        {
            var code = carriers.Normalize(carrier);
            made.Add(new OrderShipped(StableIds.Of(Feed, "shipped", order, code, tracking), shipped, order, code, tracking, OrderMode.Express));
        }

        return made;
    }

    private static string? Required(CsvTable table, CsvRow row, string column, List<AdapterError> errors)
    {
        var value = table.Cell(row, column);
        if (value is null)
        {
            errors.Add(new AdapterError($"row {row.Row}", column, "missing: an order needs platform, shop and amount"));
        }

        return value;
    }

    private static Instant? Time(CsvTable table, CsvRow row, string column, List<AdapterError> errors)
    {
        var text = table.Cell(row, column);
        if (text is null)
        {
            return null;
        }

        if (LocalTimes.TryParse(text, LocalTimes.China, out var at))
        {
            return at;
        }

        errors.Add(new AdapterError($"row {row.Row}", column, $"'{text}' is not {LocalTimes.Expected}; a time without offset is China time"));
        return null;
    }
}
