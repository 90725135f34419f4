using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Digis.Api.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Digis.Api.Live;

/// <summary>The <c>Hub</c> configuration section: what one hub connection and one client may do (SPEC §14).</summary>
public sealed class HubLimitsOptions
{
    public const string Section = "Hub";

    /// <summary>Invocations per second one connection gets back.</summary>
    public double InvocationsPerSecond { get; set; } = 5;

    /// <summary>Invocations one connection may make at once.</summary>
    public int Burst { get; set; } = 20;

    /// <summary>Invocations per second a client (a user, or an IP for anonymous overlays) gets back over all its connections.</summary>
    public double ClientInvocationsPerSecond { get; set; } = 20;

    public int ClientBurst { get; set; } = 60;

    /// <summary>Anonymous overlay connections open at once from one IP (IPv6: one /64); more are refused at connect.</summary>
    public int MaxOverlayConnectionsPerIp { get; set; } = 20;

    /// <summary>Failed <c>JoinOverlay</c> calls after which the connection is closed.</summary>
    public int MaxFailedOverlayJoins { get; set; } = 5;

    public bool IsValid() =>
        InvocationsPerSecond > 0 && Burst >= 1 && ClientInvocationsPerSecond > 0 && ClientBurst >= 1
        && MaxOverlayConnectionsPerIp >= 1 && MaxFailedOverlayJoins >= 1;
}

/// <summary>A client's share of the hub: its invocation bucket and how many connections it holds.</summary>
public sealed class HubClient(TokenBucket bucket)
{
    public TokenBucket Bucket { get; } = bucket;

    public int Connections { get; set; }

    public int AnonymousConnections { get; set; }
}

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
        user?.Identity?.IsAuthenticated == true ? ("user:" + user.UserId(), false) : ("ip:" + ClientNetwork(address), true);

    /// <summary>An IPv4 address, or an IPv6 /64 (<see cref="Digis.ServiceDefaults.ClientNetwork"/>).</summary>
    public static string ClientNetwork(IPAddress? address) => Digis.ServiceDefaults.ClientNetwork.Of(address);

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

/// <summary>
/// Limits the live hub (SPEC §14): token buckets per connection and per client (the user; for anonymous
/// overlay connections, the IP) answer an invocation over either with <c>HubException("rate-limited")</c>;
/// an IP holds at most <see cref="HubLimitsOptions.MaxOverlayConnectionsPerIp"/> anonymous connections
/// (more are refused with 429 before the handshake, or closed with <c>too-many-connections</c> when they
/// race past that check); a connection whose
/// <see cref="LiveHub.JoinOverlay"/> keeps failing is closed.
/// </summary>
public sealed partial class HubLimitsFilter(
    HubClients clients, IOptions<HubLimitsOptions> options, TimeProvider clock, ILogger<HubLimitsFilter> logger) : IHubFilter
{
    private static readonly object StateKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var caller = context.Context;
        var (key, anonymous) = HubClients.ClientOf(caller.User, caller.GetHttpContext()?.Connection.RemoteIpAddress);
        // Normally refused before the handshake (AnonymousHubConnectionGate); here only when connections raced past it.
        var client = clients.Connect(key, anonymous) ?? throw new HubException("too-many-connections");

        var limits = options.Value;
        caller.Items[StateKey] = new ConnectionState(client, anonymous, new TokenBucket(limits.InvocationsPerSecond, limits.Burst, clock));
        try
        {
            await next(context);
        }
        catch
        {
            Release(caller);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            Release(context.Context);
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var caller = invocationContext.Context;
        var state = (ConnectionState)caller.Items[StateKey]!;
        if (!state.Bucket.TryTake() || !state.Client.Bucket.TryTake())
        {
            throw new HubException("rate-limited");
        }

        if (invocationContext.HubMethodName != nameof(LiveHub.JoinOverlay))
        {
            return await next(invocationContext);
        }

        try
        {
            return await next(invocationContext);
        }
        catch (HubException)
        {
            if (++state.FailedOverlayJoins >= options.Value.MaxFailedOverlayJoins)
            {
                LogClosed(logger, caller.ConnectionId, state.FailedOverlayJoins);
                caller.Abort();
            }

            throw;
        }
    }

    private void Release(HubCallerContext caller)
    {
        if (caller.Items.Remove(StateKey, out var value) && value is ConnectionState state)
        {
            clients.Disconnect(state.Client, state.Anonymous);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub connection {ConnectionId} closed after {Failures} failed overlay joins")]
    private static partial void LogClosed(ILogger logger, string connectionId, int failures);

    /// <summary>One connection's bucket and failures (invocations of one connection run one at a time).</summary>
    private sealed class ConnectionState(HubClient client, bool anonymous, TokenBucket bucket)
    {
        public HubClient Client { get; } = client;

        public bool Anonymous { get; } = anonymous;

        public TokenBucket Bucket { get; } = bucket;

        public int FailedOverlayJoins { get; set; }
    }
}

/// <summary>
/// Refuses an anonymous hub request (negotiate or connect) with 429 <c>rate-limited</c> while its IP holds
/// the most anonymous connections allowed: the refusal costs no handshake and no error in the log.
/// </summary>
public sealed class AnonymousHubConnectionGate(RequestDelegate next, HubClients clients)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(LiveHub.Path))
        {
            return next(http);
        }

        var (key, anonymous) = HubClients.ClientOf(http.User, http.Connection.RemoteIpAddress);
        if (!anonymous || !clients.AtAnonymousCap(key))
        {
            return next(http);
        }

        http.Response.Headers.RetryAfter = "10";
        return Problems.WriteAsync(http, 429, Problems.RateLimited, "Too many connections.",
            "This address holds the most overlay connections allowed; close one first.");
    }
}
