using Luyue.Core.Engine;

namespace Luyue.Core.Tests.Engine;

public class ExpiringMapTests
{
    [Fact]
    public void Entries_are_let_go_once_the_horizon_reaches_their_stamp()
    {
        var map = new ExpiringMap<string, int>(StringComparer.Ordinal);
        Assert.True(map.TryAdd("a", 1, stamp: 10));
        Assert.True(map.TryAdd("b", 2, stamp: 20));
        Assert.False(map.TryAdd("a", 9, stamp: 30)); // held: a duplicate, nothing changes

        map.Forget(9);
        Assert.Equal(2, map.Count);
        map.Forget(10);
        Assert.False(map.TryGetValue("a", out _));
        Assert.True(map.TryGetValue("b", out var b));
        Assert.Equal(2, b);
        map.Forget(20);
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void An_entry_set_again_is_kept_from_its_new_stamp()
    {
        var map = new ExpiringMap<string, int>(StringComparer.Ordinal);
        map.Set("a", 1, stamp: 10);
        map.Set("a", 2, stamp: 15);
        map.Set("a", 3, stamp: 15); // same stamp: the value only
        map.Forget(12);
        Assert.True(map.TryGetValue("a", out var a));
        Assert.Equal(3, a);
        map.Forget(15);
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void A_removed_entry_set_again_is_not_let_go_by_its_old_stamp()
    {
        var map = new ExpiringMap<string, int>(StringComparer.Ordinal);
        map.Set("a", 1, stamp: 10);
        Assert.True(map.Remove("a", out var removed));
        Assert.Equal(1, removed);
        Assert.False(map.Remove("a", out _));
        map.Set("a", 2, stamp: 20);
        map.Forget(10);
        Assert.True(map.TryGetValue("a", out var a));
        Assert.Equal(2, a);
    }

    [Fact]
    public void An_entry_stamped_before_an_older_one_waits_for_it()
    {
        var map = new ExpiringMap<int, int>();
        map.Set(1, 1, stamp: 20);
        map.Set(2, 2, stamp: 5);
        map.Forget(10);
        Assert.Equal(2, map.Count); // 2 waits behind 1
        map.Forget(20);
        Assert.Equal(0, map.Count);
    }
}
