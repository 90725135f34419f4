using Digis.Domain.Common;

namespace Digis.Domain.Limits;

/// <summary>A cap is 1 to <see cref="Max"/> tokens, or none.</summary>
public sealed class SpendingLimitMustBeInRangeRule(string name, long? tokens) : IBusinessRule
{
    public const long Max = 1_000_000_000;

    public bool IsBroken() => tokens is < 1 or > Max;

    public string Message => $"{name} must be 1 to {Max:N0} tokens, or null for no limit.";

    public RuleKind Kind => RuleKind.Validation;
}
