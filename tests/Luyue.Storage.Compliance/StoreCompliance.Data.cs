using System.Text;
using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Compliance;

/// <summary>Small builders for test data: every field has a plain default, so a test names only what it is about.</summary>
public abstract partial class StoreCompliance
{
    /// <summary>A whole millisecond, as stores keep instants.</summary>
    protected static readonly Instant T0 = Instant.FromUtc(2024, 6, 1, 8, 30, 15) + Duration.FromMilliseconds(250);

    /// <summary>An event whose json holds Chinese text, so that reading it back checks the UTF-8 the store was given.</summary>
    protected static IncomingEvent Event(string id, string? order = "O-1", Instant? at = null, string? json = null, int partition = 3) =>
        new(id, order, partition, at ?? T0, (at ?? T0) + Duration.FromSeconds(2),
            Encoding.UTF8.GetBytes(json ?? $$"""{"id":"{{id}}","type":"carrier.scan","text":"快件已由【杭州转运中心】发出"}"""));

    /// <summary>A scan as ingestion appends it: no order, its tracking number beside its json.</summary>
    protected static IncomingEvent Scan(string id, string tracking) =>
        new(id, null, 0, T0, T0 + Duration.FromSeconds(2),
            Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","type":"scan","carrier":"yto","tracking":"{{tracking}}","text":"【杭州市】已揽收"}"""), tracking);

    /// <summary>The json an incoming event carries, as a read returns it.</summary>
    protected static string Text(IncomingEvent e) => Encoding.UTF8.GetString(e.Json.Span);

    protected static NewFinding Finding(
        string tenant, string key, string kind = "violation", string rule = "tmall.ship-timeout", string? order = "O-1",
        string? shop = "shop-1", string? platform = "tmall", Instant? at = null, decimal? amount = null) =>
        new(tenant, key, kind, rule, order, shop, platform, at ?? T0, amount, $$"""{"key":"{{key}}","kind":"{{kind}}"}""");

    protected static IdempotentResponse Response(string tenant, string key, int status = 202, string body = """{"accepted":1}""") =>
        new(tenant, key, "sha256:request", status, body, T0);

    protected static ApiKey Key(string id, string? tenant, Role role, string hash) => new(id, tenant, role, hash, T0);

    protected static Webhook Hook(string id, string tenant, Instant? createdAt = null) =>
        new(id, tenant, $"https://{tenant}.example/hooks/{id}", "secret-" + id, createdAt ?? T0);

    protected static Delivery Pending(string id, string tenant, string webhook, long findingSequence, Instant due) =>
        new(id, tenant, webhook, findingSequence, $$"""{"finding":{{findingSequence}}}""", DeliveryState.Pending, 0, due, null, T0);

    protected static StoredRulePack Pack(string? tenant, string platform, string version, string json = """{"rules":[]}""") =>
        new(tenant, platform, version, NodaTime.Text.LocalDatePattern.Iso.Parse(version).Value, json, T0);

    protected static IEnumerable<string> Keys(FindingPage page) => page.Items.Select(f => f.FindingKey);
}
