using Digis.Application.Common.Interfaces;
using Microsoft.AspNetCore.SignalR;

namespace Digis.Api.Live;

/// <summary>Sends hub events; the Application calls it only after commit.</summary>
public sealed class SignalRLiveNotifier(IHubContext<LiveHub> hub) : ILiveNotifier
{
    public Task BalanceChangedAsync(Guid userId, BalanceChangedEvent change, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(userId)).SendAsync("balanceChanged", change, cancellationToken);
}
