using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

public sealed class AtMostThreeTiersRule(int count) : IBusinessRule
{
    public bool IsBroken() => count > SubscriptionTiers.MaxTiers;

    public string Message => $"A creator has at most {SubscriptionTiers.MaxTiers} subscription tiers.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "tiers";
}
