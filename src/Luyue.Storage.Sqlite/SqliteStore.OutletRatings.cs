using Dapper;
using Luyue.Core.Indicators;
using Luyue.Core.Storage;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Storage.Sqlite;

public sealed partial class SqliteStore : IOutletRatingStore
{
    private static readonly YearMonthPattern MonthPattern = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    public Task SaveOutletRatingsAsync(string tenant, IReadOnlyList<OutletRating> ratings, Instant importedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        return WriteAsync((connection, transaction) => connection.ExecuteAsync(Command(
            """
            INSERT INTO outlet_ratings (tenant, month, carrier, outlet, stars, imported_at)
            VALUES (@Tenant, @Month, @Carrier, @Outlet, @Stars, @ImportedAt)
            ON CONFLICT (tenant, month, carrier, outlet) DO UPDATE SET stars = excluded.stars, imported_at = excluded.imported_at
            """,
            ratings.Select(r => new { Tenant = tenant, Month = MonthPattern.Format(r.Month), r.Carrier, r.Outlet, r.Stars, ImportedAt = Columns.Millis(importedAt) }),
            transaction, cancellationToken)), cancellationToken);
    }

    public Task<IReadOnlyList<OutletRating>> ListOutletRatingsAsync(string tenant, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<OutletRating>>(async connection =>
        {
            var rows = await connection.QueryAsync<(string Month, string Carrier, string Outlet, long Stars)>(Command(
                "SELECT month, carrier, outlet, stars FROM outlet_ratings WHERE tenant = @tenant ORDER BY month, carrier, outlet",
                new { tenant }, null, cancellationToken));
            return rows.Select(r => new OutletRating(MonthPattern.Parse(r.Month).Value, r.Carrier, r.Outlet, (int)r.Stars)).ToList();
        }, cancellationToken);
}
