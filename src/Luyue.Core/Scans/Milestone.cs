namespace Luyue.Core.Scans;

/// <summary>The milestones of RULES.md §1 that raw carrier scans are normalised into.</summary>
public enum Milestone : byte
{
    Unknown = 0,
    Pickup,
    HubArrival,
    HubDeparture,
    Transit,
    OutForDelivery,
    Signed,
    Returned,
    Exception,
    Transfer,
}

public static class MilestoneText
{
    /// <summary>The CONTRACT.md spelling (<c>hub-arrival</c>, <c>out-for-delivery</c>, ...).</summary>
    public static string ToText(this Milestone milestone) => milestone switch
    {
        Milestone.Pickup => "pickup",
        Milestone.HubArrival => "hub-arrival",
        Milestone.HubDeparture => "hub-departure",
        Milestone.Transit => "transit",
        Milestone.OutForDelivery => "out-for-delivery",
        Milestone.Signed => "signed",
        Milestone.Returned => "returned",
        Milestone.Exception => "exception",
        Milestone.Transfer => "transfer",
        _ => "unknown",
    };

    public static bool TryParse(string? text, out Milestone milestone)
    {
        milestone = text switch
        {
            "pickup" => Milestone.Pickup,
            "hub-arrival" => Milestone.HubArrival,
            "hub-departure" => Milestone.HubDeparture,
            "transit" => Milestone.Transit,
            "out-for-delivery" => Milestone.OutForDelivery,
            "signed" => Milestone.Signed,
            "returned" => Milestone.Returned,
            "exception" => Milestone.Exception,
            "transfer" => Milestone.Transfer,
            _ => Milestone.Unknown,
        };
        return milestone != Milestone.Unknown;
    }
}
