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

    /// <summary>The media never connected on both sides within <see cref="CallTimeouts.MediaConnect"/> of the accept (SPEC §17).</summary>
    MediaFailed,
}

/// <summary>
/// A pay-per-minute call. Time is billed in prepaid 30-second blocks of active time: block n covers
/// active seconds [30n, 30(n+1)) and is charged when it starts. The rate is fixed when the call is
/// requested. Paused time does not count. A block that starts after the last sign of life of either
/// participant is never charged.
/// <para>
/// Billing follows the media (SPEC §17): the clock runs only while both participants report their media
/// connected and no participant paused the call. The call is <c>active</c> from the accept, but active time
/// starts, and block 0 falls due, when both sides first report connected; a side that loses the media pauses
/// the call until both are connected again. A call whose media does not connect within
/// <see cref="CallTimeouts.MediaConnect"/> ends <c>media-failed</c>; one whose media stays lost for
/// <see cref="CallTimeouts.MediaGrace"/> ends <c>connection-lost</c>.
/// </para>
/// </summary>
public sealed class Call : IRefundableSpend
{
    public const int BlockSeconds = 30;
    private static readonly TimeSpan Block = TimeSpan.FromSeconds(BlockSeconds);
    private bool _justEnded;

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

    /// <summary>The fan's last media report: their peer connection is up.</summary>
    public bool FanMediaConnected { get; private set; }

    /// <summary>The creator's last media report: their peer connection is up.</summary>
    public bool CreatorMediaConnected { get; private set; }

    /// <summary>When both sides first reported their media connected (billing started); null until then.</summary>
    public DateTimeOffset? MediaConnectedAt { get; private set; }

    /// <summary>When the media was lost, while it stays lost (the grace period runs from here); null otherwise.</summary>
    public DateTimeOffset? MediaLostAt { get; private set; }

    /// <summary>Start of the current stretch with both sides connected; null while not.</summary>
    public DateTimeOffset? MediaSince { get; private set; }

    /// <summary>Connected time before the current stretch.</summary>
    public TimeSpan BankedMedia { get; private set; }

    /// <summary>A participant paused the call (<c>pause</c>), as opposed to a pause for lost media, which lifts itself.</summary>
    public bool PausedByParticipant { get; private set; }

    public bool IsLive => Status is CallStatus.Active or CallStatus.Paused;

    public bool IsOver => Status is CallStatus.Ended or CallStatus.Declined or CallStatus.Cancelled or CallStatus.Expired;

    /// <summary>
    /// Whether this instance ended the call (not stored): what the unit of work that loaded it changed, so an end
    /// is counted once however many paths touch the call afterwards.
    /// </summary>
    public bool HasJustEnded => _justEnded;

    /// <summary>The last moment both participants were known to be there.</summary>
    public DateTimeOffset LastSignOfLife => FanSeenAt < CreatorSeenAt ? FanSeenAt : CreatorSeenAt;

    /// <summary>Both sides report their media connected right now.</summary>
    public bool MediaFlowing => FanMediaConnected && CreatorMediaConnected;

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

    /// <summary>The participant's last media report (false before any).</summary>
    public bool MediaConnectedOf(Guid userId) => userId == FanId ? FanMediaConnected : userId == CreatorId && CreatorMediaConnected;

    TransferKind IRefundableSpend.SpendKind => TransferKind.CallBlock;

    Tokens IRefundableSpend.Charged => TotalCharged;

    public void MarkRefunded(DateTimeOffset now) => RefundedAt ??= now;

    /// <summary>
    /// The creator takes the call: it is active and both sides start their media, but the billing clock waits
    /// for both to report it connected (<see cref="ReportMedia"/>), which starts block 0.
    /// </summary>
    public void Accept(DateTimeOffset now)
    {
        Rule.Check(new CallMustBeInStatusRule(this, "accepted", CallStatus.Requested));
        Status = CallStatus.Active;
        StartedAt = now;
        FanSeenAt = now;
        CreatorSeenAt = now;
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
        StopMediaClock(at);
        Status = CallStatus.Ended;
        EndReason = reason;
        EndedAt = at;
        PausedAt = null;
        _justEnded = true;
        return true;
    }

    /// <summary>A participant pauses the call (the caller charges the blocks started by now first).</summary>
    public void Pause(DateTimeOffset now)
    {
        if (Status == CallStatus.Paused)
        {
            PausedByParticipant = true; // already paused for lost media: now it also waits for a resume
            return;
        }

        Rule.Check(new CallMustBeInStatusRule(this, "paused", CallStatus.Active));
        PausedByParticipant = true;
        Hold(now);
    }

    /// <summary>
    /// A participant resumes the call. While the media is lost it stays paused (billing waits for the media);
    /// before the media first connected it is active with the clock still waiting.
    /// </summary>
    public void Resume(DateTimeOffset now)
    {
        if (Status == CallStatus.Active)
        {
            return;
        }

        Rule.Check(new CallMustBeInStatusRule(this, "resumed", CallStatus.Paused));
        PausedByParticipant = false;
        if (MediaLostAt is null)
        {
            Release(now);
        }
    }

    /// <summary>
    /// A participant reports whether their media (their peer connection) is connected (SPEC §17). The first
    /// time both sides are connected, billing starts: block 0 falls due now. A side that loses it pauses
    /// billing (the caller charges the blocks started by now first); both connected again resumes it, unless
    /// a participant paused the call. A report is also a sign of life.
    /// </summary>
    public MediaEffect ReportMedia(Guid userId, bool connected, DateTimeOffset now)
    {
        Rule.Check(new CallMustBeInStatusRule(this, "reported on", CallStatus.Active, CallStatus.Paused));
        SeenParticipant(userId, now);
        var wasFlowing = MediaFlowing;
        if (userId == FanId)
        {
            FanMediaConnected = connected;
        }
        else if (userId == CreatorId)
        {
            CreatorMediaConnected = connected;
        }

        if (MediaFlowing == wasFlowing)
        {
            return MediaEffect.None;
        }

        if (MediaFlowing)
        {
            var effect = MediaConnectedAt is null ? MediaEffect.Connected : MediaEffect.Resumed;
            // A peer connection only connects with both peers there: this report is a sign of life from both.
            SeenParticipant(FanId, now);
            SeenParticipant(CreatorId, now);
            MediaConnectedAt ??= now;
            MediaLostAt = null;
            MediaSince = now;
            if (PausedByParticipant)
            {
                return effect;
            }

            Release(now);
            return effect;
        }

        MediaLostAt = now;
        StopMediaClock(now);
        if (Status == CallStatus.Active)
        {
            Hold(now);
        }

        return MediaEffect.Lost;
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

    /// <summary>Time both sides' media was connected, up to <paramref name="at"/> (the receipt's <c>mediaSeconds</c>).</summary>
    public TimeSpan MediaTimeAt(DateTimeOffset at) =>
        BankedMedia + (MediaSince is { } since && at > since ? at - since : TimeSpan.Zero);

    /// <summary>Whole active seconds by <paramref name="now"/>, or in all once ended: what receipts and the figures state.</summary>
    public long ActiveSecondsAt(DateTimeOffset now) => (long)ActiveTimeAt(EndedAt ?? now).TotalSeconds;

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
    /// Ends a call that has gone stale by <paramref name="now"/>, at the first limit it passed: a participant
    /// silent for longer than the heartbeat timeout (<c>connection-lost</c>, at the last sign of life), a pause
    /// longer than allowed (<c>pause-timeout</c>), media lost for longer than the grace period
    /// (<c>connection-lost</c>, when the grace ran out) or media that never connected in time
    /// (<c>media-failed</c>, when the time ran out: nothing was charged). True when it ended.
    /// </summary>
    public bool EndIfStale(DateTimeOffset now, CallTimeouts timeouts)
    {
        if (!IsLive)
        {
            return false;
        }

        (DateTimeOffset Deadline, CallEndReason Reason, DateTimeOffset EndsAt)? first = null;
        void Consider(DateTimeOffset deadline, CallEndReason reason, DateTimeOffset endsAt)
        {
            if (deadline <= now && (first is null || deadline < first.Value.Deadline))
            {
                first = (deadline, reason, endsAt);
            }
        }

        Consider(LastSignOfLife + timeouts.Heartbeat, CallEndReason.ConnectionLost, LastSignOfLife);
        if (PausedAt is { } pausedAt)
        {
            Consider(pausedAt + timeouts.MaxPause, CallEndReason.PauseTimeout, pausedAt + timeouts.MaxPause);
        }

        if (MediaLostAt is { } lostAt)
        {
            Consider(lostAt + timeouts.MediaGrace, CallEndReason.ConnectionLost, lostAt + timeouts.MediaGrace);
        }

        if (MediaConnectedAt is null && StartedAt is { } startedAt)
        {
            Consider(startedAt + timeouts.MediaConnect, CallEndReason.MediaFailed, startedAt + timeouts.MediaConnect);
        }

        return first is { } limit && End(limit.Reason, limit.EndsAt);
    }

    private void CloseRequest(CallStatus status, DateTimeOffset at)
    {
        Rule.Check(new CallMustBeInStatusRule(this, status.ToString().ToLowerInvariant(), CallStatus.Requested));
        Status = status;
        EndedAt = at;
    }

    /// <summary>Billing stops: the call is paused (by a participant or for lost media).</summary>
    private void Hold(DateTimeOffset now)
    {
        StopClock(now);
        Status = CallStatus.Paused;
        PausedAt = now;
    }

    /// <summary>The call is active again; the billing clock runs from now if the media is connected on both sides.</summary>
    private void Release(DateTimeOffset now)
    {
        Status = CallStatus.Active;
        PausedAt = null;
        if (MediaFlowing && ActiveSince is null)
        {
            ActiveSince = now;
            NextBlockAt = now + (Block * BlocksBilled) - BankedActive;
        }
    }

    private void StopMediaClock(DateTimeOffset at)
    {
        if (MediaSince is { } since)
        {
            BankedMedia += at > since ? at - since : TimeSpan.Zero;
            MediaSince = null;
        }
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
