namespace Luyue.Simulation.Carriers;

/// <summary>The carriers CONTRACT.md streams use, by code and by a stable index (for per-carrier counters).</summary>
internal static class CarrierRegistry
{
    public static readonly CarrierStyle Zto = new ZtoStyle();
    public static readonly CarrierStyle Yto = new YtoStyle();
    public static readonly CarrierStyle Sto = new StoStyle();
    public static readonly CarrierStyle Yunda = new YundaStyle();
    public static readonly CarrierStyle Best = new BestStyle();
    public static readonly CarrierStyle Sf = new SfStyle();
    public static readonly CarrierStyle Jd = new JdStyle();
    public static readonly CarrierStyle Ems = new EmsStyle();
    public static readonly CarrierStyle Jt = new JtStyle();

    public static IReadOnlyList<CarrierStyle> All { get; } = [Zto, Yto, Sto, Yunda, Best, Sf, Jd, Ems, Jt];

    public static int IndexOf(CarrierStyle carrier)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (ReferenceEquals(All[i], carrier))
            {
                return i;
            }
        }

        throw new ArgumentException($"carrier {carrier.Code} is not registered", nameof(carrier));
    }

    public static CarrierStyle ByCode(string code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.Ordinal))
        ?? throw new ArgumentException($"unknown carrier '{code}'", nameof(code));
}
