using System.Text;
using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

public class EventParserTests
{
    private static (FulfilmentEvent? Event, EventError? Error) Parse(string line)
    {
        new EventParser().TryParse(Encoding.UTF8.GetBytes(line), out var e, out var error);
        return (e, error);
    }

    [Fact]
    public void Parses_the_contract_example()
    {
        var (e, error) = Parse("""{"type":"order.paid","at":"2021-03-10T09:00:00+08:00","platform":"douyin","shop":"s1","order":"D1","amount":59.9,"buyer":{"name":"王","phone":"13800000000","province":"浙江省","city":"杭州市","address":"西湖区文三路1号"},"seller":{"province":"广东省","city":"广州市"}}""");
        Assert.Null(error);
        var paid = Assert.IsType<OrderPaid>(e);
        Assert.Equal(59.9m, paid.Amount);
        Assert.Equal("浙江省", paid.Buyer.Province);
        Assert.Equal("CN", paid.Buyer.Country);
        Assert.Equal(OrderMode.Express, paid.Mode);
    }

    [Theory]
    [InlineData("""{"at":"2021-03-10T09:00:00+08:00"}""", "type", "missing")]
    [InlineData("""{"type":"scan","carrier":"zto","tracking":"1","text":"x"}""", "at", "missing")]
    [InlineData("""{"type":"scan","at":"2021-03-10 09:00","carrier":"zto","tracking":"1","text":"x"}""", "at", "is not an ISO-8601 time with offset")]
    [InlineData("""{"type":"order.paid","at":"2021-03-10T09:00:00+08:00","platform":"ebay","shop":"s","order":"o","amount":1}""", "platform", "'ebay' is not one of")]
    [InlineData("""{"type":"order.paid","at":"2021-03-10T09:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":"lots"}""", "amount", "must be a decimal amount")]
    [InlineData("""{"type":"order.paid","at":"2021-03-10T09:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":-1}""", "amount", "must not be negative")]
    [InlineData("""{"type":"order.paid","at":"2021-03-10T09:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1,"items":[{"qty":1}]}""", "items[0].item", "missing")]
    [InlineData("""{"type":"order.paid","at":"2021-03-10T09:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1,"mode":"drone"}""", "mode", "is not one of")]
    [InlineData("""{"type":"scan","at":"2021-03-10T09:00:00+08:00","carrier":"zto","tracking":"1"}""", "kind", "needs kind, text or code")]
    [InlineData("""{"type":"filing.decided","at":"2021-03-10T09:00:00+08:00","filing":"f"}""", "approved", "missing")]
    [InlineData("""{"type":"warp","at":"2021-03-10T09:00:00+08:00"}""", "type", "unknown event type 'warp'")]
    [InlineData("""[1,2]""", "$", "must be a JSON object")]
    [InlineData("""{"type":"scan","at":""", "at", "invalid JSON")]
    [InlineData("""{"type":"clock","at":"2021-03-10T09:00:00+08:00"} trailing""", "$", "")]
    public void Bad_lines_name_the_field_and_the_reason(string line, string field, string reason)
    {
        var (e, error) = Parse(line);
        Assert.Null(e);
        Assert.NotNull(error);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
    }

    /// <summary>The reader's own position ("LineNumber: 0 | BytePositionInLine: 10") read as a second, wrong line number
    /// beside the line's; the byte of the line is given instead, counted from 1.</summary>
    [Theory]
    [InlineData("""{bad""", "'b' is an invalid start of a property name. Expected a '\"', at byte 2")]
    [InlineData("""{"id":"a" "type":"clock"}""", "'\"' is invalid after a value. Expected either ',', '}', or ']', at byte 11")]
    public void Invalid_json_says_at_which_byte_of_the_line(string line, string reason)
    {
        var (e, error) = Parse(line);
        Assert.Null(e);
        Assert.Equal($"invalid JSON ({reason})", error!.Reason);
    }

    [Theory]
    [InlineData("tracking")] // a value the parser decodes itself
    [InlineData("text")]     // and one long enough to take the reader's own path
    public void Invalid_utf8_inside_a_value_is_a_bad_line_naming_the_field(string field)
    {
        var value = field == "text" ? new string('x', 300) : "73";
        var line = Encoding.UTF8.GetBytes($$"""{"type":"scan","at":"2021-03-10T09:00:00+08:00","carrier":"zto","tracking":"1","text":"x","{{field}}":"{{value}}""")
            .Concat(new byte[] { 0xE6, 0x9D, (byte)'"', (byte)'}' }).ToArray(); // a three-byte sequence cut short

        Assert.False(new EventParser().TryParse(line, out var e, out var error));
        Assert.Null(e);
        Assert.Equal(field, error!.Field);
        Assert.Contains("not valid UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_events_parse_back_to_equal_values()
    {
        var original = """{"id":"x","type":"scan","at":"2021-03-13T21:05:30+08:00","carrier":"zto","tracking":"7310","text":"【广州市】已揽收","code":1,"source":"kuaidi100","province":"广东省","city":"广州市","site":"白云网点"}""";
        var (e, _) = Parse(original);
        using var buffer = new MemoryStream();
        using (var writer = new EventWriter(buffer))
        {
            writer.Write(e!);
        }

        var (again, error) = Parse(Encoding.UTF8.GetString(buffer.ToArray()).TrimEnd('\n'));
        Assert.Null(error);
        Assert.Equal(e, again);
    }

    [Fact]
    public void Unknown_fields_are_ignored_so_the_contract_can_grow()
    {
        var (e, error) = Parse("""{"type":"clock","at":"2021-03-10T09:00:00+08:00","future":{"nested":[1,2,3]}}""");
        Assert.Null(error);
        Assert.IsType<ClockTick>(e);
    }

    [Fact]
    public void Repeated_values_share_one_string_and_every_value_stays_its_own()
    {
        // More distinct values than any cache holds, each seen twice in a row: a cache that handed back a neighbour's
        // string, or lost one when it grew, would show here. A value seen again is shared unless another value of
        // the line took its slot in between (a direct-mapped cache's collisions), which is rare.
        var parser = new EventParser();
        var shared = 0;
        const int Lines = 30_000;
        for (var i = 0; i < Lines; i++)
        {
            var tracking = $"78{i:D12}";
            var text = $"【杭州市】 快件已经到达 【杭州{i % 5000}号转运中心】";
            var site = $"site-{i % 7000}";
            var line = Encoding.UTF8.GetBytes(
                $$"""{"id":"e{{i}}","type":"scan","at":"2024-06-01T14:20:36+08:00","carrier":"zto","tracking":"{{tracking}}","text":"{{text}}","code":{{i % 300}},"site":"{{site}}"}""");
            Assert.True(parser.TryParse(line, out var first, out _));
            Assert.True(parser.TryParse(line, out var second, out _));
            var (a, b) = (Assert.IsType<Scan>(first), Assert.IsType<Scan>(second));
            Assert.Equal((tracking, text, site, $"{i % 300}", $"e{i}"), (a.Tracking, a.Text, a.Site, a.Code, a.Id));
            Assert.Equal(a, b);
            shared += ReferenceEquals(a.Site, b.Site) && ReferenceEquals(a.Code, b.Code) ? 1 : 0;
        }

        Assert.InRange(shared, Lines * 95 / 100, Lines);
    }

    [Fact]
    public void Escaped_and_plain_spellings_of_a_value_parse_alike()
    {
        var parser = new EventParser();
        parser.TryParse(Encoding.UTF8.GetBytes("""{"type":"scan","at":"2024-06-01T14:20:36+08:00","carrier":"zto","tracking":"7","text":"\u3010\u676d\u5dde\u5e02\u3011 \u5df2\u63fd\u6536","site":"\u676d\u5dde"}"""), out var escaped, out var error);
        Assert.Null(error);
        parser.TryParse(Encoding.UTF8.GetBytes("""{"type":"scan","at":"2024-06-01T14:20:36+08:00","carrier":"zto","tracking":"7","text":"【杭州市】 已揽收","site":"杭州"}"""), out var plain, out error);
        Assert.Null(error);
        Assert.Equal(plain, escaped);
        Assert.Equal("【杭州市】 已揽收", ((Scan)escaped!).Text);
    }

    [Fact]
    public void Items_tags_and_parties_keep_their_values_in_order()
    {
        var parser = new EventParser();
        const string Head = """{"type":"order.paid","at":"2024-06-01T00:00:01+08:00","platform":"tmall","shop":"s","order":"o","amount":3,""";
        parser.TryParse(Encoding.UTF8.GetBytes(Head + """ "items":[{"item":"a","qty":2,"amount":1},{"item":600561465530,"amount":2}],"tags":["self-pickup","custom-made"],"buyer":{"name":"王","province":"浙江省","city":"杭州市"},"seller":{"province":"广东省","city":"广州市"}}"""), out var e1, out var error);
        Assert.Null(error);
        parser.TryParse(Encoding.UTF8.GetBytes(Head + """ "items":[{"item":"b"}],"seller":{"province":"广东省","city":"深圳市"}}"""), out var e2, out error);
        Assert.Null(error);
        parser.TryParse(Encoding.UTF8.GetBytes(Head + """ "seller":{"province":"广东省","city":"广州市","country":"CN"}}"""), out var e3, out error);
        Assert.Null(error);

        var (p1, p2, p3) = ((OrderPaid)e1!, (OrderPaid)e2!, (OrderPaid)e3!);
        Assert.Equal([new OrderItem("a", 2, 1m), new OrderItem("600561465530", 1, 2m)], p1.Items);
        Assert.Equal(["self-pickup", "custom-made"], p1.Tags);
        Assert.Equal(new Party("王", null, "浙江省", "杭州市", null, "CN"), p1.Buyer);
        Assert.Equal(new Party(null, null, "广东省", "广州市", null, "CN"), p1.Seller);
        Assert.Equal([new OrderItem("b", 1, 0m)], p2.Items);
        Assert.Empty(p2.Tags);
        Assert.Equal(new Party(null, null, "广东省", "深圳市", null, "CN"), p2.Seller);
        Assert.Empty(p3.Items);
        Assert.Equal(p1.Seller, p3.Seller);
    }

    [Fact]
    public void A_parser_made_for_one_short_request_costs_kilobytes()
    {
        // The server makes a parser per ingestion request; its caches start small and grow only while a long stream
        // keeps missing (they were two 128 KB arrays from the start, on the large-object heap).
        var line = Encoding.UTF8.GetBytes("""{"id":"a","type":"scan","at":"2024-06-01T14:20:36+08:00","carrier":"zto","tracking":"7","text":"x"}""");
        new EventParser().TryParse(line, out _, out _); // static tables and JIT-time allocations out of the count

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parser = new EventParser();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(parser.TryParse(line, out _, out _));
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
    }

    /// <summary>
    /// The plain paths name their members with literals of their own (<see cref="EventParser.PlainField"/>): each must be
    /// the contract's name of its member (a misspelt one would only send every such line to the slow path, unseen by the
    /// tests that compare what lines carry), and every other member, near misses included, none.
    /// </summary>
    [Fact]
    public void The_plain_paths_know_every_member_they_read_by_its_name_and_no_other()
    {
        EventParser.Field[] plainMembers =
        [
            EventParser.Field.Type, EventParser.Field.Id, EventParser.Field.At, EventParser.Field.Carrier, EventParser.Field.Tracking,
            EventParser.Field.Kind, EventParser.Field.Text, EventParser.Field.Code, EventParser.Field.Source, EventParser.Field.Province,
            EventParser.Field.City, EventParser.Field.Site, EventParser.Field.NewCarrier, EventParser.Field.NewTracking,
            EventParser.Field.Order, EventParser.Field.Platform, EventParser.Field.Shop, EventParser.Field.Amount, EventParser.Field.Items,
            EventParser.Field.Buyer, EventParser.Field.Seller, EventParser.Field.ShipBy, EventParser.Field.DeliverBy, EventParser.Field.Mode,
            EventParser.Field.Tags, EventParser.Field.Promise,
        ];
        var byName = Enum.GetValues<EventParser.Field>().Where(f => f != EventParser.Field.Unknown)
            .ToDictionary(f => char.ToLowerInvariant(Enum.GetName(f)![0]) + Enum.GetName(f)![1..]);
        EventParser.Field Expected(string name) =>
            byName.TryGetValue(name, out var field) && plainMembers.Contains(field) ? field : EventParser.Field.Unknown;
        foreach (var name in byName.Keys)
        {
            foreach (var candidate in new[] { name, name.ToUpperInvariant(), name + "s", name[..^1], "x" + name[1..] })
            {
                Assert.Equal(Expected(candidate), EventParser.PlainField(Encoding.UTF8.GetBytes(candidate)));
            }
        }

        Assert.Equal(plainMembers.Length, byName.Keys.Count(name => EventParser.PlainField(Encoding.UTF8.GetBytes(name)) != EventParser.Field.Unknown));
        Assert.Equal(EventParser.Field.Unknown, EventParser.PlainField([]));
        Assert.Equal(EventParser.Field.Unknown, EventParser.PlainField("""tex\u0074"""u8));
    }
}
