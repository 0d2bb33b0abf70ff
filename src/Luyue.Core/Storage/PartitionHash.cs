namespace Luyue.Core.Storage;

/// <summary>
/// The partition hash of an order key (docs/architecture.md): stable across processes and machines (FNV-1a over the
/// tenant and the order id), so that a partition assignment stored today routes the same way tomorrow.
/// </summary>
public static class PartitionHash
{
    public static uint Of(string tenant, string order)
    {
        var hash = 2166136261u;
        foreach (var c in tenant)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        hash = unchecked((hash ^ 1u) * 16777619u);
        foreach (var c in order)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
