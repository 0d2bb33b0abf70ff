namespace Luyue.Simulation.Tests;

public class OptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_small()
    {
        var options = new GeneratorOptions();
        options.Validate();
        Assert.Equal(new NodaTime.OffsetDateTime(new NodaTime.LocalDateTime(2024, 6, 1, 0, 0), NodaTime.Offset.FromHours(8)).ToInstant(), options.Start);
        Assert.All(Enum.GetValues<ViolationKind>(), kind => Assert.InRange(options.Violations.ShareOf(kind), 0.001, 0.05));
    }

    [Theory]
    [InlineData(1_000, 200)]
    [InlineData(140_000, 10_000)]
    [InlineData(5_000_000, 50_000)]
    public void The_daily_rate_is_derived_from_the_order_count_unless_set(int orders, int perDay)
    {
        Assert.Equal(perDay, new GeneratorOptions { Orders = orders }.EffectiveOrdersPerDay);
        Assert.Equal(7, new GeneratorOptions { Orders = orders, OrdersPerDay = 7 }.EffectiveOrdersPerDay);
    }

    [Fact]
    public void Invalid_settings_are_refused_with_the_setting_named()
    {
        Assert.Contains("Orders", Refused(new GeneratorOptions { Orders = -1 }), StringComparison.Ordinal);
        Assert.Contains("OrdersPerDay", Refused(new GeneratorOptions { OrdersPerDay = 0 }), StringComparison.Ordinal);
        Assert.Contains("Violations.HubStall", Refused(new GeneratorOptions { Violations = new ViolationMix { HubStall = 1.5 } }), StringComparison.Ordinal);
        Assert.Contains("exclusive", Refused(new GeneratorOptions { Violations = ViolationMix.None with { Gap = 0.6, Refund = 0.6 } }), StringComparison.Ordinal);
        Assert.Contains("Platforms", Refused(new GeneratorOptions { Platforms = new PlatformMix { Tmall = 0, Taote = 0, Douyin = 0, Alibaba1688 = 0, AliExpress = 0 } }), StringComparison.Ordinal);
        Assert.Contains("Platforms.tmall", Refused(new GeneratorOptions { Platforms = new PlatformMix { Tmall = -1 } }), StringComparison.Ordinal);
    }

    [Fact]
    public void Overlays_may_be_given_to_every_order_on_top_of_a_full_exclusive_mix()
    {
        ViolationMix.None.With(ViolationKind.Gap, 1).With(ViolationKind.Duplicate, 1).With(ViolationKind.OutOfOrder, 1).Validate();
    }

    [Fact]
    public void Kind_names_round_trip()
    {
        foreach (var kind in Enum.GetValues<ViolationKind>())
        {
            Assert.True(ViolationKindText.TryParse(kind.ToText(), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.False(ViolationKindText.TryParse("HubStall", out _));
    }

    [Fact]
    public void No_orders_still_make_a_stream_that_ends_with_a_clock()
    {
        var events = new EventGenerator().Generate(new GeneratorOptions { Orders = 0 }).ToList();
        Assert.IsType<Core.Events.ClockTick>(Assert.Single(events));
    }

    private static string Refused(GeneratorOptions options) => Assert.ThrowsAny<ArgumentException>(options.Validate).Message;
}
