using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Limits;

/// <summary>A spend must not take the fan past a cap they set; when both would be crossed the monthly one (which lasts longer) is named.</summary>
public sealed class SpendingLimitCannotBeCrossedRule(SpendingAllowance allowance, Tokens amount) : IBusinessRule
{
    private bool MonthlyCrossed => Crosses(allowance.Caps.Monthly, allowance.SpentThisMonth);

    private bool DailyCrossed => Crosses(allowance.Caps.Daily, allowance.SpentToday);

    public bool IsBroken() => MonthlyCrossed || DailyCrossed;

    public string Message => MonthlyCrossed
        ? $"This would take you past your monthly spending limit of {Limit:N0} tokens ({Spent:N0} spent this month)."
        : $"This would take you past your daily spending limit of {Limit:N0} tokens ({Spent:N0} spent today).";

    /// <summary>The cap that would be crossed.</summary>
    public long Limit => MonthlyCrossed ? allowance.Caps.Monthly!.Value : allowance.Caps.Daily ?? 0;

    /// <summary>What was spent in that cap's period.</summary>
    public long Spent => MonthlyCrossed ? allowance.SpentThisMonth : allowance.SpentToday;

    /// <summary>When that cap's period starts afresh (UTC midnight, or the first of the next month).</summary>
    public DateTimeOffset ResetsAt => MonthlyCrossed
        ? SpendingAllowance.MonthStart(allowance.At).AddMonths(1)
        : SpendingAllowance.DayStart(allowance.At).AddDays(1);

    private bool Crosses(long? cap, long spent) => cap is { } limit && amount.Value > limit - spent;
}
