using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Luyue.Adapters;

/// <summary>
/// Event ids derived from what an event says, so that a feed delivered again yields the same ids and the engine's
/// idempotency (a second event with the same id is a duplicate) drops it. Kuaidi100 repeats the whole history in
/// every push and KDNiao resends on timeouts; without stable ids each push would add every scan again.
/// </summary>
public static class StableIds
{
    /// <summary>
    /// One scan: the carrier (already normalised, so the same scan reached through Kuaidi100 and KDNiao is one scan),
    /// the number, the second it happened and its text. Not the source or its codes, which differ between aggregators.
    /// </summary>
    public static string Scan(string carrier, string tracking, Instant at, string? text) =>
        "scan-" + Hash(carrier, tracking, at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), text ?? "");

    /// <summary>An order-level event of an import: the feed, the kind of event and the keys that make it unique.</summary>
    public static string Of(string feed, string kind, params string[] keys) => $"{feed}-{kind}-" + Hash(keys);

    private static string Hash(params string[] parts)
    {
        // Unit separators keep ("ab","c") and ("a","bc") apart.
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(bytes, 0, 12);
    }
}
