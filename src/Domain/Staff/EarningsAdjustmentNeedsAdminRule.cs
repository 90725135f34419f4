using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>Only admins adjust a creator's earnings (SPEC §11 "Staff"); support adjusts spending wallets only.</summary>
public sealed class EarningsAdjustmentNeedsAdminRule(StaffContext staff, bool earnings) : IBusinessRule
{
    public bool IsBroken() => earnings && !staff.IsAdmin;

    public string Message => "Only admins adjust a creator's earnings.";

    public RuleKind Kind => RuleKind.Forbidden;
}
