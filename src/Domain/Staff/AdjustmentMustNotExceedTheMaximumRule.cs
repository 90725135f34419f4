using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>One adjustment moves at most <see cref="StaffAdjustment.MaxTokens"/> (SPEC §19): a typo or a forged form cannot overflow a balance.</summary>
public sealed class AdjustmentMustNotExceedTheMaximumRule(long amount) : IBusinessRule
{
    public bool IsBroken() => amount > StaffAdjustment.MaxTokens;

    public string Message => $"One adjustment moves at most {StaffAdjustment.MaxTokens:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}
