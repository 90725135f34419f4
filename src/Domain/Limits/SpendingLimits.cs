using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Limits;

/// <summary>
/// A fan's own caps on what they spend (tips, tickets, call blocks) per UTC day and per UTC month (SPEC §13).
/// Lowering a cap takes effect at once; raising or removing one takes effect <see cref="RaiseDelay"/> later,
/// so a moment's impulse cannot lift the cap a calmer moment set. Each cap is a schedule: the value in
/// force, and the value that replaces it at a time (pending).
/// </summary>
public sealed class SpendingLimits
{
    public static readonly TimeSpan RaiseDelay = TimeSpan.FromHours(24);

    private SpendingLimits()
    {
    }

    public Guid UserId { get; private set; }

    /// <summary>The daily cap in force until <see cref="DailyNextAt"/> (null = none).</summary>
    public long? DailyTokens { get; private set; }

    public long? DailyNextTokens { get; private set; }

    public DateTimeOffset? DailyNextAt { get; private set; }

    public long? MonthlyTokens { get; private set; }

    public long? MonthlyNextTokens { get; private set; }

    public DateTimeOffset? MonthlyNextAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static SpendingLimits For(Guid userId) => new() { UserId = userId };

    /// <summary>Sets both caps (null = none): each lower one at once, each higher or removed one after <see cref="RaiseDelay"/>.</summary>
    public void Set(long? dailyTokens, long? monthlyTokens, DateTimeOffset now)
    {
        Rule.Check(new SpendingLimitMustBeInRangeRule("dailyTokens", dailyTokens));
        Rule.Check(new SpendingLimitMustBeInRangeRule("monthlyTokens", monthlyTokens));
        var daily = Schedule(DailyTokens, DailyNextTokens, DailyNextAt).Set(dailyTokens, now);
        var monthly = Schedule(MonthlyTokens, MonthlyNextTokens, MonthlyNextAt).Set(monthlyTokens, now);
        (DailyTokens, DailyNextTokens, DailyNextAt) = (daily.Current, daily.Next, daily.NextAt);
        (MonthlyTokens, MonthlyNextTokens, MonthlyNextAt) = (monthly.Current, monthly.Next, monthly.NextAt);
        UpdatedAt = now;
    }

    /// <summary>The caps in force at <paramref name="at"/>.</summary>
    public SpendingCaps At(DateTimeOffset at) => new(
        Schedule(DailyTokens, DailyNextTokens, DailyNextAt).At(at),
        Schedule(MonthlyTokens, MonthlyNextTokens, MonthlyNextAt).At(at));

    /// <summary>A change still waiting to take effect at <paramref name="at"/>, per cap (null when none).</summary>
    public (PendingLimit? Daily, PendingLimit? Monthly) PendingAt(DateTimeOffset at) => (
        Schedule(DailyTokens, DailyNextTokens, DailyNextAt).PendingAt(at),
        Schedule(MonthlyTokens, MonthlyNextTokens, MonthlyNextAt).PendingAt(at));

    private static LimitSchedule Schedule(long? current, long? next, DateTimeOffset? nextAt) => new(current, next, nextAt);
}

/// <summary>A cap that will be in force from <paramref name="EffectiveAt"/> (null tokens = no cap).</summary>
public sealed record PendingLimit(long? Tokens, DateTimeOffset EffectiveAt);

/// <summary>The caps in force at one moment (null = none).</summary>
public sealed record SpendingCaps(long? Daily, long? Monthly)
{
    public bool Any => Daily is not null || Monthly is not null;
}

/// <summary>One cap: <paramref name="Current"/> until <paramref name="NextAt"/>, then <paramref name="Next"/>.</summary>
public readonly record struct LimitSchedule(long? Current, long? Next, DateTimeOffset? NextAt)
{
    public long? At(DateTimeOffset at) => NextAt is { } from && from <= at ? Next : Current;

    public PendingLimit? PendingAt(DateTimeOffset at) => NextAt is { } from && from > at ? new PendingLimit(Next, from) : null;

    public LimitSchedule Set(long? value, DateTimeOffset now)
    {
        var inForce = At(now);
        if (value == inForce)
        {
            return new LimitSchedule(inForce, null, null); // back to what holds now: nothing pending
        }

        if (value is { } lower && (inForce is null || lower < inForce))
        {
            return new LimitSchedule(lower, null, null); // lowering: at once
        }

        // Raising or removing: later. Asking again for the change already pending keeps its time.
        return PendingAt(now) is { } pending && pending.Tokens == value
            ? new LimitSchedule(inForce, value, pending.EffectiveAt)
            : new LimitSchedule(inForce, value, now + SpendingLimits.RaiseDelay);
    }
}

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

/// <summary>A cap is 1 to <see cref="Max"/> tokens, or none.</summary>
public sealed class SpendingLimitMustBeInRangeRule(string name, long? tokens) : IBusinessRule
{
    public const long Max = 1_000_000_000;

    public bool IsBroken() => tokens is < 1 or > Max;

    public string Message => $"{name} must be 1 to {Max:N0} tokens, or null for no limit.";

    public RuleKind Kind => RuleKind.Validation;
}
