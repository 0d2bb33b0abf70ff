using System.Text.Json;
using Luyue.Core.Rules;
using NodaTime;

namespace Luyue.Core.Tests.Rules;

public class RuleBookTests
{
    private static readonly string[] IssueRules =
    [
        "tmall.ship-timeout", "tmall.pickup-timeout", "tmall.update-timeout", "tmall.delivery-timeout", "tmall.route-timeout", "tmall.fake-sign",
        "taote.fake-shipping.no-pickup", "taote.fake-shipping.reused-number", "taote.late-shipment",
        "douyin.pickup-timeout", "douyin.ship-timeout",
        "1688.fake-tracking.hub-stall", "1688.fake-tracking.gap", "1688.fake-shipping.no-info", "1688.fake-shipping.reused-number",
        "1688.fake-shipping.address-mismatch", "1688.fake-shipping.no-logistics",
    ];

    [Fact]
    public void The_embedded_packs_hold_every_time_based_rule_of_RULES_sections_1_to_5_2()
    {
        var ids = RuleBook.Embedded.Packs.SelectMany(p => p.Rules).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(IssueRules.ToHashSet(StringComparer.Ordinal), ids);
    }

    /// <summary>RULES §8 prices Douyin fraud shipping (30 %, 10–500) without giving it an id; this is ours.</summary>
    private const string UnnamedInReference = "douyin.fraud-shipping";

    [Fact]
    public void Every_rule_id_appears_in_the_rules_reference()
    {
        var reference = File.ReadAllText(SharedData.Path("RULES.md"));
        // Olist (a marketplace outside China, the adapters' worked example) is not in RULES.md: its rules are documented
        // with the mapping that feeds them, in docs/adapters.md.
        var adapters = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "adapters.md"));
        foreach (var pack in RuleBook.Embedded.Packs)
        {
            foreach (var rule in pack.Rules.Where(r => r.Id != UnnamedInReference))
            {
                Assert.Contains($"`{rule.Id}`", pack.Platform == "olist" ? adapters : reference, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void An_order_is_judged_by_the_version_in_force_at_payment()
    {
        var book = RuleBook.Embedded;
        Assert.Equal("2020-10-12", book.PackFor("tmall", Instant.FromUtc(2024, 1, 1, 0, 0))!.Version);
        Assert.Null(book.PackFor("tmall", Instant.FromUtc(1999, 1, 1, 0, 0)));
        Assert.Null(book.PackFor("aliexpress", Instant.FromUtc(2024, 1, 1, 0, 0)));
    }

    [Fact]
    public void The_schema_declares_every_property_the_reader_accepts()
    {
        // The reader is the authority; the schema is for editors. This keeps the two from drifting apart.
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "rules", "rule-pack.schema.json")));
        var top = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var rule = schema.RootElement.GetProperty("$defs").GetProperty("rule").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var pack in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "rules"), "*.json", SearchOption.AllDirectories)
                     .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal) && !f.Contains("/common/", StringComparison.Ordinal)
                     && !f.Contains("/indicators/", StringComparison.Ordinal))) // indicator settings are not packs
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(pack));
            Assert.Subset(top, doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
            foreach (var r in doc.RootElement.GetProperty("rules").EnumerateArray())
            {
                Assert.Subset(rule, r.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
            }
        }

        Assert.Equal(RulePackReader.CheckNames.Keys.Order(StringComparer.Ordinal),
            schema.RootElement.GetProperty("$defs").GetProperty("rule").GetProperty("properties").GetProperty("check").GetProperty("enum")
                .EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"platform":"tmall","version":"v","effectiveFrom":"2000-01-01","source":"s","rules":[{"id":"tmall.a","title":"t","description":"d","check":"deadline","start":"paid","metBy":"shipped"}]}""", "$.rules[0]", "exactly one of 'within', 'calendar' or 'route'")]
    [InlineData("""{"platform":"tmall","version":"v","effectiveFrom":"2000-01-01","source":"s","rules":[{"id":"douyin.a","title":"t","description":"d","check":"complaint","complaintKind":"fake-sign"}]}""", "$.rules[0].id", "must start with the pack's platform")]
    [InlineData("""{"platform":"tmall","version":"v","effectiveFrom":"2000-13-01","source":"s","rules":[]}""", "$.effectiveFrom", "is not a date")]
    [InlineData("""{"platform":"tmall","version":"v","effectiveFrom":"2000-01-01","source":"s","regions":{"remote":["火星"]},"rules":[]}""", "$.regions.remote[0]", "is not a Chinese province-level region")]
    [InlineData("""{"platform":"tmall","version":"v","effectiveFrom":"2000-01-01","source":"s","rules":[{"id":"tmall.a","title":"t","description":"d","check":"deadline","start":"paid","within":"PT8H","warn":{"after":"PT9H"},"metBy":"shipped"}]}""", "$.rules[0].warn.after", "must come before the deadline")]
    [InlineData("""{"platform":"tmall","version":"v","effectiveFrom":"2000-01-01","source":"s","timeZone":"Mars/Olympus","rules":[]}""", "$.timeZone", "not a known IANA time zone")]
    public void Invalid_packs_are_refused_with_path_and_reason(string json, string path, string reason)
    {
        var ex = Assert.Throws<RulePackException>(() => RulePackReader.Read("tmall/v.json", System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains(ex.Errors, e => e.File == "tmall/v.json" && e.Path == path && e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Luyue.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Luyue.slnx");
    }
}
