using Luyue.Core.Indicators;
using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Compliance;

public abstract partial class StoreCompliance
{
    private IOutletRatingStore Ratings => Assert.IsAssignableFrom<IOutletRatingStore>(Store);

    private static OutletRating Rating(int month, string carrier, string outlet, int stars) => new(new YearMonth(2024, month), carrier, outlet, stars);

    [StoreFact]
    public async Task Outlet_ratings_are_listed_per_tenant_by_month_carrier_and_outlet()
    {
        await Ratings.SaveOutletRatingsAsync("t1", [Rating(6, "zto", "杭州西湖网点", 4), Rating(5, "zto", "杭州西湖网点", 3), Rating(6, "sto", "上海浦东网点", 5)], T0, Ct);
        await Ratings.SaveOutletRatingsAsync("t2", [Rating(6, "zto", "杭州西湖网点", 1)], T0, Ct);

        Assert.Equal(
            [Rating(5, "zto", "杭州西湖网点", 3), Rating(6, "sto", "上海浦东网点", 5), Rating(6, "zto", "杭州西湖网点", 4)],
            await Ratings.ListOutletRatingsAsync("t1", Ct));
        Assert.Equal([Rating(6, "zto", "杭州西湖网点", 1)], await Ratings.ListOutletRatingsAsync("t2", Ct));
        Assert.Empty(await Ratings.ListOutletRatingsAsync("t3", Ct));
    }

    [StoreFact]
    public async Task Importing_a_month_again_replaces_its_rating_and_survives_a_restart()
    {
        await Ratings.SaveOutletRatingsAsync("t1", [Rating(6, "zto", "杭州西湖网点", 4)], T0, Ct);
        await Ratings.SaveOutletRatingsAsync("t1", [Rating(6, "zto", "杭州西湖网点", 2), Rating(7, "zto", "杭州西湖网点", 5)], T0 + Duration.FromDays(1), Ct);

        var reopened = Assert.IsAssignableFrom<IOutletRatingStore>(await ReopenAsync());

        Assert.Equal([Rating(6, "zto", "杭州西湖网点", 2), Rating(7, "zto", "杭州西湖网点", 5)], await reopened.ListOutletRatingsAsync("t1", Ct));
    }

    [StoreFact]
    public async Task An_import_is_stored_whole_or_not_at_all()
    {
        // The database refuses a star count outside 1-5 (the CSV reader refuses it first; this is the last guard).
        await Assert.ThrowsAnyAsync<Exception>(() =>
            Ratings.SaveOutletRatingsAsync("t1", [Rating(6, "zto", "杭州西湖网点", 4), Rating(6, "sto", "上海浦东网点", 9)], T0, Ct));

        Assert.Empty(await Ratings.ListOutletRatingsAsync("t1", Ct));
    }
}
