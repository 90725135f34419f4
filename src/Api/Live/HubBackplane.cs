using StackExchange.Redis;

namespace Digis.Api.Live;

/// <summary>
/// The SignalR Redis backplane's own connection, once SignalR has made it (set in its <c>ConnectionFactory</c>), for the
/// few messages between API instances that are not hub events: overlay-key rotations (<see cref="OverlayRevocations"/>)
/// and delivery notices (<see cref="RedisHubDeliveryBus"/>). One connection for all of them. Absent with a single
/// instance (no Redis).
/// </summary>
public sealed class HubBackplane
{
    private readonly TaskCompletionSource<IConnectionMultiplexer> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HubBackplane(bool configured)
    {
        Configured = configured;
    }

    /// <summary>Whether the hub runs on a Redis backplane (<c>ConnectionStrings:Redis</c>).</summary>
    public bool Configured { get; }

    public Task<IConnectionMultiplexer> ConnectionAsync => _connection.Task;

    public void Connected(IConnectionMultiplexer connection) => _connection.TrySetResult(connection);
}
