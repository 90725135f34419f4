namespace Digis.Application.Common.Interfaces;

/// <summary>Pushes hub events (SPEC §5) to connected clients. Called only after the transaction commits.</summary>
public interface ILiveNotifier
{
    Task BalanceChangedAsync(Guid userId, BalanceChangedEvent change, CancellationToken cancellationToken);

    Task EarningsChangedAsync(Guid creatorId, EarningsChangedEvent change, CancellationToken cancellationToken);

    /// <summary>To the stream's room (when the tip was sent into a stream) and to the creator.</summary>
    Task TipAsync(TipEvent tip, CancellationToken cancellationToken);

    Task StreamStatusAsync(StreamStatusEvent status, CancellationToken cancellationToken);

    Task GoalProgressAsync(GoalProgressEvent progress, CancellationToken cancellationToken);

    Task GoalRemovedAsync(GoalRemovedEvent removed, CancellationToken cancellationToken);

    Task CallRequestedAsync(Guid creatorId, CallRequestedEvent request, CancellationToken cancellationToken);

    Task CallStatusAsync(Guid userId, CallStatusEvent status, CancellationToken cancellationToken);

    /// <summary>To the subscription's fan and creator.</summary>
    Task SubscriptionChangedAsync(SubscriptionChangedEvent change, CancellationToken cancellationToken);

    Task SubscriptionRenewingAsync(Guid fanId, SubscriptionRenewingEvent renewing, CancellationToken cancellationToken);

    /// <summary>Drops the stream's overlays that joined with <paramref name="revokedKey"/> (replaced by a new key).</summary>
    Task OverlayKeyRevokedAsync(Guid streamId, string revokedKey, CancellationToken cancellationToken);
}
