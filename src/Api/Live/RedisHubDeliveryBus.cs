using System.Text.Json;
using StackExchange.Redis;

namespace Digis.Api.Live;

/// <summary>
/// The delivery notices over the Redis server that carries the hub's messages (channel <c>digis:hub-deliveries</c>), on
/// a connection of their own. A notice lost with Redis leaves the other instances' deliveries of that send uncounted
/// (the send itself went through the same server, so it was most likely lost too).
/// </summary>
public sealed partial class RedisHubDeliveryBus(string configuration, HubDeliveries deliveries, ILogger<RedisHubDeliveryBus> logger)
    : IHubDeliveryBus, IHostedService, IAsyncDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("digis:hub-deliveries");
    private ConnectionMultiplexer? _redis;

    public string Instance { get; } = Guid.NewGuid().ToString("N");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // An instance starts while Redis is away: the connection and the subscription are made when it is back (the
        // notices published meanwhile are lost, as the hub's messages are).
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message), CommandFlags.FireAndForget);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task PublishAsync(DeliveryNotice notice)
    {
        if (_redis is null)
        {
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(notice));
        }
#pragma warning disable CA1031 // the send went out; only its count on the other instances is lost
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPublishFailed(logger, ex, notice.Kind);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
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
