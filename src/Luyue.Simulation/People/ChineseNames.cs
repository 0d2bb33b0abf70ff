using Luyue.Simulation.Randomness;

namespace Luyue.Simulation.People;

/// <summary>
/// Personal names for buyers and couriers: common surnames weighted roughly by frequency, one- or two-character
/// given names, and regional names where Han names would be implausible for most people (Xinjiang, Tibet,
/// Inner Mongolia).
/// </summary>
internal static class ChineseNames
{
    // The first block is the ten most common surnames (about 40 % of the population); later blocks are rarer.
    private static readonly WeightedChoice<string> Surnames = new(
        Weighted(8, "王", "李", "张", "刘", "陈")
            .Concat(Weighted(4, "杨", "黄", "赵", "吴", "周"))
            .Concat(Weighted(2, "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁"))
            .Concat(Weighted(1, "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡",
                "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范",
                "汪", "廖", "石", "金", "韦", "贾", "夏", "付", "方", "邹", "熊", "白", "孟", "秦", "邱", "侯", "江", "尹", "薛", "闫",
                "段", "雷", "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵", "万", "覃", "武", "钱", "戴", "严", "莫", "孔"))
            .Concat(Weighted(0.2, "欧阳", "上官", "司马", "诸葛")));

    private static readonly string[] GivenChars =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
        "辉", "鹏", "华", "飞", "玲", "桂", "英", "丹", "萍", "婷", "雪", "琳", "晨", "宇", "浩", "凯", "欣", "怡", "佳", "俊",
        "博", "文", "斌", "建", "国", "志", "红", "梅", "兰", "燕", "倩", "颖", "思", "子", "梓", "轩", "涵", "睿", "晓", "海",
    ];

    private static readonly string[] Uyghur = ["阿里木", "古丽", "买买提·艾力", "热依拉", "艾尔肯", "阿依古丽", "阿不都·热合曼", "努尔古丽"];
    private static readonly string[] Tibetan = ["扎西", "卓玛", "次仁", "央金", "格桑", "拉姆", "多吉", "达瓦", "尼玛"];
    private static readonly string[] Mongolian = ["巴特尔", "乌兰", "其其格", "苏日娜", "额尔敦", "呼和"];

    public static string Next(Prng rng, string? provinceShort = null)
    {
        var regional = provinceShort switch
        {
            "新疆" => (Uyghur, 0.4),
            "西藏" => (Tibetan, 0.6),
            "内蒙古" => (Mongolian, 0.1),
            _ => ((string[]?)null, 0.0),
        };
        if (regional.Item1 is { } names && rng.Chance(regional.Item2))
        {
            return rng.Pick(names);
        }

        var surname = Surnames.Pick(rng);
        return rng.Chance(0.3)
            ? surname + rng.Pick(GivenChars)
            : surname + rng.Pick(GivenChars) + rng.Pick(GivenChars);
    }

    private static IEnumerable<(string, double)> Weighted(double weight, params string[] names) => names.Select(n => (n, weight));
}
