using Luyue.Core.Storage;

namespace Luyue.Storage.Compliance;

public abstract partial class StoreCompliance
{
    [StoreFact]
    public async Task Rule_packs_are_listed_per_tenant_and_all_together()
    {
        await Store.SaveRulePackAsync(Pack("t2", "tmall", "2024-03-01"), Ct);
        await Store.SaveRulePackAsync(Pack("t1", "tmall", "2025-01-01"), Ct);
        await Store.SaveRulePackAsync(Pack("t1", "douyin", "2024-06-01"), Ct);
        await Store.SaveRulePackAsync(Pack("t1", "tmall", "2024-03-01"), Ct);
        await Store.SaveRulePackAsync(Pack(null, "tmall", "2024-03-01"), Ct);

        Assert.Equal(
            [Pack("t1", "douyin", "2024-06-01"), Pack("t1", "tmall", "2024-03-01"), Pack("t1", "tmall", "2025-01-01")],
            await Store.ListRulePacksAsync("t1", Ct));
        Assert.Equal([Pack("t2", "tmall", "2024-03-01")], await Store.ListRulePacksAsync("t2", Ct));
        Assert.Empty(await Store.ListRulePacksAsync("t3", Ct));
        Assert.Equal(
        [
            Pack(null, "tmall", "2024-03-01"),
            Pack("t1", "douyin", "2024-06-01"), Pack("t1", "tmall", "2024-03-01"), Pack("t1", "tmall", "2025-01-01"),
            Pack("t2", "tmall", "2024-03-01"),
        ], await Store.ListRulePacksAsync(null, Ct));
    }

    [StoreFact]
    public async Task Saving_a_pack_version_again_replaces_it_for_a_tenant_and_globally()
    {
        await Store.SaveRulePackAsync(Pack("t1", "tmall", "2024-03-01", """{"v":1}"""), Ct);
        await Store.SaveRulePackAsync(Pack(null, "tmall", "2024-03-01", """{"v":1}"""), Ct);

        await Store.SaveRulePackAsync(Pack("t1", "tmall", "2024-03-01", """{"v":2}"""), Ct);
        await Store.SaveRulePackAsync(Pack(null, "tmall", "2024-03-01", """{"v":3}"""), Ct);

        Assert.Equal(
            [Pack(null, "tmall", "2024-03-01", """{"v":3}"""), Pack("t1", "tmall", "2024-03-01", """{"v":2}""")],
            await Store.ListRulePacksAsync(null, Ct));
    }
}
