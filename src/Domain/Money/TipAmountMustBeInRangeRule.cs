using Digis.Domain.Common;

namespace Digis.Domain.Money;

public sealed class TipAmountMustBeInRangeRule(long amount, long max) : IBusinessRule
{
    public bool IsBroken() => amount < Pricing.MinTip || amount > max;

    public string Message => $"A tip is {Pricing.MinTip} to {max:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}
