using Luyue.Core.Events;

namespace Luyue.Adapters.Tests;

/// <summary>The merchant spreadsheet: its template imports, and every refusal names its row and column.</summary>
public class MerchantCsvTests
{
    private static readonly Feeds Feeds = Feeds.Default;

    private const string Header = "order,paid_at,platform,shop,amount,ship_by,buyer_province,buyer_city,shipped_at,carrier,tracking";

    [Fact]
    public void The_documented_template_imports_without_errors()
    {
        var template = Path.Combine(RepositoryRoot(), "docs", "orders-template.csv");
        var imported = Feeds.FromPath("csv", template, ImportOptions.None);

        Assert.Empty(imported.Errors);
        Assert.Contains(imported.Events, e => e is OrderPaid);
        Assert.Contains(imported.Events, e => e is OrderShipped);
    }

    [Fact]
    public void A_row_becomes_a_payment_a_shipment_or_both()
    {
        var csv = $"""
            {Header}
            T1,2024-06-01 09:00:00,tmall,shop-1,199.00,,浙江省,杭州市,2024-06-01 15:00:00,圆通,YT100
            T2,2024-06-01T10:00:00+08:00,douyin,shop-2,59.9,2024-06-02 23:59:59,广东省,广州市,,,
            T1,,,,,,,,2024-06-02 09:00:00,ZTO,7310002
            """;
        var imported = Feeds.Csv.FromText(csv);

        Assert.Empty(imported.Errors);
        var paid = imported.Events.OfType<OrderPaid>().ToList();
        Assert.Equal(["T1", "T2"], paid.Select(p => p.Order));
        Assert.Equal(199.00m, paid[0].Amount);
        Assert.NotNull(paid[1].ShipBy);
        var shipped = imported.Events.OfType<OrderShipped>().ToList();
        Assert.Equal([("T1", "yto", "YT100"), ("T1", "zto", "7310002")], shipped.Select(s => (s.Order, s.Carrier, s.Tracking)));
        Assert.Equal(imported.Events.Count, imported.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(imported.Events.Select(e => e.Id), Feeds.Csv.FromText(csv).Events.Select(e => e.Id)); // stable across imports
    }

    [Fact]
    public void Each_bad_cell_is_refused_with_its_row_and_column_and_the_good_rows_still_import()
    {
        var csv = $"""
            {Header}
            G1,2024-06-01 09:00:00,tmall,shop-1,10,,,,,,
            B1,2024-13-01 09:00:00,tmall,shop-1,10,,,,,,
            B2,2024-06-01 09:00:00,taobao,shop-1,ten,,,,,,
            B3,,,,,,,,2024-06-01 10:00:00,yto,
            B4,2024-06-01 09:00:00,tmall,shop-1
            ,2024-06-01 09:00:00,tmall,shop-1,10,,,,,,
            G2,2024-06-01 09:30:00,1688,shop-9,10.5,,,,,,
            """;
        var imported = Feeds.Csv.FromText(csv);

        Assert.Equal(["G1", "G2"], imported.Events.OfType<OrderPaid>().Select(p => p.Order));
        var errors = imported.Errors.Select(e => (e.Location, e.Field)).ToList();
        Assert.Equal(
        [
            ("row 3", "paid_at"),
            ("row 4", "platform"),
            ("row 4", "amount"),
            ("row 5", "tracking"),
            ("row 6", "$"),
            ("row 7", "order"),
        ], errors);
        Assert.Contains("taobao", imported.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("4 cells", imported.Errors[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_column_is_refused_rather_than_ignored()
    {
        var imported = Feeds.Csv.FromText("order,paid_at,platfrom\nX,2024-06-01 09:00:00,tmall\n");
        Assert.Empty(imported.Events);
        var error = Assert.Single(imported.Errors);
        Assert.Equal(("row 1", "platfrom"), (error.Location, error.Field));
    }

    [Fact]
    public void Quoted_cells_keep_commas_and_line_breaks_and_rows_count_as_a_spreadsheet_does()
    {
        var csv = "order,paid_at,platform,shop,amount,buyer_address\n"
                  + "Q1,2024-06-01 09:00:00,tmall,shop-1,10,\"杭州市, 西湖区\n文三路 \"\"1\"\" 号\"\n"
                  + "Q2,2024-06-01 09:00:00,tmall,shop-1,x,\n";
        var imported = Feeds.Csv.FromText(csv);

        Assert.Equal("杭州市, 西湖区\n文三路 \"1\" 号", imported.Events.OfType<OrderPaid>().Single().Buyer.Address);
        Assert.Equal(("row 4", "amount"), (imported.Errors.Single().Location, imported.Errors.Single().Field)); // Q1 spans rows 2 and 3
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Luyue.slnx not found above the test binaries");
    }
}
