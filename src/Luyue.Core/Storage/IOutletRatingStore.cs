using Luyue.Core.Indicators;
using NodaTime;

namespace Luyue.Core.Storage;

/// <summary>
/// Outlet star ratings a tenant imported (RULES §2: data from the platform, monthly). Apart from <see cref="IStore"/>
/// because only the indicators use it; both stores implement it and pass the same compliance tests. Safe to call from
/// several threads.
/// </summary>
public interface IOutletRatingStore
{
    /// <summary>
    /// Stores the ratings, all or none; a rating of the same (tenant, month, carrier, outlet) is replaced, so importing
    /// a corrected file again is safe.
    /// </summary>
    Task SaveOutletRatingsAsync(string tenant, IReadOnlyList<OutletRating> ratings, Instant importedAt, CancellationToken cancellationToken);

    /// <summary>The tenant's ratings, ordered by month, carrier, outlet.</summary>
    Task<IReadOnlyList<OutletRating>> ListOutletRatingsAsync(string tenant, CancellationToken cancellationToken);
}
