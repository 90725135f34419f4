using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Digis.Api.Live;

/// <summary>
/// A rotated overlay key drops the overlays that joined with the old key on every API instance (SPEC §14, §19): the
/// instance that committed the rotation publishes the stream and the key's hash on the backplane, and each instance —
/// itself included — removes its own such overlays from the room and closes them (the overlay page reconnects and its
/// old key is refused). With a single instance it drops its own directly.
/// </summary>
public sealed partial class OverlayRevocations(
    HubBackplane backplane, OverlayConnections overlays, IHubContext<LiveHub> hub, ILogger<OverlayRevocations> logger)
{
    /// <summary>The backplane channel (SignalR's prefix <c>digis</c> goes in front).</summary>
    public const string Channel = ":overlay-key-revoked";

    private int _subscribed;

    /// <summary>Listens for rotations from every instance, once the backplane's connection exists.</summary>
    public async Task SubscribeAsync(IConnectionMultiplexer connection)
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel), (channel, message) => _ = HeardAsync(message));
        }
    }

    public async Task RevokeAsync(Guid streamId, string revokedKey, CancellationToken cancellationToken)
    {
        var keyHash = OverlayConnections.Hash(revokedKey);
        if (!backplane.Configured)
        {
            await DropAsync(streamId, keyHash, cancellationToken);
            return;
        }

        var connection = await backplane.ConnectionAsync.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        await connection.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), $"{streamId:N}:{keyHash}");
    }

    private async Task HeardAsync(RedisValue message)
    {
        try
        {
            var parts = message.ToString().Split(':');
            if (parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var streamId))
            {
                await DropAsync(streamId, parts[1], CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // a message that cannot be applied is logged; the overlays it named stay until they reconnect
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDropFailed(logger, ex);
        }
    }

    /// <summary>Out of the room, then closed.</summary>
    private async Task DropAsync(Guid streamId, string keyHash, CancellationToken cancellationToken)
    {
        foreach (var connection in overlays.JoinedWith(streamId, keyHash))
        {
            await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, LiveHub.StreamGroup(streamId), cancellationToken);
            connection.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping the overlays of a revoked key failed")]
    private static partial void LogDropFailed(ILogger logger, Exception exception);
}
