using Digis.Domain.Common;

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
