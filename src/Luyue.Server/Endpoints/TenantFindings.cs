using System.Collections.Concurrent;
using Luyue.Core.Findings;
using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Server.Endpoints;

/// <summary>
/// What the monitor shows of each tenant, kept in memory and caught up with the stored findings (by sequence) on each
/// ask. Judging a tenant's whole history on every request cost about a second per million findings, and a generated
/// 60,000-order tenant has that many; the findings stored since the last ask are usually few. Stored findings are never
/// changed or deleted, so folding in the new ones keeps the state exact. Only warnings and the last verdict of each
/// deadline are kept, not every finding.
/// </summary>
/// <remarks>
/// A deadline is (rule, order, deadline). Its verdict is the latest of its violation, retracted and exempted findings
/// by <see cref="Finding.At"/> (by arrival among equal times): a violation that no later retraction or exemption undid
/// is overdue (已超时). A warning is about to time out (即将超时) while its deadline has not passed and its deadline has
/// no verdict yet.
/// </remarks>
public sealed class TenantFindings(IStore store)
{
    private const int PageSize = 1000;

    private readonly ConcurrentDictionary<string, Board> boards = new(StringComparer.Ordinal);

    /// <summary>The tenant's open findings at <paramref name="now"/>, of one shop and platform when given.</summary>
    public async Task<List<OpenFinding>> OpenAsync(string tenant, Instant now, string? shop, string? platform, CancellationToken ct)
    {
        var board = boards.GetOrAdd(tenant, _ => new Board());
        await board.Gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                var page = await store.QueryFindingsAsync(new FindingQuery(tenant) { After = board.Last, Limit = PageSize }, ct);
                foreach (var stored in page.Items)
                {
                    if (QueryHelpers.Parse(stored) is { } finding)
                    {
                        board.Add(finding);
                    }

                    board.Last = stored.Sequence;
                }

                if (page.Next is null || page.Items.Count == 0)
                {
                    break;
                }
            }

            bool Wanted(Finding f) => (shop is null || f.Shop == shop) && (platform is null || f.Platform == platform);
            var soon = board.Warnings.Where(f => f.Deadline > now && !board.Verdicts.ContainsKey(Board.Key(f)) && Wanted(f))
                .Select(f => new OpenFinding(f, OpenState.Soon, MonitorTypes.Of(f.Rule)));
            var overdue = board.Verdicts.Values.Where(f => f.Kind == FindingKind.Violation && Wanted(f))
                .Select(f => new OpenFinding(f, OpenState.Overdue, MonitorTypes.Of(f.Rule)));
            return [.. soon, .. overdue];
        }
        finally
        {
            board.Gate.Release();
        }
    }

    private sealed class Board
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long? Last { get; set; }

        public List<Finding> Warnings { get; } = [];

        /// <summary>The latest violation, retracted or exempted finding of each deadline.</summary>
        public Dictionary<(string Rule, string? Order, Instant? Deadline), Finding> Verdicts { get; } = [];

        public static (string Rule, string? Order, Instant? Deadline) Key(Finding f) => (f.Rule, f.Order, f.Deadline);

        public void Add(Finding f)
        {
            switch (f.Kind)
            {
                case FindingKind.Warning:
                    Warnings.Add(f);
                    break;
                case FindingKind.Violation or FindingKind.Retracted or FindingKind.Exempted:
                    // Findings arrive in sequence order: among equal times the later one is the verdict.
                    var key = Key(f);
                    if (!Verdicts.TryGetValue(key, out var verdict) || f.At >= verdict.At)
                    {
                        Verdicts[key] = f;
                    }

                    break;
            }
        }
    }
}
