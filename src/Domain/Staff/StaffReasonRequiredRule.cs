using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>Money-moving staff actions carry a reason of at least ten characters.</summary>
public sealed class StaffReasonRequiredRule(string? reason) : IBusinessRule
{
    public bool IsBroken() => (reason?.Trim().Length ?? 0) < StaffAction.MinReasonLength;

    public string Message => $"Give a reason of at least {StaffAction.MinReasonLength} characters.";

    public RuleKind Kind => RuleKind.Validation;
}
