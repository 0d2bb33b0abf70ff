using System.Net;
using System.Text;

namespace Luyue.Server.Tests;

/// <summary>How a request body becomes numbered lines (read into a pooled buffer and sliced, not copied line by line).</summary>
public partial class ApiIngestionTests
{
    [Fact]
    public async Task Lines_are_numbered_as_sent_through_a_byte_order_mark_CRLF_and_blank_lines()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var (paid, shipped) = (Ev.TmallNeverPickedUp("TM-B", Paid)[0], Ev.TmallNeverPickedUp("TM-B", Paid)[1]);

        // BOM, then: 1 paid, 2 blank, 3 spaces only, 4 bad, 5 shipped with no newline after it.
        var body = "\uFEFF" + paid + "\r\n\r\n   \r\n" + "{\"type\":\"order.shipped\"}\r\n" + shipped;
        var result = await Api.ReadAsync((await client.PostAsync("/v1/events", new ByteArrayContent(Encoding.UTF8.GetBytes(body))))
            .EnsureSuccessStatusCode());

        Assert.Equal((2, 1), (result.GetProperty("accepted").GetInt32(), result.GetProperty("rejected").GetInt32()));
        Assert.Equal(4, Assert.Single(result.GetProperty("errors").EnumerateArray()).GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task A_body_sent_without_a_length_and_larger_than_the_first_buffer_is_read_whole()
    {
        await using var server = await OwnedServer.StartAsync(Start);
        var (_, merchant, _) = await server.TenantAsync();
        using var client = server.Client(merchant);
        var lines = Enumerable.Range(0, 400).SelectMany(i => Ev.TmallNeverPickedUp($"TM-C{i:000}", Paid)).ToArray();
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        Assert.True(bytes.Length > 128 * 1024, "the body outgrows the 64 KiB first buffer more than once");

        using var response = await client.PostAsync("/v1/events", new UnsizedContent(bytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(lines.Length, (await Api.ReadAsync(response)).GetProperty("accepted").GetInt32());
    }

    /// <summary>A body whose length is not known in advance: sent chunked, with no Content-Length.</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
