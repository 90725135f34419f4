using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Subscriptions;

/// <summary>
/// A fan's subscription to a creator (SPEC §18). Periods follow each other without gaps: period n+1 starts where period n
/// ended, whenever it is paid. <see cref="DueAt"/> is when the renewal job next has work for it (renew, end, retry),
/// null once it is over. Every change here happens under the subscription's row lock, in the transaction that charges.
/// </summary>
public sealed class Subscription
{
    private Subscription()
    {
    }

    public Guid Id { get; private set; }

    public Guid FanId { get; private set; }

    public Guid CreatorId { get; private set; }

    public Guid TierId { get; private set; }

    /// <summary>A downgrade waiting for the next renewal.</summary>
    public Guid? NextTierId { get; private set; }

    public SubscriptionStatus Status { get; private set; }

    /// <summary>False once cancelled: active to the period's end, then ended.</summary>
    public bool Renews { get; private set; }

    /// <summary>0 for the first period, one more for each renewal.</summary>
    public int PeriodIndex { get; private set; }

    public DateTimeOffset CurrentPeriodStart { get; private set; }

    public DateTimeOffset CurrentPeriodEnd { get; private set; }

    /// <summary>What the current period costs: the tier's price when it was charged, or the new tier's after an upgrade.</summary>
    public Tokens Price { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>The period whose coming renewal the fan was reminded of (-1: none yet).</summary>
    public int RemindedPeriod { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Whether the fan has the subscriber's perks now: while a paid period runs (cancelled or not).</summary>
    public bool IsActive => Status == SubscriptionStatus.Active;

    /// <summary>Opens the subscription and its first period, which the caller charges at once (the returned charge).</summary>
    public static (Subscription Subscription, SubscriptionCharge FirstCharge) Start(
        Guid fanId, SubscriptionTier tier, SubscriptionSchedule schedule, DateTimeOffset now)
    {
        Rule.Check(new CannotSubscribeToYourselfRule(fanId, tier.CreatorId));
        Rule.Check(new TierMustBeAvailableRule(tier));
        // Whole microseconds, as PostgreSQL keeps them: the period ends the fan is shown are the ones renewals use.
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        var subscription = new Subscription
        {
            Id = Ids.New(now),
            FanId = fanId,
            CreatorId = tier.CreatorId,
            TierId = tier.Id,
            Status = SubscriptionStatus.Active,
            Renews = true,
            PeriodIndex = 0,
            CurrentPeriodStart = now,
            CurrentPeriodEnd = now + schedule.Period,
            Price = tier.Price,
            CreatedAt = now,
            RemindedPeriod = -1,
        };
        subscription.DueAt = subscription.CurrentPeriodEnd;
        return (subscription, SubscriptionCharge.For(subscription, SubscriptionChargeKind.Period, tier.Price, now));
    }

    /// <summary>Stops renewing: active to the period's end, then ended. A past-due one has no paid period left and ends now.</summary>
    public void Cancel(DateTimeOffset now)
    {
        Rule.Check(new SubscriptionMustBeOpenRule(this, "cancel"));
        if (Status == SubscriptionStatus.PastDue)
        {
            End(now);
            return;
        }

        Renews = false;
    }

    /// <summary>Undoes a cancel before the period ends; resuming one that renews changes nothing.</summary>
    public void Resume(DateTimeOffset now)
    {
        Rule.Check(new SubscriptionMustBeActiveRule(this, now, "resume"));
        Renews = true;
    }

    /// <summary>
    /// Moves to another of the creator's tiers. A dearer one applies now and charges the price difference prorated to the
    /// period's remaining whole seconds (rounded down; nothing when that is 0); a cheaper or equal one waits for the next
    /// renewal; the current tier again drops a waiting downgrade.
    /// </summary>
    public SubscriptionCharge? ChangeTier(SubscriptionTier tier, DateTimeOffset now)
    {
        Rule.Check(new SubscriptionMustBeActiveRule(this, now, "change tier"));
        Rule.Check(new TierMustBeTheSubscriptionsCreatorsRule(this, tier));
        if (tier.Id == TierId)
        {
            NextTierId = null;
            return null;
        }

        Rule.Check(new TierMustBeAvailableRule(tier));
        if (tier.Price <= Price)
        {
            NextTierId = tier.Id;
            return null;
        }

        var difference = Prorated(tier.Price - Price, now);
        TierId = tier.Id;
        NextTierId = null;
        Price = tier.Price;
        return difference.IsPositive ? SubscriptionCharge.For(this, SubscriptionChargeKind.Upgrade, difference, now) : null;
    }

    /// <summary>What the renewal job does when <see cref="DueAt"/> has come: end a cancelled one, or renew (possibly again, past due).</summary>
    public bool EndsAtPeriodEnd => !Renews && Status == SubscriptionStatus.Active;

    /// <summary>The tier the next period is charged at: a waiting downgrade, else the current tier.</summary>
    public Guid RenewalTierId => NextTierId ?? TierId;

    /// <summary>A cancelled subscription's paid period is over.</summary>
    public void EndAtPeriodEnd() => End(CurrentPeriodEnd);

    /// <summary>The next period, paid: it starts where the last ended, at the renewal tier's current price.</summary>
    public SubscriptionCharge Renew(SubscriptionTier tier, SubscriptionSchedule schedule, DateTimeOffset now)
    {
        Rule.Check(new SubscriptionMustBeOpenRule(this, "renew"));
        PeriodIndex++;
        CurrentPeriodStart = CurrentPeriodEnd;
        CurrentPeriodEnd = CurrentPeriodStart + schedule.Period;
        TierId = tier.Id;
        NextTierId = null;
        Price = tier.Price;
        Status = SubscriptionStatus.Active;
        DueAt = CurrentPeriodEnd;
        return SubscriptionCharge.For(this, SubscriptionChargeKind.Period, tier.Price, now);
    }

    /// <summary>
    /// The renewal could not be paid (balance, debt or the fan's own limit): past due, retried every
    /// <see cref="SubscriptionSchedule.Retry"/>, the last time when the grace since the period's end is over, then lapsed.
    /// </summary>
    public void RenewalFailed(SubscriptionSchedule schedule, DateTimeOffset now)
    {
        var lapsesAt = CurrentPeriodEnd + schedule.Grace;
        if (now >= lapsesAt)
        {
            Status = SubscriptionStatus.Lapsed;
            EndedAt = now;
            DueAt = null;
            return;
        }

        Status = SubscriptionStatus.PastDue;
        DueAt = now + schedule.Retry < lapsesAt ? now + schedule.Retry : lapsesAt;
    }

    private void End(DateTimeOffset at)
    {
        Status = SubscriptionStatus.Ended;
        Renews = false;
        EndedAt = at;
        DueAt = null;
    }

    private Tokens Prorated(Tokens difference, DateTimeOffset now)
    {
        var periodSeconds = (long)(CurrentPeriodEnd - CurrentPeriodStart).TotalSeconds;
        var remainingSeconds = Math.Max(0, (long)(CurrentPeriodEnd - now).TotalSeconds);
        return periodSeconds <= 0 ? Tokens.Zero : new Tokens(difference.Value * Math.Min(remainingSeconds, periodSeconds) / periodSeconds);
    }
}
