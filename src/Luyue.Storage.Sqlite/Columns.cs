using System.Globalization;
using Luyue.Core.Storage;
using NodaTime;
using NodaTime.Text;

namespace Luyue.Storage.Sqlite;

/// <summary>How values are written to SQLite columns and read back.</summary>
internal static class Columns
{
    /// <summary>Instants are INTEGER Unix milliseconds; anything finer is dropped (the same on every store).</summary>
    public static long Millis(Instant instant) => instant.ToUnixTimeMilliseconds();

    public static Instant Instant(long millis) => NodaTime.Instant.FromUnixTimeMilliseconds(millis);

    public static Instant ToMillisecond(Instant instant) => Instant(Millis(instant));

    /// <summary>Invariant text keeps the amount exact, scale included (1.50 stays 1.50).</summary>
    public static string? Amount(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture);

    public static decimal? Amount(string? text) => text is null ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).Value;

    // Enums are stored by name, not number, so reordering a member never changes what stored rows mean.
    public static string Role(Role role) => role switch
    {
        Core.Storage.Role.Merchant => "merchant",
        Core.Storage.Role.Reviewer => "reviewer",
        Core.Storage.Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    public static Role Role(string text) => text switch
    {
        "merchant" => Core.Storage.Role.Merchant,
        "reviewer" => Core.Storage.Role.Reviewer,
        "admin" => Core.Storage.Role.Admin,
        _ => throw new InvalidDataException($"unknown role '{text}' in api_keys"),
    };

    public static string State(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivered => "delivered",
        DeliveryState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown delivery state"),
    };

    public static DeliveryState State(string text) => text switch
    {
        "pending" => DeliveryState.Pending,
        "delivered" => DeliveryState.Delivered,
        "dead" => DeliveryState.Dead,
        _ => throw new InvalidDataException($"unknown delivery state '{text}' in deliveries"),
    };
}
