using Digis.Application.Common.Interfaces;
using Microsoft.AspNetCore.SignalR;

namespace Digis.Api.Live;

/// <summary>Sends hub events; the Application calls it only after commit.</summary>
public sealed class SignalRLiveNotifier(IHubContext<LiveHub> hub, OverlayRevocations revocations) : ILiveNotifier
{
    public Task BalanceChangedAsync(Guid userId, BalanceChangedEvent change, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(userId)).SendAsync("balanceChanged", change, cancellationToken);

    public Task EarningsChangedAsync(Guid creatorId, EarningsChangedEvent change, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(creatorId)).SendAsync("earningsChanged", change, cancellationToken);

    public Task TipAsync(TipEvent tip, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> groups = tip.StreamId is { } streamId
            ? [LiveHub.StreamGroup(streamId), LiveHub.UserGroup(tip.CreatorId)]
            : [LiveHub.UserGroup(tip.CreatorId)];
        return hub.Clients.Groups(groups).SendAsync("tip", tip, cancellationToken);
    }

    public Task StreamStatusAsync(StreamStatusEvent status, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.StreamGroup(status.StreamId)).SendAsync("streamStatus", status, cancellationToken);

    public Task GoalProgressAsync(GoalProgressEvent progress, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.StreamGroup(progress.StreamId)).SendAsync("goalProgress", progress, cancellationToken);

    public Task GoalRemovedAsync(GoalRemovedEvent removed, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.StreamGroup(removed.StreamId)).SendAsync("goalRemoved", removed, cancellationToken);

    public Task CallRequestedAsync(Guid creatorId, CallRequestedEvent request, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(creatorId)).SendAsync("callRequested", request, cancellationToken);

    public Task CallStatusAsync(Guid userId, CallStatusEvent status, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(userId)).SendAsync("callStatus", status, cancellationToken);

    public Task SubscriptionChangedAsync(SubscriptionChangedEvent change, CancellationToken cancellationToken) =>
        hub.Clients.Groups([LiveHub.UserGroup(change.FanId), LiveHub.UserGroup(change.CreatorId)]).SendAsync("subscriptionChanged", change, cancellationToken);

    public Task SubscriptionRenewingAsync(Guid fanId, SubscriptionRenewingEvent renewing, CancellationToken cancellationToken) =>
        hub.Clients.Group(LiveHub.UserGroup(fanId)).SendAsync("subscriptionRenewing", renewing, cancellationToken);

    /// <summary>On every instance: out of the room, then closed; the overlay page reconnects, and its old key is refused.</summary>
    public Task OverlayKeyRevokedAsync(Guid streamId, string revokedKey, CancellationToken cancellationToken) =>
        revocations.RevokeAsync(streamId, revokedKey, cancellationToken);
}
