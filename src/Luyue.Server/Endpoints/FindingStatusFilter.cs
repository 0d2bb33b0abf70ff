using Luyue.Core.Findings;
using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>
/// The findings query's <c>status</c> filter. Findings are an append-only log, so a violation's or a penalty's status is
/// what later findings of the same rule and order say about it: a <c>retracted</c> names the retracted finding's time
/// in its deadline; an <c>exempted</c> names its violation's time in its start (in its deadline when an announcement
/// moved the deadline); a <c>revoked</c> names, like its penalty, the violation's time in its start. Only violations
/// and penalties have a status.
/// </summary>
internal static class FindingStatusFilter
{
    public static readonly string[] Known = ["standing", "retracted", "exempted", "revoked"];

    /// <summary>One page of the findings that match <paramref name="query"/> and have <paramref name="status"/>.</summary>
    public static async Task<FindingPage> QueryAsync(IStore store, FindingQuery query, string status, CancellationToken ct)
    {
        if (query.Kind is not (null or "violation" or "penalty"))
        {
            return new FindingPage([], null);
        }

        // Resolutions carry the order's shop and platform, so the same scope finds them; not the time range, which is
        // the resolved finding's, nor the cursor.
        var scope = new FindingQuery(query.Tenant) { Order = query.Order, Shop = query.Shop, Platform = query.Platform, Rule = query.Rule };
        var retracted = await TargetsAsync(store, scope with { Kind = "retracted" }, f => f.Deadline, ct);
        var exempted = await TargetsAsync(store, scope with { Kind = "exempted" }, f => f.Start ?? f.Deadline, ct);
        var revoked = await TargetsAsync(store, scope with { Kind = "revoked" }, f => f.Start, ct);
        string? StatusOf(Finding f) => f.Kind switch
        {
            FindingKind.Violation => retracted.Contains(Key(f, f.At)) ? "retracted" : exempted.Contains(Key(f, f.At)) ? "exempted" : "standing",
            FindingKind.Penalty => retracted.Contains(Key(f, f.At)) ? "retracted" : revoked.Contains(Key(f, f.Start)) ? "revoked" : "standing",
            _ => null,
        };

        // Scans from the cursor until one more match than the page holds, so `next` is null exactly on the last page.
        var items = new List<StoredFinding>();
        var after = query.After;
        while (true)
        {
            var page = await store.QueryFindingsAsync(query with { After = after, Limit = 1000 }, ct);
            foreach (var stored in page.Items)
            {
                if (stored.Kind is "violation" or "penalty" && QueryHelpers.Parse(stored) is { } finding && StatusOf(finding) == status)
                {
                    if (items.Count == query.Limit)
                    {
                        return new FindingPage(items, items[^1].Sequence);
                    }

                    items.Add(stored);
                }
            }

            if (page.Next is null)
            {
                return new FindingPage(items, null);
            }

            after = page.Next;
        }
    }

    private static (string Rule, string? Order, Instant? At) Key(Finding f, Instant? at) => (f.Rule, f.Order, at);

    private static async Task<HashSet<(string Rule, string? Order, Instant? At)>> TargetsAsync(
        IStore store, FindingQuery query, Func<Finding, Instant?> target, CancellationToken ct) =>
        (await QueryHelpers.AllAsync(store, query, ct)).Select(QueryHelpers.Parse).OfType<Finding>().Select(f => Key(f, target(f))).ToHashSet();
}
