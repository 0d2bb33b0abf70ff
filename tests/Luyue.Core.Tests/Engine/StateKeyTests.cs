using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Luyue.Core.Engine;
using Luyue.Core.Events;

namespace Luyue.Core.Tests.Engine;

/// <summary>
/// The engine's keys and event-id hashes are taken of UTF-8: a line's values as read, an event's strings encoded. Both
/// ways must give one key for one value, or a shipment would not find its order, a sweep would not find the number it
/// lets go, and a duplicate met once as a line and once as an event would count twice.
/// </summary>
public class StateKeyTests
{
    private static readonly string[] Values =
        ["2193305435272801830", "JT3806632972784", "", "订单-42", "𠀀x", "SF1147168423027 ", "a|b"];

    [Fact]
    public void An_order_id_read_as_UTF8_and_held_as_a_string_has_one_key()
    {
        foreach (var id in Values)
        {
            Assert.Equal(StateKey.Order(id), StateKey.OrderUtf8(Encoding.UTF8.GetBytes(id)));
        }
    }

    [Fact]
    public void A_number_read_as_UTF8_and_held_as_a_string_has_one_key()
    {
        foreach (var tracking in Values)
        {
            foreach (var carrier in new[] { "jt", "sf", "顺丰" })
            {
                Assert.Equal(StateKey.Number(carrier, tracking), StateKey.NumberUtf8(carrier, Encoding.UTF8.GetBytes(tracking)));
            }
        }
    }

    [Fact]
    public void An_event_id_read_as_UTF8_and_held_as_a_string_has_one_hash()
    {
        foreach (var id in Values)
        {
            Assert.True(Utf8Chars.TryHashId(Encoding.UTF8.GetBytes(id), out var hash));
            Assert.Equal(StableHash.OfId(id), hash);
        }

        Assert.False(Utf8Chars.TryHashId([0x41, 0xFF], out _));
    }

    /// <summary>
    /// A string that is not UTF-16 (a lone surrogate, which only an escape in JSON can give) has no UTF-8: it is keyed
    /// apart, not as the replacement character its encoding would put in its place.
    /// </summary>
    [Fact]
    public void A_lone_surrogate_is_not_keyed_as_the_replacement_character()
    {
        const string lone = "A\uD800B";
        const string replaced = "A\uFFFDB";
        Assert.NotEqual(StateKey.Order(replaced), StateKey.Order(lone));
        Assert.NotEqual(StateKey.Number("jt", replaced), StateKey.Number("jt", lone));
        Assert.NotEqual(StableHash.OfId(replaced), StableHash.OfId(lone));
        Assert.Equal(StateKey.Order(lone), StateKey.Order(lone.AsSpan()));
    }

    [Fact]
    public void Any_string_keys_the_same_from_its_UTF8_as_from_its_characters() =>
        Prop.ForAll(ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get).Where(s => !HasLoneSurrogate(s)).ToArbitrary(), id =>
        {
            var utf8 = Encoding.UTF8.GetBytes(id);
            return StateKey.Order(id) == StateKey.OrderUtf8(utf8)
                   && StateKey.Number("yto", id) == StateKey.NumberUtf8("yto", utf8)
                   && StableHash.OfId(id) == StableHash.OfIdUtf8(utf8);
        }).QuickCheckThrowOnFailure();

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}
