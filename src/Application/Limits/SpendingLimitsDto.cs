using Digis.Application.Common.Interfaces;
using Digis.Domain.Limits;

namespace Digis.Application.Limits;

public sealed record PendingLimitDto(long? Tokens, DateTimeOffset EffectiveAt);

/// <summary>A raise or removal waiting for its 24 hours, per limit (null when none waits).</summary>
public sealed record PendingLimitsDto(PendingLimitDto? Daily, PendingLimitDto? Monthly);

/// <summary>The limits in force now, what is pending, and what was spent in the current UTC day and month (SPEC §13).</summary>
public sealed record SpendingLimitsDto(long? DailyTokens, long? MonthlyTokens, PendingLimitsDto? Pending, long SpentToday, long SpentThisMonth)
{
    public static SpendingLimitsDto From(SpendingLimits? limits, SpentSoFar spent, DateTimeOffset now)
    {
        var caps = limits?.At(now) ?? new SpendingCaps(null, null);
        var (daily, monthly) = limits?.PendingAt(now) ?? (null, null);
        var pending = daily is null && monthly is null
            ? null
            : new PendingLimitsDto(ToDto(daily), ToDto(monthly));
        return new SpendingLimitsDto(caps.Daily, caps.Monthly, pending, spent.Today, spent.ThisMonth);
    }

    private static PendingLimitDto? ToDto(PendingLimit? pending) => pending is null ? null : new PendingLimitDto(pending.Tokens, pending.EffectiveAt);
}
