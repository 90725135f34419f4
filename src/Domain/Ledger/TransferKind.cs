using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

/// <summary>Why tokens moved. Each maps to the entry kind a wallet's statement shows.</summary>
public enum TransferKind
{
    Purchase,
    PurchaseReversal,
    Tip,
    Ticket,
    CallBlock,
    TipRefund,
    TicketRefund,
    CallBlockRefund,
    Cashout,
    CashoutReversal,
    CashoutSettlement,
    Adjustment,

    /// <summary>An ended show's ticket revenue, from its escrow to the creator's earnings (clearing).</summary>
    EscrowRelease,

    /// <summary>Earnings whose clearing period has passed, from a clearing sub-account to the cashable account.</summary>
    EarningsCleared,

    /// <summary>A disputed purchase's tokens, from the wallet to the user's held account.</summary>
    Hold,

    /// <summary>Held tokens back to the wallet: the dispute was won.</summary>
    Release,

    /// <summary>A lost dispute's tokens back to issuance (from the held account, then the wallet).</summary>
    Chargeback,

    /// <summary>Tokens a payment brought to a wallet in debt, on to issuance to repay it.</summary>
    DebtRepayment,

    /// <summary>A subscription's period or upgrade (SPEC §18), from the fan's wallet to the creator's clearing earnings.</summary>
    Subscription,

    /// <summary>A subscription charge given back by staff.</summary>
    SubscriptionRefund,
}
