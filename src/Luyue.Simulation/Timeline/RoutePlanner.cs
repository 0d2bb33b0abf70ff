using Luyue.Simulation.Geography;
using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.Timeline;

/// <summary>
/// Which distribution centres a parcel passes and how long the trunk legs take. The first hub is always in the
/// origin province and the last in the destination province (the 1688 hub-stall rule watches the first one);
/// long hauls may pass a national junction hub in between.
/// </summary>
internal sealed class RoutePlanner
{
    private static readonly string[] JunctionCities = ["郑州市", "武汉市", "西安市", "成都市", "长沙市", "南京市"];
    private static readonly string[] NorthernExports = ["北京", "天津", "河北", "山东", "辽宁", "吉林", "黑龙江", "内蒙古", "山西", "河南", "陕西", "甘肃", "青海", "宁夏", "新疆", "西藏"];
    private static readonly string[] SouthernExports = ["广东", "福建", "广西", "海南", "湖南", "江西", "云南", "贵州"];

    private readonly City[] junctions;
    private readonly City beijing, shanghai, guangzhou;

    public RoutePlanner(PlaceTable places)
    {
        junctions = JunctionCities.Select(name => Find(places, name)).ToArray();
        beijing = Find(places, "北京市");
        shanghai = Find(places, "上海市");
        guangzhou = Find(places, "广州市");
    }

    public City[] Hubs(City origin, City destination, Prng rng)
    {
        var first = origin.HubCity;
        var last = destination.HubCity;
        if (ReferenceEquals(first, last))
        {
            return [first];
        }

        if (ReferenceEquals(first.Province, last.Province))
        {
            return [first, last];
        }

        var direct = first.Province.DistanceKm(last.Province);
        if (direct > 1000 && rng.Chance(0.6))
        {
            City? best = null;
            var bestDetour = double.MaxValue;
            foreach (var junction in junctions)
            {
                if (ReferenceEquals(junction.Province, first.Province) || ReferenceEquals(junction.Province, last.Province))
                {
                    continue;
                }

                var via = first.Province.DistanceKm(junction.Province) + junction.Province.DistanceKm(last.Province);
                if (via < direct * 1.25 && via < bestDetour)
                {
                    best = junction;
                    bestDetour = via;
                }
            }

            if (best is not null)
            {
                return [first, best, last];
            }
        }

        return [first, last];
    }

    /// <summary>
    /// Seconds from leaving one hub to arriving at the next: a truck at about 70 km/h on roads a quarter longer than
    /// the straight line, long hauls capped as carriers fly or relay them, plus customs for Hong Kong, Macao, Taiwan.
    /// Every clean leg stays well under the 72 h gap rule.
    /// </summary>
    public static long LegSeconds(City from, City to, Prng rng)
    {
        if (ReferenceEquals(from, to))
        {
            return rng.Hours(1, 3);
        }

        long seconds;
        if (ReferenceEquals(from.Province, to.Province))
        {
            seconds = rng.Hours(2.5, 6);
        }
        else
        {
            var hours = 2 + from.Province.DistanceKm(to.Province) * 1.25 / 70 * (0.85 + 0.35 * rng.NextDouble());
            seconds = hours > 30 ? rng.Hours(26, 38) : ShanghaiTime.Hours(hours);
        }

        if (from.Province.CrossBorder != to.Province.CrossBorder)
        {
            seconds += rng.Hours(8, 20);
        }

        return seconds;
    }

    /// <summary>The exchange office a cross-border parcel leaves through: Beijing for the north, Guangzhou for the south, else Shanghai.</summary>
    public City ExchangeFor(City origin)
    {
        var province = origin.Province.Short;
        if (NorthernExports.Contains(province, StringComparer.Ordinal))
        {
            return beijing;
        }

        return SouthernExports.Contains(province, StringComparer.Ordinal) ? guangzhou : shanghai;
    }

    private static City Find(PlaceTable places, string name) =>
        places.Cities.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"the place table has no {name}");
}
