using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

public sealed class ScheduleMinimumMustBeInRangeRule(long minimumTokens) : IBusinessRule
{
    public const long Max = 1_000_000_000_000;

    public bool IsBroken() => minimumTokens > Max;

    public string Message => $"minimumTokens is at most {Max:N0}.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "minimumTokens";
}
