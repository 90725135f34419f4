using System.Net;
using System.Net.Sockets;

namespace Digis.ServiceDefaults;

/// <summary>Whom a per-address limit counts: an IPv4 address, or an IPv6 /64 (one subscriber's: a client gets a whole /64 to pick from).</summary>
public static class ClientNetwork
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
