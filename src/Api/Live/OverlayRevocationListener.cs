using Microsoft.AspNetCore.SignalR;

namespace Digis.Api.Live;

/// <summary>
/// Subscribes this instance to overlay-key rotations as it starts, so an instance that has served no hub request yet
/// still drops its overlays: resolving the hub's context makes SignalR open the backplane connection.
/// </summary>
public sealed class OverlayRevocationListener(HubBackplane backplane, IHubContext<LiveHub> hub, OverlayRevocations revocations) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (backplane.Configured && hub is not null)
        {
            await revocations.SubscribeAsync(await backplane.ConnectionAsync.WaitAsync(stoppingToken));
        }
    }
}
