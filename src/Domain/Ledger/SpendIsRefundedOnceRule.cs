using Digis.Domain.Common;

namespace Digis.Domain.Ledger;

/// <summary>A spend is refunded at most once, whoever asks and however many ask at once.</summary>
public sealed class SpendIsRefundedOnceRule(IRefundableSpend spend) : IBusinessRule
{
    public bool IsBroken() => spend.RefundedAt is not null;

    public string Message => "It was already refunded.";
}
