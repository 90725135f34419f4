using Digis.Domain.Common;

namespace Digis.Domain.Ledger;

/// <summary>A refund gives back what was charged; a call that charged nothing has nothing to give back.</summary>
public sealed class RefundNeedsAChargeRule(IRefundableSpend spend) : IBusinessRule
{
    public bool IsBroken() => !spend.Charged.IsPositive;

    public string Message => "Nothing was charged, so nothing is refunded.";
}
