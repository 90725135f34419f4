using System.Net;
using System.Security.Claims;
using Digis.Api.Infrastructure;
using Digis.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Digis.Api.Live;

/// <summary>
/// The hub's clients on this instance. A client without connections is forgotten once its bucket is full
/// again (sooner would hand a client that reconnects a fresh burst).
/// </summary>
public sealed class HubClients(IOptions<HubLimitsOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HubClient> _clients = [];
    private long _sweptAt = clock.GetTimestamp();

    /// <summary>The client a connection counts against: the user, or for an anonymous overlay connection its network.</summary>
    public static (string Key, bool Anonymous) ClientOf(ClaimsPrincipal? user, IPAddress? address) =>
        user?.Identity?.IsAuthenticated == true ? ("user:" + user.UserId(), false) : ("ip:" + ClientNetworks.Of(address), true);

    /// <summary>Whether an anonymous client already holds the most connections allowed (a check before the handshake).</summary>
    public bool AtAnonymousCap(string key)
    {
        lock (_gate)
        {
            return _clients.TryGetValue(key, out var client) && client.AnonymousConnections >= options.Value.MaxOverlayConnectionsPerIp;
        }
    }

    /// <summary>Counts a new connection of <paramref name="key"/>; null when an anonymous one would pass its IP's cap.</summary>
    public HubClient? Connect(string key, bool anonymous)
    {
        var limits = options.Value;
        lock (_gate)
        {
            SweepWhenDue();
            if (!_clients.TryGetValue(key, out var client))
            {
                client = new HubClient(new TokenBucket(limits.ClientInvocationsPerSecond, limits.ClientBurst, clock));
                _clients[key] = client;
            }

            if (anonymous && client.AnonymousConnections >= limits.MaxOverlayConnectionsPerIp)
            {
                return null;
            }

            client.Connections++;
            client.AnonymousConnections += anonymous ? 1 : 0;
            return client;
        }
    }

    public void Disconnect(HubClient client, bool anonymous)
    {
        lock (_gate)
        {
            client.Connections--;
            client.AnonymousConnections -= anonymous ? 1 : 0;
        }
    }

    private void SweepWhenDue()
    {
        if (clock.GetElapsedTime(_sweptAt) < SweepInterval)
        {
            return;
        }

        _sweptAt = clock.GetTimestamp();
        foreach (var (key, client) in _clients.Where(c => c.Value.Connections == 0 && c.Value.Bucket.IsFull).ToList())
        {
            _clients.Remove(key);
        }
    }
}
