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
}
