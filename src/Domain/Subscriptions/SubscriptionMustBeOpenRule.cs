using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>An ended or lapsed subscription is over: subscribe again instead.</summary>
public sealed class SubscriptionMustBeOpenRule(Subscription subscription, string action) : IBusinessRule
{
    public bool IsBroken() => subscription.Status is not (SubscriptionStatus.Active or SubscriptionStatus.PastDue);

    public string Message => $"An {subscription.Status.ToString().ToLowerInvariant()} subscription cannot {action}.";
}
