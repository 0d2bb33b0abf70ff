namespace Luyue.Cli.Tests;

/// <summary>CONTRACT.md event lines for tests that write their own small streams.</summary>
internal static class Events
{
    public static string Paid(string platform, string shop, string order, string at, decimal amount) =>
        $$$"""{"type":"order.paid","at":"{{{at}}}","platform":"{{{platform}}}","shop":"{{{shop}}}","order":"{{{order}}}","amount":{{{amount}}},"items":[{"item":"SKU","qty":1,"amount":{{{amount}}}}],"buyer":{"name":"王芳","phone":"13800000001","province":"浙江省","city":"杭州市","address":"文三路1号"},"seller":{"province":"广东省","city":"广州市"}}""";

    public static string Shipped(string order, string at, string tracking) =>
        $$"""{"type":"order.shipped","at":"{{at}}","order":"{{order}}","carrier":"sto","tracking":"{{tracking}}"}""";

    public static string Scan(string at, string kind, string tracking) =>
        $$"""{"type":"scan","at":"{{at}}","carrier":"sto","tracking":"{{tracking}}","kind":"{{kind}}"}""";

    public static string Refund(string order, string at, decimal amount) =>
        $$"""{"type":"order.refunded","at":"{{at}}","order":"{{order}}","amount":{{amount}}}""";

    public static string Filing(string order, string filing, string at, string reason) =>
        $$"""{"type":"filing.submitted","at":"{{at}}","order":"{{order}}","filing":"{{filing}}","reason":"{{reason}}"}""";

    public static string Decision(string filing, string at, bool approved = true) =>
        $$"""{"type":"filing.decided","at":"{{at}}","filing":"{{filing}}","approved":{{(approved ? "true" : "false")}}}""";

    public static string Clock(string at) => $$"""{"type":"clock","at":"{{at}}"}""";

    public static string Stream(params string[] lines) => string.Join('\n', lines) + "\n";
}
