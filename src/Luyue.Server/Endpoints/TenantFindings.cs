using System.Collections.Concurrent;
using Luyue.Core.Findings;
using Luyue.Core.Storage;

namespace Luyue.Server.Endpoints;

/// <summary>
/// Every stored finding of a tenant, parsed, kept in memory and caught up by sequence on each ask. The monitor summary
/// and the monitor lists judge what is open over all of a tenant's findings on every request; reading and parsing them
/// from the store each time took seconds at 10,000 open findings, while the findings stored since the last ask are
/// usually few. Stored findings are never changed or deleted, so appending the new ones keeps the copy exact.
/// </summary>
public sealed class TenantFindings(IStore store)
{
    private const int PageSize = 1000;

    private readonly ConcurrentDictionary<string, Copy> copies = new(StringComparer.Ordinal);

    /// <summary>The tenant's findings in sequence order, as of this call; the list must not be changed.</summary>
    public async Task<IReadOnlyList<Finding>> AllAsync(string tenant, CancellationToken ct)
    {
        var copy = copies.GetOrAdd(tenant, _ => new Copy());
        await copy.Gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                var page = await store.QueryFindingsAsync(new FindingQuery(tenant) { After = copy.Last, Limit = PageSize }, ct);
                foreach (var stored in page.Items)
                {
                    if (QueryHelpers.Parse(stored) is { } finding)
                    {
                        copy.Findings.Add(finding);
                    }

                    copy.Last = stored.Sequence;
                }

                if (page.Next is null || page.Items.Count == 0)
                {
                    // A snapshot: later asks append to the copy's list while this caller still reads it.
                    return copy.Findings.ToArray();
                }
            }
        }
        finally
        {
            copy.Gate.Release();
        }
    }

    private sealed class Copy
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public List<Finding> Findings { get; } = [];

        public long? Last { get; set; }
    }
}
