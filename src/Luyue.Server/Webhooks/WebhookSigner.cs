using System.Security.Cryptography;
using System.Text;

namespace Luyue.Server.Webhooks;

/// <summary>
/// Delivery signatures: header <c>Luyue-Signature: v1=HEX</c>, the HMAC-SHA256 with the webhook's secret over
/// <c>TIMESTAMP + "." + BODY</c>, with <c>Luyue-Timestamp</c> the Unix seconds of the attempt. Receivers recompute it
/// and reject old timestamps, which stops replays.
/// </summary>
public static class WebhookSigner
{
    public const string SignatureHeader = "Luyue-Signature";
    public const string TimestampHeader = "Luyue-Timestamp";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    public static bool Verify(string secret, long unixSeconds, string body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, unixSeconds, body)), Encoding.ASCII.GetBytes(signature));
}
