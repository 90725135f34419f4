using System.Text.Json;
using StackExchange.Redis;

namespace Digis.Api.Live;

/// <summary>
/// The delivery notices between API instances (channel <c>digis:hub-deliveries</c>), on the backplane's one Redis
/// connection, SignalR's own (<see cref="HubBackplane"/>), like the overlay-key rotations: the instances talk over one
/// connection, not one per kind of message. A notice published before that connection exists, or lost with Redis,
/// leaves the other instances' deliveries of that send uncounted (the send itself went through the same server, so it
/// was most likely lost too).
/// </summary>
public sealed partial class RedisHubDeliveryBus(HubBackplane backplane, HubDeliveries deliveries, ILogger<RedisHubDeliveryBus> logger)
    : BackgroundService, IHubDeliveryBus
{
    /// <summary>The backplane channel (SignalR's prefix <c>digis</c> goes in front).</summary>
    private static readonly RedisChannel Channel = RedisChannel.Literal(":hub-deliveries");

    public string Instance { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Listens for the other instances' notices once the backplane's connection exists (the instance opens it as it starts: <see cref="OverlayRevocationListener"/>).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = await backplane.ConnectionAsync.WaitAsync(stoppingToken);
        await connection.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message), CommandFlags.FireAndForget);
    }

    public async Task PublishAsync(DeliveryNotice notice)
    {
        if (!backplane.ConnectionAsync.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            await (await backplane.ConnectionAsync).GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(notice));
        }
#pragma warning disable CA1031 // the send went out; only its count on the other instances is lost
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPublishFailed(logger, ex, notice.Kind);
        }
    }

    private void Receive(RedisValue message)
    {
        DeliveryNotice? notice;
        try
        {
            notice = JsonSerializer.Deserialize<DeliveryNotice>(message.ToString());
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, ex);
            return;
        }

        if (notice is not null && notice.Instance != Instance)
        {
            deliveries.Delivered(notice);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An unreadable message on the hub delivery channel was ignored")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A hub delivery notice ({Kind}) did not reach the other instances")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string kind);
}
