using Luyue.Core.Rules;
using NodaTime;

namespace Luyue.Core.Tests.Rules;

public class NewestOnlyTests
{
    private static readonly Instant Paid2024 = Instant.FromUtc(2024, 6, 1, 0, 0);
    private static readonly Instant Paid1999 = Instant.FromUtc(1999, 1, 1, 0, 0);

    [Fact]
    public void Every_order_is_judged_by_the_newest_version_of_its_platform_whatever_its_payment_date()
    {
        var newest = RuleBook.Embedded.NewestOnly();

        Assert.Equal("2025-09-05", newest.PackFor("tmall", Paid2024)!.Version);
        Assert.Equal("2025-09-29", newest.PackFor("douyin", Paid1999)!.Version);
        Assert.Equal("2024-01-23", newest.PackFor("1688", Paid2024)!.Version); // one version only: unchanged
        Assert.Null(newest.PackFor("aliexpress", Paid2024));
    }

    [Fact]
    public void It_keeps_one_pack_per_platform_and_leaves_the_book_it_came_from_alone()
    {
        var book = RuleBook.Embedded;
        var before = book.Packs.Count;
        var newest = book.NewestOnly();

        Assert.Equal(book.Packs.Select(p => p.Platform).Distinct().Order(StringComparer.Ordinal), newest.Packs.Select(p => p.Platform));
        Assert.Equal(before, book.Packs.Count);
        Assert.Equal("2020-10-12", book.PackFor("tmall", Paid2024)!.Version);
        Assert.Same(book.Scans, newest.Scans);
        Assert.Contains("newest", newest.Origin, StringComparison.Ordinal);
    }
}
