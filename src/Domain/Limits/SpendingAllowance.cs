using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Limits;

/// <summary>
/// What a fan may still spend at <see cref="At"/>: the caps in force and what they spent so far in the UTC day
/// and month of that moment. <see cref="Check"/> refuses a spend that would cross a cap; <see cref="Record"/>
/// counts one (a metering batch charges several blocks of one fan under one lock).
/// </summary>
public sealed record SpendingAllowance(SpendingCaps Caps, long SpentToday, long SpentThisMonth, DateTimeOffset At)
{
    public static DateTimeOffset DayStart(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    public static DateTimeOffset MonthStart(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    public void Check(Tokens amount) => Rule.Check(new SpendingLimitCannotBeCrossedRule(this, amount));

    public bool Allows(Tokens amount) => !new SpendingLimitCannotBeCrossedRule(this, amount).IsBroken();

    public SpendingAllowance Record(Tokens amount) =>
        this with { SpentToday = SpentToday + amount.Value, SpentThisMonth = SpentThisMonth + amount.Value };
}
