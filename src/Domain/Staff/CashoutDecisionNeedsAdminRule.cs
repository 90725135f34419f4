using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>Only admins approve or reject cash-outs.</summary>
public sealed class CashoutDecisionNeedsAdminRule(StaffContext staff) : IBusinessRule
{
    public bool IsBroken() => !staff.IsAdmin;

    public string Message => "Only admins approve or reject cash-outs.";

    public RuleKind Kind => RuleKind.Forbidden;
}
