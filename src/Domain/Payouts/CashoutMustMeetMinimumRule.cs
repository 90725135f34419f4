using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

public sealed class CashoutMustMeetMinimumRule(long tokens, long minimum) : IBusinessRule
{
    public bool IsBroken() => tokens < minimum;

    public string Message => $"A cash-out is at least {minimum:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}
