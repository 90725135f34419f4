using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

/// <summary>
/// Automatic weekly payouts (SPEC §16): each week on <see cref="Weekday"/> (UTC) the payout job cashes out all cashable
/// earnings when they reach <see cref="MinimumTokens"/>. <see cref="LastRunOn"/> keeps it to once a week whichever
/// instance runs it. The row's id is the creator's id.
/// </summary>
public sealed class PayoutSchedule
{
    private PayoutSchedule()
    {
    }

    public Guid Id { get; private set; }

    public DayOfWeek Weekday { get; private set; }

    public long MinimumTokens { get; private set; }

    public DateOnly? LastRunOn { get; private set; }

    public static PayoutSchedule Create(Guid creatorId, DayOfWeek weekday, long minimumTokens, long platformMinimum)
    {
        var schedule = new PayoutSchedule { Id = creatorId };
        schedule.Change(weekday, minimumTokens, platformMinimum);
        return schedule;
    }

    public void Change(DayOfWeek weekday, long minimumTokens, long platformMinimum)
    {
        Rule.Check(new CashoutMustMeetMinimumRule(minimumTokens, platformMinimum));
        Rule.Check(new ScheduleMinimumMustBeInRangeRule(minimumTokens));
        Weekday = weekday;
        MinimumTokens = minimumTokens;
    }

    /// <summary>Whether it runs on <paramref name="today"/> (UTC) and has not yet; marks it run when it does.</summary>
    public bool TryRun(DateOnly today)
    {
        if (today.DayOfWeek != Weekday || LastRunOn == today)
        {
            return false;
        }

        LastRunOn = today;
        return true;
    }
}
