using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Compliance;

public abstract partial class StoreCompliance
{
    [StoreFact]
    public async Task Added_findings_come_back_as_stored_in_batch_order()
    {
        NewFinding[] findings =
        [
            Finding("t1", "k1", amount: 1.50m),
            Finding("t1", "k2", kind: "warning", order: null, shop: null, platform: null),
            Finding("t1", "k3", amount: 123456789.0125m, at: T0 + Duration.FromDays(1)),
        ];

        var added = await Store.AddFindingsAsync(findings, Ct);

        Assert.Equal(findings.Select(f => f.FindingKey), added.Select(f => f.FindingKey));
        Assert.True(added.Zip(added.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence), "sequences increase");
        for (var i = 0; i < findings.Length; i++)
        {
            var (f, s) = (findings[i], added[i]);
            Assert.Equal(new StoredFinding(s.Sequence, f.Tenant, f.FindingKey, f.Kind, f.Rule, f.Order, f.Shop, f.Platform, f.At, f.Amount, f.Json), s);
        }

        var queried = (await Store.QueryFindingsAsync(new FindingQuery("t1"), Ct)).Items;
        Assert.Equal(added, queried);
        Assert.Equal("1.50", queried[0].Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [StoreFact]
    public async Task A_finding_key_already_stored_is_skipped()
    {
        await Store.AddFindingsAsync([Finding("t1", "k1"), Finding("t1", "k2")], Ct);

        var added = await Store.AddFindingsAsync([Finding("t1", "k2", kind: "retracted"), Finding("t1", "k3")], Ct);

        Assert.Equal(["k3"], added.Select(f => f.FindingKey));
        var all = (await Store.QueryFindingsAsync(new FindingQuery("t1"), Ct)).Items;
        Assert.Equal(["k1", "k2", "k3"], all.Select(f => f.FindingKey));
        Assert.Equal("violation", all[1].Kind);
    }

    [StoreFact]
    public async Task A_finding_key_stored_before_a_restart_is_skipped_after_it()
    {
        await Store.AddFindingsAsync([Finding("t1", "k1"), Finding("t2", "k2")], Ct);

        var reopened = await ReopenAsync();
        var added = await reopened.AddFindingsAsync([Finding("t1", "k1"), Finding("t1", "k2"), Finding("t2", "k2")], Ct);

        Assert.Equal([("t1", "k2")], added.Select(f => (f.Tenant, f.FindingKey)));
        Assert.Equal(["k1", "k2"], Keys(await reopened.QueryFindingsAsync(new FindingQuery("t1"), Ct)));
    }

    [StoreFact]
    public async Task A_finding_key_repeated_within_one_batch_is_stored_once_as_first_sent()
    {
        var added = await Store.AddFindingsAsync([Finding("t1", "k1"), Finding("t1", "k1", kind: "warning"), Finding("t1", "k2")], Ct);

        Assert.Equal(["k1", "k2"], added.Select(f => f.FindingKey));
        Assert.Equal("violation", added[0].Kind);
        Assert.Equal(added, (await Store.QueryFindingsAsync(new FindingQuery("t1"), Ct)).Items);
    }

    [StoreFact]
    public async Task The_same_finding_key_under_two_tenants_is_two_findings()
    {
        var added = await Store.AddFindingsAsync([Finding("t1", "k1"), Finding("t2", "k1")], Ct);

        Assert.Equal(["t1", "t2"], added.Select(f => f.Tenant));
        Assert.Equal(["k1"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t2"), Ct)));
    }

    [StoreFact]
    public async Task Queries_see_only_their_own_tenants_findings()
    {
        await Store.AddFindingsAsync([Finding("t1", "a"), Finding("t2", "b"), Finding("t1", "c"), Finding("t2", "d")], Ct);

        Assert.Equal(["a", "c"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1"), Ct)));
        Assert.Equal(["b", "d"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t2") { Order = "O-1", Rule = "tmall.ship-timeout" }, Ct)));
        Assert.Empty((await Store.QueryFindingsAsync(new FindingQuery("t3"), Ct)).Items);
    }

    [StoreFact]
    public async Task The_order_filter_selects_that_orders_findings()
    {
        await AddVariedFindingsAsync();
        Assert.Equal(["order"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { Order = "O-2" }, Ct)));
    }

    [StoreFact]
    public async Task The_shop_filter_selects_that_shops_findings()
    {
        await AddVariedFindingsAsync();
        Assert.Equal(["shop"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { Shop = "shop-2" }, Ct)));
    }

    [StoreFact]
    public async Task The_platform_filter_selects_that_platforms_findings()
    {
        await AddVariedFindingsAsync();
        Assert.Equal(["platform"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { Platform = "douyin" }, Ct)));
    }

    [StoreFact]
    public async Task The_rule_filter_selects_that_rules_findings()
    {
        await AddVariedFindingsAsync();
        Assert.Equal(["rule"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { Rule = "tmall.pickup-timeout" }, Ct)));
    }

    [StoreFact]
    public async Task The_kind_filter_selects_that_kind_of_finding()
    {
        await AddVariedFindingsAsync();
        Assert.Equal(["kind"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { Kind = "retracted" }, Ct)));
    }

    [StoreFact]
    public async Task Filters_given_together_must_all_match()
    {
        await AddVariedFindingsAsync();

        var query = new FindingQuery("t1") { Order = "O-1", Shop = "shop-1", Platform = "tmall", Rule = "tmall.ship-timeout", Kind = "violation" };

        Assert.Equal(["base", "late"], Keys(await Store.QueryFindingsAsync(query, Ct)));
        Assert.Equal(["base"], Keys(await Store.QueryFindingsAsync(query with { To = T0 + Duration.FromDays(1) }, Ct)));
        Assert.Empty((await Store.QueryFindingsAsync(query with { Kind = "warning" }, Ct)).Items);
    }

    [StoreFact]
    public async Task From_is_inclusive_and_To_is_exclusive()
    {
        var hour = Duration.FromHours(1);
        var millisecond = Duration.FromMilliseconds(1);
        await Store.AddFindingsAsync(
        [
            Finding("t1", "before", at: T0 - millisecond),
            Finding("t1", "at-from", at: T0),
            Finding("t1", "last-inside", at: T0 + hour - millisecond),
            Finding("t1", "at-to", at: T0 + hour),
        ], Ct);

        Assert.Equal(["at-from", "last-inside"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { From = T0, To = T0 + hour }, Ct)));
        Assert.Equal(["at-from", "last-inside", "at-to"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { From = T0 }, Ct)));
        Assert.Equal(["before", "at-from", "last-inside"], Keys(await Store.QueryFindingsAsync(new FindingQuery("t1") { To = T0 + hour }, Ct)));
        Assert.Empty((await Store.QueryFindingsAsync(new FindingQuery("t1") { From = T0, To = T0 }, Ct)).Items);
    }

    [StoreFact]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats()
    {
        var expected = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            // Findings of another rule and another tenant interleave with the ones paged through.
            await Store.AddFindingsAsync([Finding("t1", $"k{i:00}"), Finding("t1", $"other{i}", rule: "tmall.fake-sign"), Finding("t2", $"k{i:00}")], Ct);
            expected.Add($"k{i:00}");
        }

        var seen = new List<string>();
        var query = new FindingQuery("t1") { Rule = "tmall.ship-timeout", Limit = 5 };
        var pages = 0;
        while (true)
        {
            var page = await Store.QueryFindingsAsync(query, Ct);
            pages++;
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(Keys(page));
            if (page.Next is not { } next)
            {
                break;
            }

            Assert.Equal(page.Items[^1].Sequence, next);
            query = query with { After = next };
        }

        Assert.Equal(expected, seen);
        Assert.Equal(5, pages);
    }

    [StoreFact]
    public async Task A_last_page_that_is_exactly_full_has_no_next()
    {
        await Store.AddFindingsAsync([Finding("t1", "a"), Finding("t1", "b"), Finding("t1", "c"), Finding("t1", "d")], Ct);

        var first = await Store.QueryFindingsAsync(new FindingQuery("t1") { Limit = 2 }, Ct);
        var second = await Store.QueryFindingsAsync(new FindingQuery("t1") { Limit = 2, After = first.Next }, Ct);

        Assert.Equal(["a", "b"], Keys(first));
        Assert.NotNull(first.Next);
        Assert.Equal(["c", "d"], Keys(second));
        Assert.Null(second.Next);
    }

    [StoreFact]
    public async Task A_page_must_hold_at_least_one_finding()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryFindingsAsync(new FindingQuery("t1") { Limit = 0 }, Ct));
    }

    /// <summary>Findings that each differ from "base" in one filtered field; "late" differs only in time.</summary>
    private Task AddVariedFindingsAsync() => Store.AddFindingsAsync(
    [
        Finding("t1", "base"),
        Finding("t1", "order", order: "O-2"),
        Finding("t1", "shop", shop: "shop-2"),
        Finding("t1", "platform", platform: "douyin", rule: "douyin.pickup-timeout"),
        Finding("t1", "rule", rule: "tmall.pickup-timeout"),
        Finding("t1", "kind", kind: "retracted"),
        Finding("t1", "late", at: T0 + Duration.FromDays(2)),
        Finding("t2", "other-tenant", order: "O-2", shop: "shop-2", platform: "douyin", rule: "tmall.pickup-timeout", kind: "retracted"),
    ], Ct);
}
