using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Digis.Api.Live;

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
