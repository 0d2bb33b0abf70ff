namespace Luyue.Core.Geography;

/// <summary>A province-level division: province, autonomous region, municipality or special administrative region.</summary>
/// <param name="Code">The 2-digit GB/T 2260 code (33 浙江, 81 Hong Kong, 82 Macao, 71 Taiwan).</param>
/// <param name="Name">The official name: 浙江省, 新疆维吾尔自治区, 北京市, 香港特别行政区.</param>
/// <param name="ShortName">The everyday name used in addresses and rule packs: 浙江, 新疆, 北京, 香港.</param>
public sealed record Province(string Code, string Name, string ShortName);
