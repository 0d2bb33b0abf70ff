using Luyue.Core.Csv;

namespace Luyue.Core.Tests.Csv;

public class CsvRecordsTests
{
    private static string[] Lines(string text)
    {
        var (records, errors) = CsvRecords.Read(text);
        Assert.Empty(errors);
        return [.. records.Select(r => $"{r.Line}:{string.Join('|', r.Cells)}")];
    }

    [Fact]
    public void Quoted_cells_may_hold_commas_and_doubled_quotes()
    {
        Assert.Equal(["1:a|b", "2:x,y|say \"hi\"|"], Lines("a,b\n\"x,y\",\"say \"\"hi\"\"\",\n"));
    }

    [Fact]
    public void A_line_break_inside_quotes_stays_in_the_cell_and_the_next_record_keeps_its_physical_line()
    {
        Assert.Equal(["1:h|n", "2:one\ntwo\nthree|1", "5:x|2"], Lines("h,n\n\"one\ntwo\nthree\",1\nx,2"));
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_cell()
    {
        Assert.Equal(["1:month|stars", "2:2024-06|4"], Lines("\uFEFFmonth,stars\n2024-06,4\n"));
    }

    [Fact]
    public void Crlf_ends_a_record_and_blank_lines_are_skipped_but_counted()
    {
        Assert.Equal(["1:a|b", "3:1|2", "6:3|4"], Lines("a,b\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n"));
    }

    [Fact]
    public void An_unterminated_quote_is_an_error_naming_the_row_where_its_record_starts()
    {
        var (records, errors) = CsvRecords.Read("a,b\n1,2\n3,\"open\n4,5\n");

        Assert.Equal(["1:a|b", "2:1|2"], records.Select(r => $"{r.Line}:{string.Join('|', r.Cells)}"));
        Assert.Equal([new CsvSyntaxError(3, "a quoted cell is never closed")], errors);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error_and_a_stray_quote_is_text()
    {
        var (records, errors) = CsvRecords.Read("a,b\n\"ab\"cd,1\n5\" screen,2\n");

        Assert.Equal(["1:a|b", "3:5\" screen|2"], records.Select(r => $"{r.Line}:{string.Join('|', r.Cells)}"));
        Assert.Equal([2], errors.Select(e => e.Line));
    }
}
