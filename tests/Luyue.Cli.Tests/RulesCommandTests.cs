namespace Luyue.Cli.Tests;

public class RulesCommandTests
{
    [Fact]
    public void List_names_every_rule_of_the_seed_packs()
    {
        var result = Cli.Run("rules", "list", "--format", "json");

        Cli.AssertExit(0, result);
        foreach (var id in new[]
                 {
                     "tmall.ship-timeout", "tmall.pickup-timeout", "tmall.update-timeout", "tmall.delivery-timeout", "tmall.route-timeout",
                     "tmall.fake-sign", "taote.fake-shipping.no-pickup", "taote.fake-shipping.reused-number", "taote.late-shipment",
                     "douyin.pickup-timeout", "douyin.ship-timeout", "1688.fake-tracking.hub-stall", "1688.fake-tracking.gap",
                     "1688.fake-shipping.no-info", "1688.fake-shipping.reused-number", "1688.fake-shipping.address-mismatch",
                     "1688.fake-shipping.no-logistics",
                 })
        {
            Assert.Contains($"\"id\":\"{id}\"", result.Stdout);
        }
    }

    [Fact]
    public void Show_gives_parameters_version_and_source_article()
    {
        var result = Cli.Run("rules", "show", "tmall.pickup-timeout");

        Cli.AssertExit(0, result);
        Assert.Contains("within PT48H", result.Stdout);
        Assert.Contains("warn PT40H after start", result.Stdout);
        Assert.Contains("seeds/004_1d912fd7e3961ff6.txt", result.Stdout);
    }

    [Fact]
    public void Show_of_an_unknown_rule_lists_the_known_ones()
    {
        var result = Cli.Run("rules", "show", "tmall.nope");
        Cli.AssertExit(4, result);
        Assert.Contains("douyin.pickup-timeout", result.Stderr);
    }

    [Fact]
    public void The_repository_packs_validate()
    {
        var result = Cli.Run("rules", "validate", Cli.Repository("rules"));
        Cli.AssertExit(0, result);
        Assert.Contains("valid", result.Stdout);
    }

    [Fact]
    public void A_bad_pack_fails_with_file_json_path_and_reason()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "tmall"));
            File.WriteAllText(Path.Combine(dir.FullName, "tmall", "2020-10-12.json"), """
                {"platform":"tmall","version":"2020-10-12","effectiveFrom":"2000-01-01","source":"x",
                 "rules":[{"id":"tmall.x","title":"x","description":"x","check":"deadline","start":"paid","within":"24 hours","metBy":"shipped"},
                          {"id":"tmall.y","title":"y","description":"y","check":"deadline","start":"paid","within":"PT1H","metBy":"shipped","colour":"red"}]}
                """);
            var result = Cli.Run("rules", "validate", dir.FullName);

            Cli.AssertExit(3, result);
            Assert.Contains("2020-10-12.json: $.rules[0].within: '24 hours' is not a non-negative ISO-8601 duration", result.Stderr);
            Assert.Contains("$.rules[1].colour: unknown property", result.Stderr);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Bad_indicator_settings_fail_validation_with_file_path_and_reason()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "indicators"));
            var file = Path.Combine(dir.FullName, "indicators", "2024-01-01.json");
            File.WriteAllText(file, File.ReadAllText(Cli.Repository("rules", "indicators", "2020-10-12.json")).Replace("\"value\": 0.95", "\"value\": 95", StringComparison.Ordinal));

            var result = Cli.Run("rules", "validate", dir.FullName);

            Cli.AssertExit(3, result);
            Assert.Contains("2024-01-01.json: $.benchmark.pickupRate48h.value: missing or not a number from 0 to 1", result.Stderr);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
