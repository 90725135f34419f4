namespace Digis.Domain.Ledger;

/// <summary>The kinds a wallet statement shows (SPEC §4 "Me and wallet").</summary>
public static class EntryKinds
{
    public const string Purchase = "purchase";
    public const string Tip = "tip";
    public const string Ticket = "ticket";
    public const string CallBlock = "call-block";
    public const string Refund = "refund";
    public const string Cashout = "cashout";
    public const string CashoutReversal = "cashout-reversal";
    public const string Adjustment = "adjustment";
    public const string EscrowRelease = "escrow-release";
    public const string EarningsCleared = "earnings-cleared";
    public const string Hold = "hold";
    public const string Release = "release";
    public const string Chargeback = "chargeback";
    public const string DebtRepayment = "debt-repayment";
    public const string Subscription = "subscription";

    public static string Of(TransferKind kind) => kind switch
    {
        TransferKind.Purchase => Purchase,
        TransferKind.PurchaseReversal => Refund,
        TransferKind.Tip => Tip,
        TransferKind.Ticket => Ticket,
        TransferKind.CallBlock => CallBlock,
        TransferKind.Subscription => Subscription,
        TransferKind.TipRefund or TransferKind.TicketRefund or TransferKind.CallBlockRefund or TransferKind.SubscriptionRefund => Refund,
        TransferKind.Cashout or TransferKind.CashoutSettlement => Cashout,
        TransferKind.CashoutReversal => CashoutReversal,
        TransferKind.Adjustment => Adjustment,
        TransferKind.EscrowRelease => EscrowRelease,
        TransferKind.EarningsCleared => EarningsCleared,
        TransferKind.Hold => Hold,
        TransferKind.Release => Release,
        TransferKind.Chargeback => Chargeback,
        TransferKind.DebtRepayment => DebtRepayment,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
