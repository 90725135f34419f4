using Digis.Domain.Payouts;

namespace Digis.Application.Payouts;

/// <summary>A creator's weekly payout (SPEC §16).</summary>
public sealed record PayoutScheduleDto(DayOfWeek Weekday, long MinimumTokens, DateOnly? LastRunOn)
{
    public static PayoutScheduleDto? From(PayoutSchedule? s) => s is null ? null : new(s.Weekday, s.MinimumTokens, s.LastRunOn);
}
