using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>A tier id in the editor's list must be one of the creator's own tiers.</summary>
public sealed class TierMustBeTheCreatorsRule(int position, bool isTheCreators) : IBusinessRule
{
    public bool IsBroken() => !isTheCreators;

    public string Message => $"[{position}].id is not one of your tiers.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => $"[{position}].id";
}
