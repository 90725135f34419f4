using Digis.Domain.Common;

namespace Digis.Domain.Streams;

public sealed class GoalTargetMustBeInRangeRule(long target) : IBusinessRule
{
    public bool IsBroken() => target is < 1 or > TipGoal.MaxTarget;

    public string Message => $"target must be 1 to {TipGoal.MaxTarget:N0} tokens.";

    public RuleKind Kind => RuleKind.Validation;
}
