using System.Net;
using System.Net.Sockets;

namespace Digis.ServiceDefaults;

/// <summary>
/// What per-address limits count a client by (the gateway's rate limits, the hub's anonymous connections): an IPv4
/// address, or an IPv6 /64 — one subscriber's, since a client is given a whole /64 to pick addresses from, and
/// counting each address apart would give it 2⁶⁴ buckets.
/// </summary>
public static class ClientNetworks
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
