using NodaTime;

namespace Luyue.Server.Tests;

/// <summary>A clock the test moves (NodaTime.Testing's FakeClock does not restore here). Thread-safe.</summary>
public sealed class ManualClock(Instant start) : IClock
{
    private long ticks = start.ToUnixTimeTicks();

    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref ticks));

    public void Advance(Duration by) => Interlocked.Add(ref ticks, by.BclCompatibleTicks);

    public void Set(Instant to) => Interlocked.Exchange(ref ticks, to.ToUnixTimeTicks());
}
