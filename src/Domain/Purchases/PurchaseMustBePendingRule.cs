using Digis.Domain.Common;

namespace Digis.Domain.Purchases;

public sealed class PurchaseMustBePendingRule(Purchase purchase) : IBusinessRule
{
    public bool IsBroken() => purchase.Status != PurchaseStatus.Pending;

    public string Message => "The purchase is no longer pending.";
}
