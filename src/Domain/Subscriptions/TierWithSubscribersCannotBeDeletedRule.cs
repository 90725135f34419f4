using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>Subscribers keep the tier they paid for: a tier they hold can be made unavailable, not deleted (409).</summary>
public sealed class TierWithSubscribersCannotBeDeletedRule(SubscriptionTier tier, bool hasSubscribers) : IBusinessRule
{
    public bool IsBroken() => hasSubscribers;

    public string Message => $"The tier \"{tier.Name}\" has subscribers: make it unavailable instead of deleting it.";
}
