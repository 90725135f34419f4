using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Domain.Calls;

public enum CallStatus
{
    Requested,
    Active,
    Paused,
    Ended,
    Declined,
    Cancelled,
    Expired,
}

public enum CallEndReason
{
    FanEnded,
    CreatorEnded,
    InsufficientFunds,
    ConnectionLost,
    PauseTimeout,
    StaffEnded,

    /// <summary>A block would have crossed the fan's own spending limit (SPEC §13).</summary>
    LimitReached,
}

/// <summary>The time limits of a call (SPEC §4 "Pay-per-minute calls").</summary>
public sealed record CallTimeouts(TimeSpan Heartbeat, TimeSpan MaxPause, TimeSpan Request)
{
    public static CallTimeouts Default { get; } = new(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(60));
}

/// <summary>A block of the call that is due: its index and when it started (in wall-clock time).</summary>
public readonly record struct DueBlock(int Index, DateTimeOffset StartsAt);

/// <summary>
/// A pay-per-minute call. Time is billed in prepaid 30-second blocks of active time: block n covers
/// active seconds [30n, 30(n+1)) and is charged when it starts. The rate is fixed when the call is
/// requested. Paused time does not count. A block that starts after the last sign of life of either
/// participant is never charged.
/// </summary>
public sealed class Call : IRefundableSpend
{
    public const int BlockSeconds = 30;
    private static readonly TimeSpan Block = TimeSpan.FromSeconds(BlockSeconds);

    private Call()
    {
    }

    public Guid Id { get; private set; }

    public Guid CreatorId { get; private set; }

    public Guid FanId { get; private set; }

    public Tokens RatePerMinute { get; private set; }

    /// <summary>Exactly half the rate (the rate is even).</summary>
    public Tokens BlockCost { get; private set; }

    public CallStatus Status { get; private set; }

    public CallEndReason? EndReason { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Start of the current active stretch; null unless active.</summary>
    public DateTimeOffset? ActiveSince { get; private set; }

    /// <summary>Active time before the current stretch.</summary>
    public TimeSpan BankedActive { get; private set; }

    public DateTimeOffset? PausedAt { get; private set; }

    public int BlocksBilled { get; private set; }

    public Tokens TotalCharged { get; private set; }

    public DateTimeOffset FanSeenAt { get; private set; }

    public DateTimeOffset CreatorSeenAt { get; private set; }

    /// <summary>When the next block starts while active (kept for the metering pass's index); null otherwise.</summary>
    public DateTimeOffset? NextBlockAt { get; private set; }

    /// <summary>When staff refunded what the call charged; a call is refunded once.</summary>
    public DateTimeOffset? RefundedAt { get; private set; }

    public bool IsLive => Status is CallStatus.Active or CallStatus.Paused;

    public bool IsOver => Status is CallStatus.Ended or CallStatus.Declined or CallStatus.Cancelled or CallStatus.Expired;

    /// <summary>The last moment both participants were known to be there.</summary>
    public DateTimeOffset LastSignOfLife => FanSeenAt < CreatorSeenAt ? FanSeenAt : CreatorSeenAt;

    public static Call Request(Guid fanId, Guid creatorId, Tokens ratePerMinute, DateTimeOffset now)
    {
        Rule.Check(new CallRateMustBeEvenAndInRangeRule(ratePerMinute.Value));
        Rule.Check(new CannotCallYourselfRule(fanId, creatorId));
        return new Call
        {
            Id = Ids.New(now),
            FanId = fanId,
            CreatorId = creatorId,
            RatePerMinute = ratePerMinute,
            BlockCost = new Tokens(ratePerMinute.Value / 2),
            Status = CallStatus.Requested,
            RequestedAt = now,
            FanSeenAt = now,
            CreatorSeenAt = now,
        };
    }

    public bool IsParticipant(Guid userId) => userId == FanId || userId == CreatorId;

    TransferKind IRefundableSpend.SpendKind => TransferKind.CallBlock;

    Tokens IRefundableSpend.Charged => TotalCharged;

    public void MarkRefunded(DateTimeOffset now) => RefundedAt ??= now;

    /// <summary>The creator takes the call; block 0 starts now (the caller charges it at once).</summary>
    public void Accept(DateTimeOffset now)
    {
        Rule.Check(new CallMustBeInStatusRule(this, "accepted", CallStatus.Requested));
        Status = CallStatus.Active;
        StartedAt = now;
        ActiveSince = now;
        FanSeenAt = now;
        CreatorSeenAt = now;
        NextBlockAt = now;
    }

    public void Decline(DateTimeOffset now) => CloseRequest(CallStatus.Declined, now);

    public void Cancel(DateTimeOffset now) => CloseRequest(CallStatus.Cancelled, now);

    /// <summary>An unanswered request expires when its time is up; true when it did.</summary>
    public bool ExpireIfUnanswered(DateTimeOffset now, CallTimeouts timeouts)
    {
        if (Status != CallStatus.Requested || now - RequestedAt < timeouts.Request)
        {
            return false;
        }

        CloseRequest(CallStatus.Expired, RequestedAt + timeouts.Request);
        return true;
    }

    /// <summary>Ends a live call at <paramref name="at"/>; ending a call that is over changes nothing (false).</summary>
    public bool End(CallEndReason reason, DateTimeOffset at)
    {
        if (IsOver)
        {
            return false;
        }

        Rule.Check(new CallMustBeInStatusRule(this, "ended", CallStatus.Active, CallStatus.Paused));
        StopClock(at);
        Status = CallStatus.Ended;
        EndReason = reason;
        EndedAt = at;
        PausedAt = null;
        return true;
    }

    public void Pause(DateTimeOffset now)
    {
        if (Status == CallStatus.Paused)
        {
            return;
        }

        Rule.Check(new CallMustBeInStatusRule(this, "paused", CallStatus.Active));
        StopClock(now);
        Status = CallStatus.Paused;
        PausedAt = now;
    }

    public void Resume(DateTimeOffset now)
    {
        if (Status == CallStatus.Active)
        {
            return;
        }

        Rule.Check(new CallMustBeInStatusRule(this, "resumed", CallStatus.Paused));
        Status = CallStatus.Active;
        PausedAt = null;
        ActiveSince = now;
        NextBlockAt = now + (Block * BlocksBilled) - BankedActive;
    }

    /// <summary>A participant shows a sign of life (heartbeat or hub presence).</summary>
    public void SeenParticipant(Guid userId, DateTimeOffset now)
    {
        if (userId == FanId && now > FanSeenAt)
        {
            FanSeenAt = now;
        }

        if (userId == CreatorId && now > CreatorSeenAt)
        {
            CreatorSeenAt = now;
        }
    }

    public TimeSpan ActiveTimeAt(DateTimeOffset at) =>
        BankedActive + (ActiveSince is { } since && at > since ? at - since : TimeSpan.Zero);

    /// <summary>
    /// The next uncharged block that has started by <paramref name="now"/> and no later than the last
    /// sign of life; null when none is due.
    /// </summary>
    public DueBlock? NextDueBlock(DateTimeOffset now)
    {
        if (Status != CallStatus.Active || NextBlockAt is not { } startsAt || startsAt > now || startsAt > LastSignOfLife)
        {
            return null;
        }

        return new DueBlock(BlocksBilled, startsAt);
    }

    public void RecordBlockCharged(DueBlock block)
    {
        if (block.Index != BlocksBilled)
        {
            throw new InvalidOperationException($"Block {block.Index} charged out of order (next is {BlocksBilled}).");
        }

        BlocksBilled++;
        TotalCharged += BlockCost;
        NextBlockAt = ActiveSince is { } since ? since + (Block * BlocksBilled) - BankedActive : null;
    }

    /// <summary>
    /// Ends a call that has gone stale by <paramref name="now"/>: a participant silent for longer than
    /// the heartbeat timeout (ends at the last sign of life), or a pause longer than allowed. True when it ended.
    /// </summary>
    public bool EndIfStale(DateTimeOffset now, CallTimeouts timeouts)
    {
        if (!IsLive)
        {
            return false;
        }

        var silentUntil = LastSignOfLife + timeouts.Heartbeat;
        var pauseUntil = PausedAt is { } pausedAt ? pausedAt + timeouts.MaxPause : DateTimeOffset.MaxValue;
        if (now < silentUntil && now < pauseUntil)
        {
            return false;
        }

        return silentUntil <= pauseUntil
            ? End(CallEndReason.ConnectionLost, LastSignOfLife)
            : End(CallEndReason.PauseTimeout, pauseUntil);
    }

    private void CloseRequest(CallStatus status, DateTimeOffset at)
    {
        Rule.Check(new CallMustBeInStatusRule(this, status.ToString().ToLowerInvariant(), CallStatus.Requested));
        Status = status;
        EndedAt = at;
    }

    private void StopClock(DateTimeOffset at)
    {
        if (ActiveSince is { } since)
        {
            BankedActive += at > since ? at - since : TimeSpan.Zero;
            ActiveSince = null;
        }

        NextBlockAt = null;
    }
}

public sealed class CallMustBeInStatusRule(Call call, string action, params CallStatus[] allowed) : IBusinessRule
{
    public bool IsBroken() => !allowed.Contains(call.Status);

    public string Message => $"A {call.Status.ToString().ToLowerInvariant()} call cannot be {action}.";
}

public sealed class CannotCallYourselfRule(Guid fanId, Guid creatorId) : IBusinessRule
{
    public bool IsBroken() => fanId == creatorId;

    public string Message => "You cannot call yourself.";

    public RuleKind Kind => RuleKind.Validation;
}
