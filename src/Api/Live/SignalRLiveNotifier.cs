using Digis.Application.Common.Interfaces;
using Microsoft.AspNetCore.SignalR;

namespace Digis.Api.Live;

/// <summary>Sends hub events; the Application calls it only after commit.</summary>
public sealed class SignalRLiveNotifier(IHubContext<LiveHub> hub) : ILiveNotifier
{
    public Task BalanceChangedAsync(Guid userId, BalanceChangedEvent change, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(userId)).SendAsync("balanceChanged", change, cancellationToken);

    public Task TipAsync(TipEvent tip, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> groups = tip.StreamId is { } streamId
            ? [LiveHub.StreamGroup(streamId), LiveHub.UserGroup(tip.CreatorId)]
            : [LiveHub.UserGroup(tip.CreatorId)];
        return hub.Clients.Groups(groups).SendAsync("tip", tip, cancellationToken);
    }

    public Task StreamStatusAsync(StreamStatusEvent status, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.StreamGroup(status.StreamId)).SendAsync("streamStatus", status, cancellationToken);

    public Task CallStatusAsync(Guid userId, CallStatusEvent status, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(userId)).SendAsync("callStatus", status, cancellationToken);
}
