using Luyue.Core.Engine;

namespace Luyue.Core.Tests.Engine;

/// <summary>
/// The engine's open-addressing table must answer as the dictionary it replaced, through growth and through removals
/// that shift colliding keys back (the case a linear-probing table most easily gets wrong).
/// </summary>
public class StateTableTests
{
    [Theory]
    [InlineData(1, 0xF)]        // keys share their home slot in pairs and runs: long probe runs, many back-shifts
    [InlineData(2, 0x3FF)]      // a few collisions
    [InlineData(3, 0xFFFFFFF)]  // hardly any
    public void Answers_as_a_dictionary_through_adds_removes_and_growth(int seed, int lowBits)
    {
        var random = new Random(seed);
        var table = new StateTable<string>();
        var expected = new Dictionary<UInt128, string>();
        var mostHeld = 0;

        // Keys differ in their high half, so that many share the low bits the table places them by.
        UInt128 Key() => new((ulong)random.Next(0, 400), (ulong)(random.Next() & lowBits));

        for (var step = 0; step < 20_000; step++)
        {
            var key = Key();
            switch (random.Next(3))
            {
                case 0 when !expected.ContainsKey(key):
                    table.Add(key, $"v{step}");
                    expected.Add(key, $"v{step}");
                    mostHeld = Math.Max(mostHeld, expected.Count);
                    break;
                case 1:
                    Assert.Equal(expected.Remove(key), table.Remove(key));
                    break;
                default:
                    Assert.Equal(expected.TryGetValue(key, out var want), table.TryGetValue(key, out var got));
                    Assert.Equal(want, got);
                    break;
            }
        }

        Assert.Equal(expected.Count, table.Count);
        Assert.Equal(mostHeld, table.PlacesMade); // places given back were taken again
        var held = new List<string>();
        foreach (var value in table.Values)
        {
            held.Add(value);
        }

        Assert.Equal(expected.Values.Order(StringComparer.Ordinal), held.Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected)
        {
            Assert.True(table.TryGetValue(key, out var got));
            Assert.Equal(value, got);
        }
    }

    [Fact]
    public void A_slot_holds_96_bits_of_its_key_in_16_bytes()
    {
        Assert.Equal(16, System.Runtime.CompilerServices.Unsafe.SizeOf<StateTable<string>.Slot>());
        var key = new UInt128(0xFFFF_FFFF_8000_0001, 0x8000_0000_0000_0001);
        var slot = new StateTable<string>.Slot(key, 5);
        Assert.Equal((0x8000_0000_0000_0001UL, 5), (slot.Low, slot.Place));
        Assert.True(slot.Holds(key));
        Assert.False(slot.Holds(new UInt128(0xFFFF_FFFF_8000_0001, 1))); // the low half
        Assert.False(slot.Holds(new UInt128(0xFFFF_FFFF_8000_0000, 0x8000_0000_0000_0001))); // the high half's low 32 bits

        // The top 32 bits are not held: keys are 128-bit hashes of ids, and two agreeing in the other 96 bits are
        // as unlikely as their colliding (about 10^-17 for a table of a million).
        Assert.True(slot.Holds(new UInt128(0x0000_0001_8000_0001, 0x8000_0000_0000_0001)));
    }

    [Fact]
    public void A_key_whose_slot_was_emptied_is_not_found()
    {
        var table = new StateTable<string>();
        var key = new UInt128(7, 0);
        table.Add(key, "a");
        Assert.True(table.Remove(key));
        Assert.False(table.TryGetValue(key, out _));
        Assert.False(table.Remove(key));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void States_added_after_removals_take_the_places_given_back()
    {
        var table = new StateTable<string>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 1000; i++)
            {
                table.Add(new UInt128((ulong)round, (ulong)i), $"{round}-{i}");
            }

            for (var i = 0; i < 1000; i++)
            {
                Assert.True(table.Remove(new UInt128((ulong)round, (ulong)i)));
            }
        }

        Assert.Equal(0, table.Count);
        Assert.Equal(1000, table.PlacesMade);
        table.Add(5, "five");
        Assert.True(table.TryGetValue(5, out var five));
        Assert.Equal("five", five);
    }

    [Fact]
    public void Prefetching_changes_nothing()
    {
        var table = new StateTable<string>();
        table.Add(1, "one");
        table.Prefetch(1);
        table.Prefetch(2);
        Assert.True(table.TryGetValue(1, out var one));
        Assert.Equal("one", one);
        Assert.False(table.TryGetValue(2, out _));
    }
}
