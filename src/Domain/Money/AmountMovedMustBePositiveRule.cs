using Digis.Domain.Common;

namespace Digis.Domain.Money;

public sealed class AmountMovedMustBePositiveRule(long amount) : IBusinessRule
{
    public bool IsBroken() => amount <= 0;

    public string Message => "Every amount moved must be greater than zero.";

    public RuleKind Kind => RuleKind.Validation;
}
