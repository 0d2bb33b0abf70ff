using Luyue.Core.Events;
using Luyue.Simulation.Commerce;
using Luyue.Simulation.Geography;
using Luyue.Simulation.People;
using Luyue.Simulation.Randomness;
using Luyue.Simulation.Timeline;
using NodaTime;

namespace Luyue.Simulation.Emission;

/// <summary>
/// One generation: payments arrive in time order; each is planned in full and parked in the reorder buffer;
/// before the next payment, every event due by then is rendered and emitted. At the end the buffer drains and a
/// clock event, some two weeks past the last activity, lets every timer fire. Counts are kept as events go out.
/// Single use, not thread-safe.
/// </summary>
internal sealed class GenerationRun
{
    /// <summary>The closing clock stands this long after the last event: longer than any route timer plus its penalty delay.</summary>
    private const long Settle = 15 * ShanghaiTime.Day;

    private readonly GeneratorOptions options;
    private readonly PaymentArrivals arrivals;
    private readonly OrderPlanner planner;
    private readonly EventMaterializer materializer;
    private readonly ReorderBuffer buffer;
    private readonly long[] violations = new long[Enum.GetValues<ViolationKind>().Length];
    private readonly long[] eligible = new long[Enum.GetValues<ViolationKind>().Length];
    private readonly SortedDictionary<string, long> byPlatform = new(StringComparer.Ordinal);
    private long events;
    private long duplicates;
    private long lastAt;
    private Instant? firstEventAt;
    private Instant? clockAt;
    private bool started;

    /// <summary>Called with each order's plan as it is made; lets tests see which faults went where.</summary>
    internal Action<OrderPlan>? OnPlanned { get; init; }

    public GenerationRun(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        // Negative seeds are as good as positive ones: reinterpret the bits rather than reject them.
        var seed = unchecked((ulong)(uint)options.Seed);
        var places = PlaceTable.Default;
        var platformChoice = new WeightedChoice<PlatformProfile>(options.Platforms.Weights.Select(w => (PlatformProfile.ByCode(w.Platform), w.Weight)));
        var orders = new OrderFactory(new ShopCatalog(seed, places), new BuyerFactory(places), new OrderNumbers(seed), platformChoice);
        var start = options.Start.ToUnixTimeSeconds();
        arrivals = new PaymentArrivals(start, options.EffectiveOrdersPerDay, new Prng(Prng.Mix(seed, 0xA221)));
        planner = new OrderPlanner(seed, options.Violations, places, orders, new Carriers.TrackingNumbers(seed), new RoutePlanner(places));
        materializer = new EventMaterializer(places, options.LabelMilestones);
        lastAt = start;
        buffer = new ReorderBuffer(start);
        foreach (var platform in PlatformProfile.All)
        {
            byPlatform[platform.Code] = 0;
        }
    }

    /// <summary>The stream, lazily: nothing is planned before the caller asks for the first event.</summary>
    public IEnumerable<FulfilmentEvent> Events()
    {
        if (started)
        {
            throw new InvalidOperationException("a generation run can be enumerated once");
        }

        started = true;
        for (var index = 0; index < options.Orders; index++)
        {
            var paidAt = arrivals.Next();
            // Everything already planned that is due by this payment goes out first: later orders only add later events.
            while (buffer.TryPeekDue(paidAt, out var due))
            {
                yield return Emit(due);
            }

            var plan = planner.Plan(index, paidAt);
            Count(plan);
            OnPlanned?.Invoke(plan);
            buffer.Add(plan);
        }

        while (buffer.TryPeekDue(long.MaxValue, out var due))
        {
            yield return Emit(due);
        }

        var clock = Instant.FromUnixTimeSeconds(ShanghaiTime.StartOfDay(lastAt + Settle) + ShanghaiTime.Day);
        clockAt = clock;
        events++;
        yield return new ClockTick("clock-end", clock);
    }

    /// <summary>The counts of the stream so far; complete once <see cref="Events"/> has been enumerated to the end.</summary>
    public GeneratorSummary Summary()
    {
        var kinds = Enum.GetValues<ViolationKind>();
        var injected = new SortedDictionary<ViolationKind, long>();
        var couldHave = new SortedDictionary<ViolationKind, long>();
        foreach (var kind in kinds)
        {
            injected[kind] = violations[(int)kind];
            couldHave[kind] = eligible[(int)kind];
        }

        var orders = byPlatform.Values.Sum();
        return new GeneratorSummary(orders, events, duplicates, firstEventAt, clockAt ?? Instant.FromUnixTimeSeconds(lastAt),
            new SortedDictionary<string, long>(byPlatform, StringComparer.Ordinal), injected, couldHave, buffer.Peak);
    }

    private FulfilmentEvent Emit(OrderPlan plan)
    {
        ref readonly var step = ref plan.NextStep;
        var evt = materializer.Render(plan, step);
        if (step.IsCopy)
        {
            duplicates++;
        }

        lastAt = Math.Max(lastAt, step.At);
        firstEventAt ??= evt.At;
        events++;
        plan.Advance();
        buffer.Requeue(plan);
        return evt;
    }

    private void Count(OrderPlan plan)
    {
        byPlatform[plan.Platform.Code]++;
        foreach (var kind in StoryPicker.ExclusiveKinds)
        {
            if (StoryPicker.Applies(kind, plan.Platform, plan.Abroad))
            {
                eligible[(int)kind]++;
            }
        }

        eligible[(int)ViolationKind.Duplicate]++;
        if (plan.ShuffleEligible)
        {
            eligible[(int)ViolationKind.OutOfOrder]++;
        }

        if (plan.Story is { } story)
        {
            violations[(int)story]++;
        }

        if (plan.Duplicated)
        {
            violations[(int)ViolationKind.Duplicate]++;
        }

        if (plan.Shuffled)
        {
            violations[(int)ViolationKind.OutOfOrder]++;
        }
    }
}
