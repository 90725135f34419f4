using Digis.Domain.Common;
using Digis.Domain.Users;

namespace Digis.Domain.Staff;

/// <summary>Only creators have earnings to adjust.</summary>
public sealed class EarningsAdjustmentNeedsACreatorRule(bool earnings, UserRole role) : IBusinessRule
{
    public bool IsBroken() => earnings && role != UserRole.Creator;

    public string Message => "Only creators have earnings.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "account";
}
