namespace Luyue.Core.Geography;

/// <summary>
/// The shorter names people write for a place: 杭州 for 杭州市, 浦东 for 浦东新区, 延边 and 延边州 for
/// 延边朝鲜族自治州, 氹仔 for 嘉模堂区（氹仔）.
/// </summary>
internal static class PlaceNames
{
    // Longest first, so that 浦东新区 loses 新区 rather than 区.
    private static readonly string[] AdministrativeSuffixes = ["新区", "林区", "地区", "特区", "市", "区", "县", "旗", "盟"];
    private static readonly string[] AutonomousSuffixes = ["自治州", "自治县", "自治旗"];

    // A one-character remainder (城区 → 城, 东区 → 东) names nothing on its own.
    private const int MinShortLength = 2;

    public static IEnumerable<string> ShortForms(string name, IReadOnlyList<string> ethnicGroups)
    {
        var open = name.IndexOf('（', StringComparison.Ordinal);
        if (open > 0 && name.EndsWith('）'))
        {
            var head = name[..open];
            yield return head;
            yield return name[(open + 1)..^1];
            foreach (var form in ShortForms(head, ethnicGroups))
            {
                yield return form;
            }

            yield break;
        }

        foreach (var suffix in AutonomousSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                // The place name ends where the first ethnic group begins: 黔东南|苗族侗族|自治州.
                var stem = name[..^suffix.Length];
                var end = FirstEthnicGroup(stem, ethnicGroups);
                if (end >= MinShortLength)
                {
                    yield return stem[..end];
                    if (suffix == "自治州")
                    {
                        yield return stem[..end] + "州"; // 恩施州, 延边州: how addresses write it
                    }
                }

                yield break;
            }
        }

        foreach (var suffix in AdministrativeSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                if (name.Length - suffix.Length >= MinShortLength)
                {
                    yield return name[..^suffix.Length];
                }

                yield break;
            }
        }
    }

    private static int FirstEthnicGroup(string stem, IReadOnlyList<string> ethnicGroups)
    {
        var first = -1;
        foreach (var group in ethnicGroups)
        {
            var at = stem.IndexOf(group, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        return first;
    }
}
