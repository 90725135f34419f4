using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

/// <summary>What a fan paid a creator that can be given back, once: a tip, a ticket, or what a call charged.</summary>
public interface IRefundableSpend
{
    Guid Id { get; }

    Guid FanId { get; }

    /// <summary>The kind of the transfers that charged it.</summary>
    TransferKind SpendKind { get; }

    /// <summary>What the fan paid for it, all of which a refund gives back.</summary>
    Tokens Charged { get; }

    DateTimeOffset? RefundedAt { get; }

    void MarkRefunded(DateTimeOffset now);
}

/// <summary>A spend is refunded at most once, whoever asks and however many ask at once.</summary>
public sealed class SpendIsRefundedOnceRule(IRefundableSpend spend) : IBusinessRule
{
    public bool IsBroken() => spend.RefundedAt is not null;

    public string Message => "It was already refunded.";
}

/// <summary>A refund gives back what was charged; a call that charged nothing has nothing to give back.</summary>
public sealed class RefundNeedsAChargeRule(IRefundableSpend spend) : IBusinessRule
{
    public bool IsBroken() => !spend.Charged.IsPositive;

    public string Message => "Nothing was charged, so nothing is refunded.";
}
