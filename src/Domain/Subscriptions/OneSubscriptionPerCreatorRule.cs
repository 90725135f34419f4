using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>A fan holds one open subscription per creator (409 <c>already-subscribed</c>); change its tier instead.</summary>
public sealed class OneSubscriptionPerCreatorRule(bool alreadySubscribed) : IBusinessRule
{
    public bool IsBroken() => alreadySubscribed;

    public string Message => "You already subscribe to this creator; change the tier of that subscription instead.";
}
