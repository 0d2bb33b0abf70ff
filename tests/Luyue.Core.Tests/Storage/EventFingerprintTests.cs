using System.Text;
using Luyue.Core.Storage;

namespace Luyue.Core.Tests.Storage;

public class EventFingerprintTests
{
    [Theory]
    [InlineData("t1", "e1")]
    [InlineData("商家-甲", "订单-1001-签收")]
    [InlineData("", "")]
    public void The_text_and_the_utf8_forms_agree(string tenant, string id) =>
        Assert.Equal(EventFingerprint.Of(tenant, id), EventFingerprint.Of(Encoding.UTF8.GetBytes(tenant), Encoding.UTF8.GetBytes(id)));

    [Fact]
    public void Ids_longer_than_the_stack_buffer_are_hashed_whole()
    {
        var id = new string('号', 400); // 1,200 bytes of UTF-8
        Assert.Equal(EventFingerprint.Of("t1", id), EventFingerprint.Of("t1"u8, Encoding.UTF8.GetBytes(id)));
        Assert.NotEqual(EventFingerprint.Of("t1", id), EventFingerprint.Of("t1", id[..^1] + "码"));
    }

    [Fact]
    public void The_length_prefixes_keep_the_tenant_and_the_id_apart()
    {
        Assert.NotEqual(EventFingerprint.Of("ab", "c"), EventFingerprint.Of("a", "bc"));
        Assert.NotEqual(EventFingerprint.Of("t1", "e1"), EventFingerprint.Of("t2", "e1"));
    }
}
