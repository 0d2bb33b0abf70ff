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
        // A retraction or revocation for late evidence is stamped with the engine clock when the evidence arrived. Live,
        // that clock has also moved with the wall clock between batches, which a restart cannot reproduce (it replays
        // each batch at its arrival time), so it is identified by what it takes back (rule, order, deadline …), not by
        // when: otherwise recovery would store a second copy stamped with another time.
        long? at = f.Kind is FindingKind.Retracted or FindingKind.Revoked ? null : f.At.ToUnixTimeTicks();
        var text = string.Join('|', f.Kind.ToText(), f.Rule, f.Order, at, f.Tracking, f.Deadline?.ToUnixTimeTicks(),
            f.Occurrence, f.Shop, f.Item, f.Day?.ToString("yyyy-MM-dd", null), f.Reason);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
