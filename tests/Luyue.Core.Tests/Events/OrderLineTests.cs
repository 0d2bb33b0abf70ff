using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Luyue.Core.Engine;
using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

/// <summary>
/// Payment and shipment lines of the plain shape skip the JSON reader's token walk (EventParser.OrderFast.cs), and the
/// replay parses them into a reused <see cref="OrderLine"/> instead of an event. Whatever the line, the parser must give
/// what the reader's path gives: the same event, or the same refusal with the same field and reason; and an order line
/// must carry what the engine reads of that event (<see cref="OrderLine.Of"/>, <see cref="OrderLine.OfShipment"/>).
/// Each line here is parsed three ways (<see cref="EventParser.PlainLines"/> off is the reader's path).
/// </summary>
public class OrderLineTests
{
    private const string Paid = """{"id":"3384529432051948141-00","type":"order.paid","at":"2024-06-01T00:00:08+08:00","platform":"tmall","shop":"tm-395689","order":"3384529432051948141","amount":47.90,"items":[{"item":"600561465530","qty":1,"amount":47.90}],"buyer":{"name":"李飞子","phone":"192****6352","province":"江苏省","city":"南京市","address":"建邺区长江路320号书香门第18栋4单元201"},"seller":{"province":"上海市","city":"上海市"}}""";

    private const string PaidFull = """{"id":"p-2","type":"order.paid","at":"2024-06-01T00:00:58Z","platform":"douyin","shop":"dy-300219","order":"6915102389820262228","amount":1011.9,"items":[{"item":611973816240,"qty":2,"amount":500},{"amount":11.90,"item":"x-1"}],"buyer":{"name":"邵磊","phone":15856629707,"province":"新疆","city":"乌鲁木齐市","address":"天山区","country":"CN"},"seller":{"province":"福建省","city":"泉州市","country":""},"shipBy":"2024-06-03T00:01:29+08:00","deliverBy":"2024-06-09T00:00:00+08:00","mode":"presale","tags":["self-pickup","vip"],"promise":"48h"}""";

    private const string Shipped = """{"id":"3101280203287118253-01","type":"order.shipped","at":"2024-06-01T08:01:19+08:00","order":"3101280203287118253","carrier":"sf","tracking":"SF1330245100203"}""";

    /// <summary>Lines of the plain shape and lines just outside it, accepted and refused.</summary>
    public static TheoryData<string> Lines() => new()
    {
        Paid,
        PaidFull,
        Shipped,
        """{"type":"order.shipped","at":"2024-06-01T08:01:19+08:00","order":"o","carrier":"zto","tracking":"T","mode":"freight"}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"1688","shop":"s","order":"o","amount":0,"items":[],"buyer":{},"seller":{}}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"taote","shop":"s","order":"o","amount":-0.0,"tags":[]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1.5e2}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":12345678901234567890123456789012345}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":01}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1.}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":"12.50"}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":-3}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"ebay","shop":"s","order":"o","amount":3}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","amount":3}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"","amount":3}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"mode":"drone"}""",
        """{"type":"order.paid","at":"2024-06-01 00:00","platform":"tmall","shop":"s","order":"o","amount":3}""",
        """{"type":"order.paid","platform":"tmall","shop":"s","order":"o","amount":3}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":[{"qty":1}]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":[{"item":""}]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":[{"item":"i","qty":1.0}]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":[{"item":"i","qty":99999999999}]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":[{"item":"i","sku":"k"}]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":[{}]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":[{"item":"i"},]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":{"item":"i"}}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"items":null}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"buyer":{"name":null}}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"buyer":{"name":7}}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"buyer":{"province":"浙江","zip":"310000"}}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"buyer":"张三"}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"tags":["a",1]}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"extra":1}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"text":"x"}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o\u0031","amount":3}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,"order":"o2","amount":4}""",
        """{"type":"order.paid", "at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3} """,
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3}}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3,}""",
        """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3""",
        """{"type":"order.shipped","at":"2024-06-01T08:01:19+08:00","order":"o","carrier":"zto","tracking":""}""",
        """{"type":"order.shipped","at":"2024-06-01T08:01:19+08:00","order":"o","carrier":"zto"}""",
        """{"type":"order.shipped","at":"2024-06-01T08:01:19+08:00","order":"o","carrier":"zto","tracking":7}""",
        """{"type":"order.shipped","type":"scan","at":"2024-06-01T08:01:19+08:00","carrier":"zto","tracking":"T","text":"已揽收"}""",
        """{"type":"scan","type":"order.shipped","at":"2024-06-01T08:01:19+08:00","order":"o","carrier":"zto","tracking":"T"}""",
        """{"type":"order.refunded","at":"2024-06-01T08:01:19+08:00","order":"o","amount":3}""",
        """{"type":"scan","at":"2024-06-01T08:01:19+08:00","carrier":"zto","tracking":"T","text":"已揽收"}""",
        """{}""",
        """[]""",
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_line_parses_as_it_does_through_the_json_reader(string json) => AssertSameBothWays(Encoding.UTF8.GetBytes(json));

    /// <summary>Number texts the JSON grammar allows or refuses, as an amount, a quantity, and an item id.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("47.90")]
    [InlineData("-1.5")]
    [InlineData("1e2")]
    [InlineData("1E-2")]
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    [InlineData("-2147483648")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("123456789012345678901234567890.5")]
    [InlineData("0.12345678901234567890123456789012")]
    [InlineData("00")]
    [InlineData("01.5")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    public void Numbers_mean_what_they_mean_to_the_json_reader(string number)
    {
        AssertSameBothWays(Encoding.UTF8.GetBytes($$"""{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":{{number}}}"""));
        AssertSameBothWays(Encoding.UTF8.GetBytes($$"""{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1,"items":[{"item":{{number}},"qty":{{number}},"amount":{{number}}}]}"""));
    }

    [Theory]
    [InlineData(Paid)]
    [InlineData(PaidFull)]
    [InlineData(Shipped)]
    public void Plain_payment_and_shipment_lines_skip_the_reader(string json)
    {
        var parser = new EventParser();
        Assert.True(parser.TryPlainOrder(Encoding.UTF8.GetBytes(json), deferring: false));
        Assert.False(parser.TryPlainOrder(Encoding.UTF8.GetBytes(json.Replace(",\"", ", \"", StringComparison.Ordinal)), deferring: false));
        Assert.True(new EventParser().TryParse(Encoding.UTF8.GetBytes(json), new ScanLine(), new OrderLine(), out var e, out var view, out var error), error?.ToString());
        Assert.Null(e);
        Assert.IsType<OrderLine>(view);
    }

    [Fact]
    public void Invalid_utf8_in_any_value_or_name_is_refused_with_the_same_error()
    {
        var text = Encoding.UTF8.GetBytes(PaidFull);
        // Every letter of the line in turn becomes a lead byte followed by that letter: not UTF-8, wherever it falls.
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'z')
            {
                var broken = (byte[])text.Clone();
                broken[i] = 0xC3;
                AssertSameBothWays(broken);
            }
        }
    }

    /// <summary>
    /// Plain lines with a byte put in, taken out or replaced anywhere (quotes, escapes, spaces, punctuation, digits, a
    /// stray UTF-8 lead byte): whatever the result, it is the same both ways.
    /// </summary>
    [Fact]
    public void Any_damaged_line_parses_as_it_does_through_the_json_reader()
    {
        var bases = new[] { Paid, PaidFull, Shipped }.Select(Encoding.UTF8.GetBytes).ToArray();
        byte[] bytes = [(byte)'"', (byte)'\\', (byte)' ', (byte)',', (byte)':', (byte)'{', (byte)'}', (byte)'[', (byte)']',
            (byte)'0', (byte)'7', (byte)'.', (byte)'-', (byte)'e', (byte)'n', (byte)'u', 0xC3, 0x80, 0x01];
        var damage =
            from line in Gen.Elements(bases)
            from at in Gen.Choose(0, line.Length - 1)
            from how in Gen.Choose(0, 2)
            from pick in Gen.Choose(0, bytes.Length - 1)
            select Damaged(line, at, how, bytes[pick]);
        Prop.ForAll(damage.ToArbitrary(), (byte[] line) =>
        {
            AssertSameBothWays(line);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    /// <summary>Payments and shipments of every shape a replay meets, each value the engine reads given or left out.</summary>
    [Theory]
    [InlineData("""{"type":"order.paid","at":"2024-06-01T09:00:00+08:00","platform":"1688","shop":"d","order":"订单-3","amount":12.5}""")]
    [InlineData("""{"id":"","type":"order.paid","at":"2024-06-01T09:00:00+08:00","platform":"aliexpress","shop":"a","order":"O4","amount":99,"buyer":{"name":"","phone":13800000001,"address":"","country":"ES"},"seller":{"province":"浙江","city":"义乌","address":"义乌市国际商贸城","country":""}}""")]
    [InlineData("""{"type":"order.paid","at":"2024-06-01T09:00:00+08:00","platform":"taote","shop":"t","order":"O5","amount":30,"items":[{"item":123456,"amount":10},{"item":"A","qty":2,"amount":10},{"item":"A","qty":1,"amount":10}],"shipBy":"2024-06-03T00:00:00+08:00","mode":"presale","tags":["gift","self-delivery"],"promise":"48h","buyer":{"name":"☃","address":"新疆维吾尔自治区乌鲁木齐市天山区"}}""")]
    [InlineData("""{"type":"order.paid","at":"2024-06-01T09:00:00+08:00","platform":"olist","shop":"o","order":"O6","amount":5,"deliverBy":"2024-06-10T00:00:00Z","mode":"none","buyer":{"city":"São Paulo","country":"BR","address":"Rua Augusta, 1500, apto 73, Consolação, São Paulo, SP, 01304-001, Brasil, perto da estação"}}""")]
    [InlineData("""{"type":"order.shipped","at":"2024-06-01T09:00:00+08:00","order":"订单1","carrier":"顺丰","tracking":"SF99999999999999999999999999999999999999999999999999","mode":"freight"}""")]
    public void An_order_line_reads_as_its_event(string json) => AssertSameBothWays(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_reused_order_line_keeps_nothing_of_the_line_before()
    {
        const string bare = """{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":3}""";
        var parser = new EventParser();
        var line = new OrderLine();
        foreach (var json in new[] { PaidFull, Shipped, Paid, bare })
        {
            Assert.True(parser.TryParse(Encoding.UTF8.GetBytes(json), null, line, out _, out _, out var error), error?.ToString());
        }

        var fresh = new OrderLine();
        Assert.True(new EventParser().TryParse(Encoding.UTF8.GetBytes(bare), null, fresh, out _, out _, out _));
        Assert.Equal(Describe(fresh), Describe(line));
        Assert.Null(line.Buyer.Address);
        Assert.Empty(line.Items);
        Assert.Equal(0UL, line.Buyer.NameHash);
    }

    /// <summary>Every value an order line hashes or copies instead of decoding, broken in turn.</summary>
    [Fact]
    public void Invalid_utf8_in_a_value_an_order_line_keeps_undecoded_is_refused_alike()
    {
        const string payment = """{"id":"iAB","type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"oAB","amount":1,"buyer":{"name":"nAB","phone":"pAB","province":"浙江省","city":"杭州市","address":"aAB"},"seller":{"province":"上海市","address":"sAB"}}""";
        const string shipment = """{"id":"iAB","type":"order.shipped","at":"2024-06-01T00:00:00+08:00","order":"oAB","carrier":"zto","tracking":"tAB"}""";
        foreach (var (json, marks) in new[] { (payment, "ionpas"), (shipment, "iot") })
        {
            foreach (var mark in marks)
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                bytes[bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes($"\"{mark}AB\"")) + 2] = 0xC3; // a lead byte before 'B': not UTF-8
                AssertSameBothWays(bytes);
                Assert.False(new EventParser().TryParse(bytes, out _, out _));
            }
        }
    }

    /// <summary>A value given twice, the first not UTF-8: refused, though the view would keep only the second.</summary>
    [Theory]
    [InlineData("""{"id":"iAB","id":"ok","type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1}""")]
    [InlineData("""{"type":"order.shipped","at":"2024-06-01T00:00:00+08:00","order":"oAB","order":"o","carrier":"zto","tracking":"t"}""")]
    [InlineData("""{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1,"buyer":{"name":"nAB","name":"ok"}}""")]
    [InlineData("""{"type":"order.paid","at":"2024-06-01T00:00:00+08:00","platform":"tmall","shop":"s","order":"o","amount":1,"buyer":{"address":"aAB"},"buyer":{"address":"ok"}}""")]
    public void A_bad_value_given_twice_is_refused_alike(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        bytes[Array.IndexOf(bytes, (byte)'A')] = 0xC3; // a lead byte before 'B': not UTF-8
        AssertSameBothWays(bytes);
        Assert.False(new EventParser().TryParse(bytes, out _, out _));
    }

    private static byte[] Damaged(byte[] line, int at, int how, byte b) => how switch
    {
        0 => [.. line[..at], b, .. line[at..]],
        1 => [.. line[..at], .. line[(at + 1)..]],
        _ => [.. line[..at], b, .. line[(at + 1)..]],
    };

    /// <summary>The reader's way, the plain way and the replay's way (into views) give the same, each as its own kind.</summary>
    private static void AssertSameBothWays(byte[] line)
    {
        var usual = new EventParser { PlainLines = false }.TryParse(line, out var expected, out var expectedError);
        var plain = new EventParser().TryParse(line, out var e, out var error);
        Assert.Equal(usual, plain);
        Assert.Equal(expectedError, error);
        AssertViewsAlike(line, usual, expected, expectedError);
        Assert.Equal(expected is null ? null : Written(expected), e is null ? null : Written(e));
        if (expected is OrderPaid p)
        {
            // Written leaves out what it cannot tell apart (an offset, a party's absent and empty parts): compared as values.
            var q = (OrderPaid)e!;
            Assert.Equal(p.At, q.At);
            Assert.Equal(p.ShipBy, q.ShipBy);
            Assert.Equal(p.DeliverBy, q.DeliverBy);
            Assert.Equal(p.Buyer, q.Buyer);
            Assert.Equal(p.Seller, q.Seller);
            Assert.Equal(p.Items, q.Items);
            Assert.Equal(p.Tags, q.Tags);
        }
    }

    /// <summary>
    /// The replay's way: refused alike, or an order line that reads as the event does, or (a line of another shape, or
    /// of another type) the same event or scan line.
    /// </summary>
    private static void AssertViewsAlike(byte[] line, bool usual, FulfilmentEvent? expected, EventError? expectedError)
    {
        var viaViews = new EventParser().TryParse(line, new ScanLine(), new OrderLine(), out var e, out var view, out var error);
        Assert.Equal(usual, viaViews);
        Assert.Equal(expectedError, error);
        switch (view)
        {
            case null:
                Assert.Equal(expected is null ? null : Written(expected), e is null ? null : Written(e));
                break;
            case OrderLine order:
                Assert.Null(e);
                Assert.Equal(Describe(ViewOf(expected!)), Describe(order));
                break;
            default:
                Assert.IsType<Scan>(expected);
                Assert.IsType<ScanLine>(view);
                break;
        }
    }

    /// <summary>What the engine reads of a payment or shipment event.</summary>
    private static OrderLine ViewOf(FulfilmentEvent e) => e switch
    {
        OrderPaid p => new OrderLine().Of(p, StateKey.Order(p.Order)),
        OrderShipped s => new OrderLine().OfShipment(s.Id, s.At, s.Order, StateKey.Order(s.Order), s.Carrier, s.Tracking, s.Mode),
        _ => throw new InvalidOperationException($"not a payment or shipment: {e}"),
    };

    /// <summary>Everything the engine reads of an order line, as text: two lines that read alike describe alike.</summary>
    private static string Describe(OrderLine line) =>
        string.Join(" | ",
            line.IsShipment, line.HasId, line.IdHash, line.At, new string(line.Order), line.OrderKey ?? StateKey.Order(line.Order),
            line.IsShipment
                ? $"{line.Carrier} {new string(line.Tracking)} {line.Mode}"
                : string.Join(" | ", line.Platform, line.Shop, line.Amount, string.Join(",", line.Items), Describe(line.Buyer), Describe(line.Seller),
                    line.ShipBy, line.DeliverBy, line.Mode, line.SelfHandled, line.Promise));

    private static string Describe(LineParty party) =>
        $"[{party.Province} {party.City} {party.Country} {party.NameHash} {party.PhoneHash} {party.HasAddress} {party.Address} {party.PlaceHash}]";

    private static string Written(FulfilmentEvent e)
    {
        using var stream = new MemoryStream();
        using (var writer = new EventWriter(stream))
        {
            writer.Write(e);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
