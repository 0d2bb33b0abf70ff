using System.Security.Cryptography;
using System.Text;

namespace Luyue.Server.Auth;

/// <summary>API keys: random, shown once, stored only as a SHA-256 hash.</summary>
public static class ApiKeys
{
    public static string NewKey() => "ly_" + Base64Url(RandomNumberGenerator.GetBytes(24));

    public static string NewId(string prefix) => prefix + "_" + Base64Url(RandomNumberGenerator.GetBytes(9));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
