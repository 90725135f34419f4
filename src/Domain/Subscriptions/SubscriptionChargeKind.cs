namespace Digis.Domain.Subscriptions;

public enum SubscriptionChargeKind
{
    /// <summary>A whole period at the tier's price: the first at subscribe, each next one at renewal.</summary>
    Period,

    /// <summary>The price difference of an upgrade, prorated to the period's remaining seconds.</summary>
    Upgrade,
}
