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

    [Fact]
    public void A_bad_share_is_refused_with_the_kinds_listed()
    {
        var result = Cli.Run("generate", "--orders", "10", "--share", "Teleport=0.5");
        Cli.AssertExit(2, result);
        Assert.Contains("HubStall", result.Stderr);
    }
}
