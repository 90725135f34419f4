using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>Support staff move at most their limit per adjustment; admins any amount.</summary>
public sealed class SupportAdjustmentLimitRule(StaffContext staff, long amount, long limit) : IBusinessRule
{
    public bool IsBroken() => !staff.IsAdmin && amount > limit;

    public string Message => $"Support staff may adjust at most {limit:N0} tokens at once.";

    public RuleKind Kind => RuleKind.Validation;
}
