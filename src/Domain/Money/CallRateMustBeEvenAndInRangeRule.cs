using Digis.Domain.Common;

namespace Digis.Domain.Money;

/// <summary>A call rate is even, so a 30-second block costs exactly half of it.</summary>
public sealed class CallRateMustBeEvenAndInRangeRule(long ratePerMinute) : IBusinessRule
{
    public bool IsBroken() => ratePerMinute is < Pricing.MinCallRate or > Pricing.MaxCallRate || ratePerMinute % 2 != 0;

    public string Message => $"A call rate is an even number of tokens per minute, {Pricing.MinCallRate} to {Pricing.MaxCallRate:N0}.";

    public RuleKind Kind => RuleKind.Validation;
}
