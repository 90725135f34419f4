namespace Digis.Application.Common.Interfaces;

public sealed record BalanceChangedEvent(long Balance, string Kind, Guid ReferenceId);

/// <summary><c>earningsChanged</c> (SPEC §11): a creator's earnings after a committed change, and what changed them.</summary>
public sealed record EarningsChangedEvent(long Escrow, long Clearing, long Cashable, string Kind, Guid ReferenceId);

/// <summary><c>tip</c>; a tip from the creator's menu carries the item and its <c>label</c> (SPEC §13).</summary>
public sealed record TipEvent(
    Guid Id, Guid? StreamId, Guid CreatorId, Guid FanId, string FanName, long Amount, string? Message, DateTimeOffset CreatedAt,
    Guid? MenuItemId = null, string? Label = null);

/// <summary><c>goalProgress</c>, to the show's room (its overlays included) after each tip into it and when the goal is set.</summary>
public sealed record GoalProgressEvent(Guid StreamId, string Title, long Target, long Progress, bool Reached);

/// <summary><c>goalRemoved</c>, to the show's room when its creator removes the goal.</summary>
public sealed record GoalRemovedEvent(Guid StreamId);

/// <summary><c>callRequested</c>, to the creator when a fan asks for a call (accept or decline it by <c>callId</c>).</summary>
public sealed record CallRequestedEvent(
    Guid CallId, Guid FanId, string FanName, long RatePerMinute, long BlockCost, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt);

public sealed record StreamStatusEvent(Guid StreamId, string Status);

/// <summary><c>callStatus</c>: <c>balance</c> is the receiving participant's own; <c>lowBalance</c> warns that the fan can pay fewer than two more blocks.</summary>
public sealed record CallStatusEvent(
    Guid CallId, string Status, string? EndReason, int BlocksBilled, long TotalCharged, long Balance, bool LowBalance);

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

    /// <summary>Drops the stream's overlays that joined with <paramref name="revokedKey"/> (replaced by a new key).</summary>
    Task OverlayKeyRevokedAsync(Guid streamId, string revokedKey, CancellationToken cancellationToken);
}

/// <summary>How many hub connections watch a stream right now.</summary>
public interface IViewerCounter
{
    int ViewersOf(Guid streamId);
}
