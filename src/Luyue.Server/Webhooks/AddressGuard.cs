using System.Net;
using System.Net.Sockets;

namespace Luyue.Server.Webhooks;

/// <summary>
/// Refuses webhook targets on loopback, private, link-local and other internal ranges unless configuration allows
/// them: a tenant must not be able to make the server call into its own network. Checked when a webhook is
/// registered and again when each connection is made (a name can resolve differently later).
/// </summary>
public static class AddressGuard
{
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                   || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                   || (b[0] == 192 && b[1] == 168)
                   || (b[0] == 169 && b[1] == 254)
                   || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                   || b[0] == 0 || b[0] >= 224;
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
               || (address.GetAddressBytes()[0] & 0xFE) == 0xFC; // fc00::/7 unique local
    }

    /// <summary>Why a URL cannot be a webhook target, or null when it can.</summary>
    public static async Task<string?> RefusalAsync(string url, bool allowInternal, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "must be an absolute http or https URL";
        }

        if (allowInternal)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, ct);
        }
        catch (SocketException ex)
        {
            return $"the host '{uri.Host}' does not resolve ({ex.SocketErrorCode})";
        }

        return addresses.FirstOrDefault(IsInternal) is { } blocked
            ? $"'{uri.Host}' is {blocked}, an internal address; loopback and private-range targets are refused (setting Luyue:AllowPrivateWebhooks allows them)"
            : null;
    }
}
