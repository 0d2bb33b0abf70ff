using Luyue.Core.Events;
using Luyue.Core.Findings;
using Luyue.Core.Storage;

namespace Luyue.Server.Endpoints;

internal static class QueryHelpers
{
    /// <summary>A time query parameter (ISO-8601 with offset), or null when absent; a bad one is added to <paramref name="problems"/>.</summary>
    public static NodaTime.Instant? Time(Dictionary<string, string[]> problems, string name, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (InstantText.TryParse(text, out var instant))
        {
            return instant;
        }

        problems[name] = [$"'{text}' is not an ISO-8601 time with offset"];
        return null;
    }

    /// <summary>Every stored finding matching a query, page by page (bounded: the API's summaries are per tenant).</summary>
    public static async Task<List<StoredFinding>> AllAsync(IStore store, FindingQuery query, CancellationToken ct, int max = 200_000)
    {
        var all = new List<StoredFinding>();
        var page = await store.QueryFindingsAsync(query with { Limit = 1000 }, ct);
        while (true)
        {
            all.AddRange(page.Items);
            if (page.Next is null || all.Count >= max)
            {
                return all;
            }

            page = await store.QueryFindingsAsync(query with { After = page.Next, Limit = 1000 }, ct);
        }
    }

    public static Finding? Parse(StoredFinding stored) =>
        FindingReader.TryParse(System.Text.Encoding.UTF8.GetBytes(stored.Json), out var finding, out _) ? finding : null;
}
