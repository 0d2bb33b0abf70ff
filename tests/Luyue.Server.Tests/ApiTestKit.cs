using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Luyue.Core.Events;
using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>A <see cref="TestServer"/> owned by one test: started by <see cref="StartAsync"/>, stopped and its data deleted on dispose.</summary>
internal sealed class OwnedServer : IAsyncDisposable
{
    private OwnedServer(TestServer server) => Server = server;

    public TestServer Server { get; }

    public ManualClock Clock => Server.Clock;

    public static async Task<OwnedServer> StartAsync(Instant start, params string[] settings) =>
        new(await new TestServer(start, null, settings).StartAsync());

    public HttpClient Client(string? key = null) => Server.Client(key);

    public Task<(string Tenant, string Merchant, string Reviewer)> TenantAsync(string name = "tenant") => Server.TenantAsync(name);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Server.DeleteData();
    }
}

/// <summary>Files of the checkout (rule packs, docs) and of ../shared beside it.</summary>
internal static class Repo
{
    /// <summary>The checkout: found above the test binaries, or else above this source file (for builds with another artifacts path).</summary>
    public static string Root { get; } = Find(AppContext.BaseDirectory) ?? Find(Path.GetDirectoryName(SourceFile())!)
        ?? throw new DirectoryNotFoundException("no Luyue.slnx above the tests");

    public static string File(string relative) => Path.Combine(Root, relative);

    public static string SharedExample(string file) => Path.Combine(Root, "..", "shared", "examples", file);

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}

/// <summary>CONTRACT.md events for the API tests, in China time (+08:00) like the platforms.</summary>
internal static class Ev
{
    private static readonly Offset China = Offset.FromHours(8);
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An instant given as China local time.</summary>
    public static Instant Cst(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        Instant.FromUtc(year, month, day, hour, minute, second) - Duration.FromHours(8);

    public static string Text(Instant at) => InstantText.Format(at, China);

    /// <summary>An order paid by a Shanghai buyer to a Hangzhou seller (the shared Tmall example's parties).</summary>
    public static string Paid(string order, Instant at, string platform = "tmall", string shop = "tm-shop-1", decimal amount = 200.00m) =>
        Json(new
        {
            id = $"{order}-paid", type = "order.paid", at = Text(at), platform, shop, order, amount,
            items = new[] { new { item = "SKU-C", qty = 1, amount } },
            buyer = new { name = "张伟", phone = "13700000003", province = "上海市", city = "上海市", address = "浦东新区世纪大道3号" },
            seller = new { province = "浙江省", city = "杭州市" },
        });

    public static string Shipped(string order, Instant at, string tracking, string carrier = "sto") =>
        Json(new { id = $"{order}-shipped", type = "order.shipped", at = Text(at), order, carrier, tracking });

    /// <summary>A carrier scan; the default text is a pickup (已揽收) in Hangzhou.</summary>
    public static string Scan(string tracking, Instant at, string text = "【杭州市】浙江杭州西湖区网点 已揽收", string carrier = "sto") =>
        Json(new { id = $"scan-{tracking}-{at.ToUnixTimeSeconds()}", type = "scan", at = Text(at), carrier, tracking, text, province = "浙江省", city = "杭州市" });

    /// <summary>A Tmall order of 200 yuan, paid at <paramref name="paid"/> and shipped 12 h later, never picked up.</summary>
    public static string[] TmallNeverPickedUp(string order, Instant paid, string shop = "tm-shop-1") =>
        [Paid(order, paid, shop: shop), Shipped(order, paid + Duration.FromHours(12), "STO-" + order)];

    private static string Json(object value) => JsonSerializer.Serialize(value, Options);
}

/// <summary>HTTP helpers shared by the API tests.</summary>
internal static class Api
{
    public static StringContent Lines(params string[] lines) => new(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");

    public static StringContent JsonBody(object value) => JsonContent(JsonSerializer.Serialize(value));

    public static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Q(string value) => Uri.EscapeDataString(value);

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The items of a <c>{"items":[…]}</c> answer.</summary>
    public static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string url) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray()];

    /// <summary>Every finding matching the query, each as its raw JSON text (the store's bytes, so equal texts are the same finding).</summary>
    public static async Task<List<string>> FindingTextsAsync(HttpClient client, string query = "") =>
        [.. (await TestServer.FindingsAsync(client, query)).Select(f => f.GetRawText())];

    public static async Task<bool> HasFindingAsync(HttpClient client, string query) => (await TestServer.FindingsAsync(client, query)).Count > 0;

    /// <summary>
    /// Waits until every event posted so far is judged and its findings are stored. Posts a sentinel order whose only
    /// finding, a pickup warning, can arise only once the clock has moved past its warning time; the partition applies
    /// events in order and stores all pending findings together, so when the warning is stored everything before it
    /// is. Moves the clock by two hours: for tests whose other deadlines are not that close.
    /// </summary>
    public static async Task SettleAsync(OwnedServer server, HttpClient client)
    {
        var order = "SENTINEL-" + Guid.NewGuid().ToString("N")[..8];
        var paid = server.Clock.GetCurrentInstant() - Duration.FromHours(39); // warned at 40 h: an hour from now
        await TestServer.PostEventsAsync(client, [Ev.Paid(order, paid, shop: "sentinel"), Ev.Shipped(order, paid + Duration.FromHours(1), "STO-" + order)]);
        server.Clock.Advance(Duration.FromHours(2));
        await TestServer.Eventually(() => HasFindingAsync(client, $"order={order}&kind=warning"), "the sentinel's warning");
    }

    /// <summary>Asserts an RFC 9457 problem answer with the status, and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static string Str(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
