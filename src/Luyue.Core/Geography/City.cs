namespace Luyue.Core.Geography;

/// <summary>
/// A prefecture-level city (杭州市, 海南藏族自治州, 阿克苏地区), or what plays that part in an address: a municipality
/// (上海市), Hong Kong or Macao as a whole, or a county-level city governed directly by its province (仙桃市).
/// </summary>
/// <param name="Code">The 4-digit code (3301); a municipality's is its <c>xx01</c> code; a province-governed county-level city keeps its 6-digit code.</param>
/// <param name="Name">The official name: 杭州市, 上海市, 仙桃市.</param>
/// <param name="Province">The province it belongs to.</param>
public sealed record City(string Code, string Name, Province Province);
