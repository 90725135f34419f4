using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>New subscriptions and tier changes go only to tiers the creator offers; subscribers already on one keep renewing.</summary>
public sealed class TierMustBeAvailableRule(SubscriptionTier tier) : IBusinessRule
{
    public bool IsBroken() => !tier.Available;

    public string Message => $"The tier \"{tier.Name}\" is not available.";
}
