using System.Text.Json;

namespace Luyue.Cli.Tests;

/// <summary>The generator and the engine against each other, through the built CLI.</summary>
public class GenerateCommandTests
{
    private static string Generate(params string[] args)
    {
        var result = Cli.Run(["generate", .. args]);
        Cli.AssertExit(0, result);
        return result.Stdout;
    }

    private static List<JsonElement> Replay(string events)
    {
        var result = Cli.RunWithInput(events, "replay", "-");
        Cli.AssertExit(0, result);
        Assert.Contains(" 0 rejected", result.Stderr);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes()
    {
        Assert.Equal(Generate("--orders", "300", "--seed", "11"), Generate("--orders", "300", "--seed", "11"));
        Assert.NotEqual(Generate("--orders", "300", "--seed", "11"), Generate("--orders", "300", "--seed", "12"));
    }

    [Fact]
    public void A_clean_stream_breaks_no_rule()
    {
        var findings = Replay(Generate("--orders", "3000", "--seed", "5", "--clean"));
        Assert.DoesNotContain(findings, f => f.GetProperty("kind").GetString() is "violation" or "exempted" or "retracted");
    }

    [Fact]
    public void Injected_trouble_is_found_by_the_matching_rules()
    {
        var events = Generate("--orders", "3000", "--seed", "5", "--clean",
            "--share", "NoPickup=0.1", "--share", "HubStall=0.1", "--share", "LateShipment=0.1", "--share", "LateEvidence=0.1");
        var rules = Replay(events).Where(f => f.GetProperty("kind").GetString() == "violation")
            .Select(f => f.GetProperty("rule").GetString()).ToHashSet();

        Assert.Contains("taote.fake-shipping.no-pickup", rules);
        Assert.Contains("1688.fake-shipping.no-info", rules);
        Assert.Contains("1688.fake-tracking.hub-stall", rules);
        Assert.Contains("tmall.ship-timeout", rules);
        Assert.Contains("douyin.ship-timeout", rules);
    }

    [Fact]
    public void Late_evidence_is_retracted()
    {
        var findings = Replay(Generate("--orders", "3000", "--seed", "9", "--clean", "--share", "LateEvidence=0.2"));
        Assert.Contains(findings, f => f.GetProperty("kind").GetString() == "retracted");
        Assert.DoesNotContain(findings, f => f.GetProperty("kind").GetString() == "violation"
            && !findings.Any(r => r.GetProperty("kind").GetString() == "retracted"
                                  && r.GetProperty("order").GetString() == f.GetProperty("order").GetString()
                                  && r.GetProperty("rule").GetString() == f.GetProperty("rule").GetString()));
    }

    [Theory]
    [InlineData("Teleport=0.5")]
    [InlineData("3=0.5")] // the enum's number: not a kind a user can name
    [InlineData("Gap,Refund=0.5")]
    [InlineData("hub-stall")]
    public void A_bad_share_is_refused_with_the_kinds_listed_as_the_summary_spells_them(string share)
    {
        var result = Cli.Run("generate", "--orders", "10", "--share", share);
        Cli.AssertExit(2, result);
        Assert.Contains($"--share: '{share}' is not KIND=SHARE", result.Stderr);
        Assert.Contains("late-shipment, no-pickup, late-pickup, hub-stall", result.Stderr);
    }

    /// <summary>The summary's spelling (late-shipment) and the enum's (LateShipment) name the same kind.</summary>
    [Fact]
    public void A_kind_may_be_named_as_the_summary_spells_it()
    {
        var summarySpelling = Cli.Run("generate", "--orders", "200", "--seed", "3", "--clean", "--share", "late-shipment=0.3", "--share", "hub-stall=0.2");
        var enumSpelling = Cli.Run("generate", "--orders", "200", "--seed", "3", "--clean", "--share", "LateShipment=0.3", "--share", "hubstall=0.2");

        Cli.AssertExit(0, summarySpelling);
        Cli.AssertExit(0, enumSpelling);
        Assert.Contains("late-shipment 6", summarySpelling.Stderr);
        Assert.Equal(enumSpelling.Stdout, summarySpelling.Stdout);
    }

    [Fact]
    public void Exclusive_shares_over_one_are_refused_in_the_summarys_terms()
    {
        var result = Cli.Run("generate", "--orders", "10", "--clean", "--share", "late-shipment=0.7", "--share", "no-pickup=0.6");
        Cli.AssertExit(2, result);
        Assert.Contains("the shares of the exclusive kinds (all but duplicate and out-of-order) add up to 1.3", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("--share", "gap=1.5", "--share: 'gap=1.5': a share is between 0 and 1")]
    [InlineData("--share", "gap=NaN", "--share: 'gap=NaN': a share is between 0 and 1")]
    [InlineData("--orders", "-5", "--orders: must not be negative (got -5)")]
    [InlineData("--orders-per-day", "0", "--orders-per-day: must be between 1 and 100,000,000 (got 0)")]
    public void An_out_of_range_setting_is_refused_naming_the_option(string option, string value, string error)
    {
        var result = Cli.Run("generate", option, value);
        Cli.AssertExit(2, result);
        Assert.Contains(error, result.Stderr);
        Assert.DoesNotContain("(Parameter", result.Stderr);
        Assert.Equal("", result.Stdout.Trim());
    }
}
