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
