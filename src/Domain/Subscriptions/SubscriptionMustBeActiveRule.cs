using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>Changes of tier and resuming need a paid period still running.</summary>
public sealed class SubscriptionMustBeActiveRule(Subscription subscription, DateTimeOffset now, string action) : IBusinessRule
{
    public bool IsBroken() => subscription.Status != SubscriptionStatus.Active || now >= subscription.CurrentPeriodEnd;

    public string Message => $"Only a subscription in a paid period can {action}.";
}
