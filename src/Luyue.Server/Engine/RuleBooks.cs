using System.Collections.Concurrent;
using Luyue.Core.Rules;
using Luyue.Core.Storage;

namespace Luyue.Server.Engine;

/// <summary>
/// The rule book of each tenant: the embedded packs plus the packs it uploaded (validated, stored, effective for orders
/// paid on or after their date). Rebuilt when a tenant uploads; engines switch to the new book for new orders.
/// </summary>
public sealed class RuleBooks(IStore store)
{
    private readonly ConcurrentDictionary<string, RuleBook> books = new(StringComparer.Ordinal);

    public event Action<string, RuleBook>? Changed;

    public RuleBook For(string tenant) => books.GetValueOrDefault(tenant) ?? RuleBook.Embedded;

    /// <summary>Loads every tenant's uploads at start.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var group in (await store.ListRulePacksAsync(null, cancellationToken)).Where(p => p.Tenant is not null).GroupBy(p => p.Tenant!))
        {
            books[group.Key] = Build(group);
        }
    }

    /// <summary>Validates a pack (throws <see cref="RulePackException"/> naming path and reason), stores it and switches the tenant's book.</summary>
    public async Task<RulePack> UploadAsync(string tenant, string json, NodaTime.Instant now, CancellationToken cancellationToken)
    {
        var pack = RulePackReader.Read("upload.json", System.Text.Encoding.UTF8.GetBytes(json));
        var existing = await store.ListRulePacksAsync(tenant, cancellationToken);
        var book = Build(existing.Where(p => !(p.Platform == pack.Platform && p.Version == pack.Version))
            .Append(new StoredRulePack(tenant, pack.Platform, pack.Version, pack.EffectiveFrom, json, now)));
        await store.SaveRulePackAsync(new StoredRulePack(tenant, pack.Platform, pack.Version, pack.EffectiveFrom, json, now), cancellationToken);
        books[tenant] = book;
        Changed?.Invoke(tenant, book);
        return pack;
    }

    /// <summary>Where an uploaded pack comes from, as the pack list shows it (embedded ones show their path under rules/).</summary>
    public static string OriginOf(string platform, string version) => $"upload/{platform}/{version}.json";

    private static RuleBook Build(IEnumerable<StoredRulePack> uploads) =>
        RuleBook.Embedded.With(uploads.Select(u => RulePackReader.Read(OriginOf(u.Platform, u.Version), System.Text.Encoding.UTF8.GetBytes(u.Json))));
}
