using Digis.Domain.Common;

namespace Digis.Domain.Subscriptions;

/// <summary>A show for subscribers admits the creator's active subscribers and no one else (403 <c>subscribers-only</c>).</summary>
public sealed class SubscribersOnlyShowRule(bool isSubscriber) : IBusinessRule
{
    public bool IsBroken() => !isSubscriber;

    public string Message => "This show is for the creator's subscribers.";

    public RuleKind Kind => RuleKind.Forbidden;
}
