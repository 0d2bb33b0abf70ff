using Luyue.Core.Geography;

namespace Luyue.Core.Tests.Geography;

public class ChinaRegionsTests
{
    private static readonly ChinaRegions Regions = ChinaRegions.Default;

    /// <summary>Every province-level division: code, official name, short name.</summary>
    public static TheoryData<string, string, string> AllProvinces => new()
    {
        { "11", "北京市", "北京" },
        { "12", "天津市", "天津" },
        { "13", "河北省", "河北" },
        { "14", "山西省", "山西" },
        { "15", "内蒙古自治区", "内蒙古" },
        { "21", "辽宁省", "辽宁" },
        { "22", "吉林省", "吉林" },
        { "23", "黑龙江省", "黑龙江" },
        { "31", "上海市", "上海" },
        { "32", "江苏省", "江苏" },
        { "33", "浙江省", "浙江" },
        { "34", "安徽省", "安徽" },
        { "35", "福建省", "福建" },
        { "36", "江西省", "江西" },
        { "37", "山东省", "山东" },
        { "41", "河南省", "河南" },
        { "42", "湖北省", "湖北" },
        { "43", "湖南省", "湖南" },
        { "44", "广东省", "广东" },
        { "45", "广西壮族自治区", "广西" },
        { "46", "海南省", "海南" },
        { "50", "重庆市", "重庆" },
        { "51", "四川省", "四川" },
        { "52", "贵州省", "贵州" },
        { "53", "云南省", "云南" },
        { "54", "西藏自治区", "西藏" },
        { "61", "陕西省", "陕西" },
        { "62", "甘肃省", "甘肃" },
        { "63", "青海省", "青海" },
        { "64", "宁夏回族自治区", "宁夏" },
        { "65", "新疆维吾尔自治区", "新疆" },
        { "71", "台湾省", "台湾" },
        { "81", "香港特别行政区", "香港" },
        { "82", "澳门特别行政区", "澳门" },
    };

    [Theory]
    [MemberData(nameof(AllProvinces))]
    public void Finds_every_province_by_name_short_name_and_code(string code, string name, string shortName)
    {
        var expected = new Province(code, name, shortName);

        Assert.Equal(expected, Regions.FindProvince(name));
        Assert.Equal(expected, Regions.FindProvince(shortName));
        Assert.Equal(expected, Regions.FindProvince(code));
        Assert.Equal(expected, Regions.ProvinceFromAddress($"{name}某某路1号"));
    }

    [Fact]
    public void Knows_exactly_the_34_province_level_divisions()
    {
        Assert.Equal(
            AllProvinces.Select(row => (string)row[0]).Order(StringComparer.Ordinal),
            Regions.Provinces.Select(p => p.Code).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("浙江", "33")]
    [InlineData(" 浙江省 ", "33")]
    [InlineData("Zhejiang", "33")]
    [InlineData("ZHEJIANG", "33")]
    [InlineData("Zhejiang Province", "33")]
    [InlineData("CN-ZJ", "33")]
    [InlineData("新疆维吾尔自治区", "65")]
    [InlineData("Xinjiang", "65")]
    [InlineData("Xinjiang Uygur Autonomous Region", "65")]
    [InlineData("内蒙古自治区", "15")]
    [InlineData("内蒙", "15")]
    [InlineData("Inner Mongolia", "15")]
    [InlineData("Neimenggu", "15")]
    [InlineData("广西壮族自治区", "45")]
    [InlineData("Guangxi", "45")]
    [InlineData("宁夏回族自治区", "64")]
    [InlineData("西藏自治区", "54")]
    [InlineData("Tibet", "54")]
    [InlineData("北京", "11")]
    [InlineData("Beijing Shi", "11")]
    [InlineData("Shanxi", "14")]
    [InlineData("Shaanxi", "61")]
    [InlineData("香港", "81")]
    [InlineData("Hong Kong", "81")]
    [InlineData("hongkong", "81")]
    [InlineData("HK", "81")]
    [InlineData("澳门", "82")]
    [InlineData("Macau", "82")]
    [InlineData("Macao SAR", "82")]
    [InlineData("台湾", "71")]
    [InlineData("Taiwan", "71")]
    public void Finds_a_province_from_common_forms(string text, string code) =>
        Assert.Equal(code, Regions.FindProvince(text)?.Code);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("火星")]
    [InlineData("99")]
    [InlineData("杭州")]
    [InlineData("浙江省杭州市")]
    [InlineData("Atlantis")]
    public void Finds_no_province_for_anything_else(string? text) =>
        Assert.Null(Regions.FindProvince(text));

    [Theory]
    [InlineData("浙江省杭州市西湖区文三路1号", "33")]
    [InlineData("杭州市西湖区文三路1号", "33")]
    [InlineData("乌鲁木齐市天山区解放南路", "65")]
    [InlineData("新疆乌鲁木齐市沙依巴克区", "65")]
    [InlineData("上海浦东新区张江路", "31")]
    [InlineData("浦东新区张江路", "31")]
    [InlineData("中国广东省深圳市南山区", "44")]
    [InlineData("内蒙古呼和浩特市", "15")]
    [InlineData("常熟市虞山镇", "32")]
    [InlineData("延边州延吉市", "22")]
    [InlineData("海南藏族自治州共和县", "63")] // in 青海, although it starts with 海南
    [InlineData("海南省海口市", "46")]
    [InlineData("香港九龙油尖旺区", "81")]
    [InlineData("台北市信义区", "71")]
    [InlineData("桥西区中华北大街", "13")] // two cities have a 桥西区, both in 河北
    public void Finds_the_province_of_an_address(string address, string code) =>
        Assert.Equal(code, Regions.ProvinceFromAddress(address)?.Code);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("北京东路1号")] // a street named after Beijing, in many cities
    [InlineData("中山路100号")]
    [InlineData("鼓楼区中山路1号")] // four cities in three provinces have a 鼓楼区
    [InlineData("西湖区文三路1号")] // 杭州 and 南昌
    [InlineData("某某小区3栋")]
    public void Finds_no_province_when_the_address_does_not_say(string? address) =>
        Assert.Null(Regions.ProvinceFromAddress(address));

    [Theory]
    [InlineData("杭州", "3301", "杭州市", "33")]
    [InlineData("杭州市", "3301", "杭州市", "33")]
    [InlineData("常熟市", "3205", "苏州市", "32")]
    [InlineData("常熟", "3205", "苏州市", "32")]
    [InlineData("义乌市", "3307", "金华市", "33")]
    [InlineData("乌鲁木齐", "6501", "乌鲁木齐市", "65")]
    [InlineData("延边朝鲜族自治州", "2224", "延边朝鲜族自治州", "22")]
    [InlineData("延边州", "2224", "延边朝鲜族自治州", "22")]
    [InlineData("恩施州", "4228", "恩施土家族苗族自治州", "42")]
    [InlineData("海南州", "6325", "海南藏族自治州", "63")]
    [InlineData("吉林市", "2202", "吉林市", "22")]
    [InlineData("朝阳", "2113", "朝阳市", "21")] // the city outranks Beijing's and Changchun's 朝阳区
    [InlineData("仙桃市", "429004", "仙桃市", "42")] // governed by 湖北 directly
    [InlineData("石河子市", "659001", "石河子市", "65")]
    [InlineData("浙江省杭州市", "3301", "杭州市", "33")]
    [InlineData("杭州市西湖区", "3301", "杭州市", "33")]
    [InlineData("江苏常熟", "3205", "苏州市", "32")]
    [InlineData("台北市", "7101", "台北市", "71")]
    public void Finds_the_prefecture_level_city(string text, string code, string name, string provinceCode)
    {
        var city = Regions.FindCity(text);

        Assert.NotNull(city);
        Assert.Equal((code, name, provinceCode), (city.Code, city.Name, city.Province.Code));
    }

    [Theory]
    [InlineData("北京", "1101", "北京市")]
    [InlineData("北京市", "1101", "北京市")]
    [InlineData("天津", "1201", "天津市")]
    [InlineData("上海市", "3101", "上海市")]
    [InlineData("重庆", "5001", "重庆市")]
    [InlineData("城口县", "5001", "重庆市")] // listed under 重庆's 县 placeholder
    [InlineData("渝中区", "5001", "重庆市")] // listed under 重庆's 市辖区 placeholder
    [InlineData("上海市徐汇区漕溪北路", "3101", "上海市")]
    [InlineData("香港", "8101", "香港特别行政区")]
    [InlineData("新界", "8101", "香港特别行政区")]
    [InlineData("油尖旺区", "8101", "香港特别行政区")]
    [InlineData("氹仔", "8201", "澳门特别行政区")]
    public void Municipalities_and_special_regions_are_one_city(string text, string code, string name)
    {
        var city = Regions.FindCity(text);

        Assert.NotNull(city);
        Assert.Equal((code, name), (city.Code, city.Name));
        Assert.Equal(city.Province.Name, city.Name);
    }

    [Fact]
    public void A_province_hint_decides_between_same_named_districts()
    {
        var shanghai = Regions.FindProvince("上海");
        var fujian = Regions.FindProvince("福建");
        var jiangsu = Regions.FindProvince("江苏");
        var beijing = Regions.FindProvince("北京");
        var taiwan = Regions.FindProvince("台湾");

        Assert.Equal("上海市", Regions.FindCity("浦东新区", shanghai)?.Name);
        Assert.Null(Regions.FindCity("九龙")); // 九龙县 in 四川 as well as Kowloon
        Assert.Equal("香港特别行政区", Regions.FindCity("九龙", Regions.FindProvince("香港"))?.Name);
        Assert.Null(Regions.FindCity("鼓楼区"));
        Assert.Equal("福州市", Regions.FindCity("鼓楼区", fujian)?.Name);
        Assert.Null(Regions.FindCity("鼓楼区", jiangsu)); // 南京 and 徐州 both have one
        Assert.Equal("北京市", Regions.FindCity("朝阳区", beijing)?.Name);
        Assert.Equal("北京市", Regions.FindCity("朝阳", beijing)?.Name);
        Assert.Null(Regions.FindCity("中山区")); // 大连, 台北 and 基隆
        Assert.Null(Regions.FindCity("中山区", taiwan)); // still 台北 and 基隆
        Assert.Equal("大连市", Regions.FindCity("中山区", Regions.FindProvince("辽宁"))?.Name);
    }

    [Fact]
    public void A_hint_does_not_override_an_unambiguous_name()
    {
        Assert.Equal("杭州市", Regions.FindCity("杭州", Regions.FindProvince("江苏"))?.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("浙江")] // a province with many cities
    [InlineData("吉林")] // the province, not 吉林市
    [InlineData("海南")] // the province, not 海南藏族自治州
    [InlineData("火星")]
    public void Finds_no_city_when_none_or_several_are_meant(string? text) =>
        Assert.Null(Regions.FindCity(text));

    [Fact]
    public void Finds_the_same_instances_every_time()
    {
        Assert.Same(Regions.FindCity("杭州"), Regions.FindCity("杭州市"));
        Assert.Same(Regions.FindProvince("Zhejiang"), Regions.FindCity("义乌市")!.Province);
    }
}

public class CityByCodeTests
{
    [Theory]
    [InlineData("3301", "杭州市")]
    [InlineData("3307", "金华市")]
    [InlineData("4403", "深圳市")]
    public void A_city_code_as_the_engine_keeps_it_names_its_city(string code, string name) =>
        Assert.Equal(name, ChinaRegions.Default.CityByCode(code)?.Name);

    [Theory]
    [InlineData("9999")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_city_code_names_nothing(string? code) => Assert.Null(ChinaRegions.Default.CityByCode(code));

    [Fact]
    public void A_scan_view_names_its_province_and_city_beside_their_codes()
    {
        var scan = new Luyue.Core.Engine.ScanView(NodaTime.Instant.FromUnixTimeSeconds(0), "pickup", "杭州西湖区网点", "33", "3301");

        Assert.Equal(("浙江省", "杭州市"), (scan.ProvinceName, scan.CityName));
        Assert.Equal((null, null), (new Luyue.Core.Engine.ScanView(scan.At, "pickup", null, null, null) is var bare ? (bare.ProvinceName, bare.CityName) : default));
    }
}
