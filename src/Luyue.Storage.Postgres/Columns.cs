using Luyue.Core.Storage;
using NodaTime;

namespace Luyue.Storage.Postgres;

/// <summary>How values are written to PostgreSQL columns and read back.</summary>
internal static class Columns
{
    /// <summary>
    /// A timestamptz value: the instant to the whole millisecond, which is what SQLite keeps, so both stores give back
    /// the same instant. Npgsql writes a UTC <see cref="DateTime"/> as timestamptz.
    /// </summary>
    public static DateTime Timestamp(Instant instant) => ToMillisecond(instant).ToDateTimeUtc();

    public static Instant Instant(DateTime timestamp) => NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(timestamp, DateTimeKind.Utc));

    public static Instant ToMillisecond(Instant instant) => NodaTime.Instant.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    public static DateOnly Date(LocalDate date) => date.ToDateOnly();

    public static LocalDate Date(DateOnly date) => LocalDate.FromDateOnly(date);

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
