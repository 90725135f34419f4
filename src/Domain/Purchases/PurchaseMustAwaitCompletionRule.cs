using Digis.Domain.Common;

namespace Digis.Domain.Purchases;

public sealed class PurchaseMustAwaitCompletionRule(Purchase purchase) : IBusinessRule
{
    public bool IsBroken() => !purchase.AwaitsCompletion;

    public string Message => "The purchase is no longer waiting for its payment.";
}
