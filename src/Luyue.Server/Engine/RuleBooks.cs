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
    private readonly ConcurrentDictionary<string, IReadOnlyList<StoredRulePack>> uploads = new(StringComparer.Ordinal);

    public event Action<string, RuleBook>? Changed;

    public RuleBook For(string tenant) => books.GetValueOrDefault(tenant) ?? RuleBook.Embedded;

    /// <summary>Loads every tenant's uploads at start.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var group in (await store.ListRulePacksAsync(null, cancellationToken)).Where(p => p.Tenant is not null).GroupBy(p => p.Tenant!))
        {
            uploads[group.Key] = group.OrderBy(p => p.UploadedAt).ToList();
            books[group.Key] = Build(group);
        }
    }

    /// <summary>
    /// The tenant's book as it stood at <paramref name="arrival"/>: with the packs uploaded by then only. Recovery judges
    /// each stored batch by it, as the live run did, so a pack uploaded later does not re-judge orders paid before it.
    /// </summary>
    public RuleBook AsOf(string tenant, NodaTime.Instant arrival)
    {
        var known = uploads.GetValueOrDefault(tenant) ?? [];
        var count = known.Count(p => p.UploadedAt <= arrival);
        return count == known.Count ? For(tenant) : count == 0 ? RuleBook.Embedded : Build(known.Take(count));
    }

    /// <summary>Whether the tenant uploaded a pack after <paramref name="from"/> and by <paramref name="to"/>.</summary>
    public bool ChangedBetween(string tenant, NodaTime.Instant from, NodaTime.Instant to) =>
        (uploads.GetValueOrDefault(tenant) ?? []).Any(p => p.UploadedAt > from && p.UploadedAt <= to);

    /// <summary>Validates a pack (throws <see cref="RulePackException"/> naming path and reason), stores it and switches the tenant's book.</summary>
    public async Task<RulePack> UploadAsync(string tenant, string json, NodaTime.Instant now, CancellationToken cancellationToken)
    {
        var pack = RulePackReader.Read("upload.json", System.Text.Encoding.UTF8.GetBytes(json));
        var existing = await store.ListRulePacksAsync(tenant, cancellationToken);
        var book = Build(existing.Where(p => !(p.Platform == pack.Platform && p.Version == pack.Version))
            .Append(new StoredRulePack(tenant, pack.Platform, pack.Version, pack.EffectiveFrom, json, now)));
        var stored = new StoredRulePack(tenant, pack.Platform, pack.Version, pack.EffectiveFrom, json, now);
        await store.SaveRulePackAsync(stored, cancellationToken);
        uploads.AddOrUpdate(tenant, [stored], (_, list) => [.. list.Where(p => !(p.Platform == pack.Platform && p.Version == pack.Version)), stored]);
        books[tenant] = book;
        Changed?.Invoke(tenant, book);
        return pack;
    }

    /// <summary>
    /// The JSON of a pack version as the tenant has it: its own upload of that version, else the embedded file
    /// (rules/&lt;platform&gt;/&lt;version&gt;.json), else null.
    /// </summary>
    public async Task<string?> PackJsonAsync(string tenant, string platform, string version, CancellationToken cancellationToken)
    {
        if ((await store.ListRulePacksAsync(tenant, cancellationToken)).LastOrDefault(p => p.Platform == platform && p.Version == version) is { } uploaded)
        {
            return uploaded.Json;
        }

        using var embedded = typeof(RuleBook).Assembly.GetManifestResourceStream($"rules/{platform}/{version}.json");
        if (embedded is null || platform == "common")
        {
            return null;
        }

        using var reader = new StreamReader(embedded, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Where an uploaded pack comes from, as the pack list shows it (embedded ones show their path under rules/).</summary>
    public static string OriginOf(string platform, string version) => $"upload/{platform}/{version}.json";

    private static RuleBook Build(IEnumerable<StoredRulePack> uploads) =>
        RuleBook.Embedded.With(uploads.Select(u => RulePackReader.Read(OriginOf(u.Platform, u.Version), System.Text.Encoding.UTF8.GetBytes(u.Json))));
}
