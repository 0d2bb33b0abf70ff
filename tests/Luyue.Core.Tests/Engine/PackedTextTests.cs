using FsCheck;
using FsCheck.Fluent;
using Luyue.Core.Engine;

namespace Luyue.Core.Tests.Engine;

/// <summary>Order ids and tracking numbers held packed read back as the same strings, in the same ordinal order.</summary>
public class PackedTextTests
{
    /// <summary>ASCII strings of 0–30 characters, sometimes with a character that cannot be packed.</summary>
    private static Gen<string> Texts =>
        from length in Gen.Choose(0, 30)
        from chars in Gen.ArrayOf(Gen.OneOf(Gen.Choose('0', '9'), Gen.Choose('A', 'Z'), Gen.Choose(1, 127), Gen.Choose(0, 0x4e2d)), length)
        select new string(chars.Select(c => (char)c).ToArray());

    [Fact]
    public void Texts_read_back_as_they_were_given() =>
        Prop.ForAll(Texts.ToArbitrary(), text =>
        {
            var compact = new CompactText(text);
            var chars = new char[compact.Length];
            compact.CopyTo(chars);
            return compact.ToString() == text && new string(chars) == text && new CompactText(text.AsSpan()).ToString() == text;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

    [Fact]
    public void Compact_texts_compare_as_their_strings_do_ordinally() =>
        Prop.ForAll(Texts.ToArbitrary(), Texts.ToArbitrary(), (a, b) =>
            Math.Sign(CompactText.Compare(new CompactText(a), new CompactText(b))) == Math.Sign(string.CompareOrdinal(a, b)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

    [Fact]
    public void The_prefix_is_the_first_four_units_of_the_string() =>
        Prop.ForAll(Texts.ToArbitrary(), text =>
        {
            ulong expected = 0;
            for (var i = 0; i < 4; i++)
            {
                expected = (expected << 16) | (i < text.Length ? text[i] : 0u);
            }

            return new CompactText(text).Prefix == expected;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

    [Fact]
    public void Order_ids_compare_as_their_strings_do_ordinally() =>
        Prop.ForAll(Texts.ToArbitrary(), Texts.ToArbitrary(), (a, b) =>
            Math.Sign(OrderState.CompareIds(new OrderState(a), new OrderState(b))) == Math.Sign(string.CompareOrdinal(a, b)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(3000));

    [Theory]
    [InlineData("", true)]
    [InlineData("3384529432051948141", true)]
    [InlineData("SF1330245100203", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWX", true)] // 24: the most that fits
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXY", false)]
    [InlineData("订单1", false)]
    [InlineData("a\0b", false)]
    public void What_fits_is_packed(string text, bool packs)
    {
        Assert.Equal(packs, PackedText.TryPack(text, out var packed));
        if (packs)
        {
            Assert.Equal(text, packed.ToString());
            Assert.Equal(text.Length, packed.Length);
        }
    }

    [Fact]
    public void Shorter_texts_sort_before_longer_ones_they_begin_and_characters_by_code()
    {
        string[] texts = ["12", "100", "1", "", "A", "a", "12\u007f", "120", "ABCDEFGHIJKLMNOPQRSTUVWX", "ABCDEFGHIJKLMNOPQRSTUVW", "订单"];
        var byPacking = texts.OrderBy(t => new CompactText(t), Comparer<CompactText>.Create((x, y) => CompactText.Compare(x, y))).ToArray();
        Assert.Equal(texts.Order(StringComparer.Ordinal), byPacking);
    }

    [Fact]
    public void An_order_and_a_number_find_their_keys_without_their_strings()
    {
        var order = new OrderState("3384529432051948141");
        Assert.Equal(StateKey.Order("3384529432051948141"), order.Key());
        Assert.Equal("3384529432051948141", order.Id);
        var number = new TrackingState("zto", "78276951079537".AsSpan());
        Assert.Equal(StateKey.Number("zto", "78276951079537"), number.Key());
        Assert.Equal("78276951079537", number.Namesake().Tracking);
        var unpacked = new OrderState("订单-1");
        Assert.Equal(StateKey.Order("订单-1"), unpacked.Key());
    }
}
