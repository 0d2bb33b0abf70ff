using System.Security.Cryptography;
using System.Text;

namespace Luyue.Adapters;

/// <summary>
/// The signatures each carrier feed puts on a push, checked in constant time. Each is the sender's published scheme;
/// the secret is the one the merchant registered with that sender.
/// </summary>
public static class Signatures
{
    /// <summary>Kuaidi100: <c>sign = MD5(param + salt)</c>, 32 upper-case hex digits (compared ignoring case).</summary>
    public static string Kuaidi100(string param, string salt) =>
        Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(param + salt)));

    /// <summary>
    /// KDNiao: <c>DataSign = Base64(MD5(RequestData + AppKey))</c>, where the MD5 is its 32 lower-case hex digits (as
    /// KDNiao's sample code computes it), URL-encoded on the wire (form decoding undoes that).
    /// </summary>
    public static string Kdniao(string requestData, string appKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(requestData + appKey)))));

    /// <summary>AfterShip-style: <c>Base64(HMAC-SHA256(secret, raw body))</c> in the <c>aftership-hmac-sha256</c> header.</summary>
    public static string AfterShip(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Whether <paramref name="given"/> equals <paramref name="expected"/>, case-insensitively for hex, in constant time.</summary>
    public static bool Matches(string? given, string expected, bool ignoreCase)
    {
        if (given is null)
        {
            return false;
        }

        var a = Encoding.UTF8.GetBytes(ignoreCase ? given.Trim().ToUpperInvariant() : given.Trim());
        var b = Encoding.UTF8.GetBytes(ignoreCase ? expected.ToUpperInvariant() : expected);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
