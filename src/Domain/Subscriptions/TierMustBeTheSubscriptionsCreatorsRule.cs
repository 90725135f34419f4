using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

public sealed class TierMustBeTheSubscriptionsCreatorsRule(Subscription subscription, SubscriptionTier tier) : IBusinessRule
{
    public bool IsBroken() => tier.CreatorId != subscription.CreatorId;

    public string Message => "The tier belongs to another creator.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "tierId";
}
