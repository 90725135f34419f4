using Digis.Domain.Common;

namespace Digis.Domain.Payouts;

/// <summary>A cash-out outside the automatic policy needs two different admins (four eyes, SPEC §16).</summary>
public sealed class CashoutSecondApproverMustBeSomeoneElseRule(string firstApprover, string approver) : IBusinessRule
{
    public bool IsBroken() => string.Equals(firstApprover, approver, StringComparison.OrdinalIgnoreCase);

    public string Message => "You approved this cash-out already; a second admin must approve it.";

    public RuleKind Kind => RuleKind.Forbidden;
}
