using System.Security.Cryptography;
using System.Text;
using Luyue.Core.Findings;

namespace Luyue.Server.Engine;

/// <summary>
/// A finding's identity: the same finding derived twice (live, then again when a restart replays the events) gets the
/// same key, so the store keeps it once.
/// </summary>
public static class FindingKeys
{
    public static string Of(Finding f)
    {
        var text = string.Join('|', f.Kind.ToText(), f.Rule, f.Order, f.At.ToUnixTimeTicks(), f.Tracking, f.Deadline?.ToUnixTimeTicks(),
            f.Occurrence, f.Shop, f.Item, f.Day?.ToString("yyyy-MM-dd", null), f.Reason);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
