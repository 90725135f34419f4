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
}

public static class TransferKinds
{
    /// <summary>
    /// What fans spend on creators: tips, tickets and call blocks. Creators earn from these, spending limits count these,
    /// and the ledger's lifetime figures count them as spent and earned. The SQL that names them (<c>post_transfers</c>,
    /// the spends index) is checked against this list.
    /// </summary>
    public static IReadOnlyList<TransferKind> Spends { get; } = [TransferKind.Tip, TransferKind.Ticket, TransferKind.CallBlock];

    /// <summary>The transfers that give a spend back, each in the place of its spend in <see cref="Spends"/>.</summary>
    public static IReadOnlyList<TransferKind> Refunds { get; } = [TransferKind.TipRefund, TransferKind.TicketRefund, TransferKind.CallBlockRefund];

    /// <summary>What a creator's earnings statement lists: the spends and their refunds.</summary>
    public static IReadOnlyList<TransferKind> SpendsAndRefunds { get; } = [.. Spends, .. Refunds];

    public static bool IsSpend(this TransferKind kind) => Spends.Contains(kind);

    /// <summary>The kind of the transfer that gives back a spend of this kind.</summary>
    public static TransferKind RefundOf(this TransferKind kind) =>
        Spends.IndexOf(kind) is var i and >= 0
            ? Refunds[i]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only spends are refunded.");

    /// <summary>The spend a refund gives back; any other kind is itself.</summary>
    public static TransferKind SpendOf(this TransferKind kind) => Refunds.IndexOf(kind) is var i and >= 0 ? Spends[i] : kind;

    private static int IndexOf(this IReadOnlyList<TransferKind> kinds, TransferKind kind)
    {
        for (var i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == kind)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// A movement the ledger is asked to make: <paramref name="Amount"/> from one account to another, for the tip,
/// ticket, call, purchase, cash-out or adjustment <paramref name="ReferenceId"/> names. The ledger posts it as
/// one <see cref="Transfer"/> with two entries, or refuses it whole.
/// </summary>
public sealed record Posting(Guid DebitAccountId, Guid CreditAccountId, Tokens Amount, TransferKind Kind, Guid ReferenceId, string? Memo);

/// <summary>
/// One movement of tokens from one account to another, with exactly two immutable entries
/// (TigerBeetle's transfer; pgledger's balance-after on each entry), as the ledger posted it. Corrections are
/// new transfers: the database refuses to update or delete a ledger row.
/// </summary>
public sealed class Transfer
{
    private Transfer()
    {
    }

    public Guid Id { get; private set; }

    public Guid DebitAccountId { get; private set; }

    public Guid CreditAccountId { get; private set; }

    public Tokens Amount { get; private set; }

    public TransferKind Kind { get; private set; }

    /// <summary>The tip, ticket, call, purchase, cash-out or adjustment that caused it.</summary>
    public Guid ReferenceId { get; private set; }

    public string? Memo { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>One side of a transfer, as the account sees it: a signed amount and the balance after it.</summary>
public sealed class LedgerEntry
{
    private LedgerEntry()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Order of entries in the database (identity): posting order, and a statement's keyset cursor.</summary>
    public long Seq { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid TransferId { get; private set; }

    public TransferKind Kind { get; private set; }

    /// <summary>Signed from this account's side: negative when tokens left it.</summary>
    public long Amount { get; private set; }

    public Tokens BalanceAfter { get; private set; }

    public Guid CounterpartyAccountId { get; private set; }

    /// <summary>The user who owns the other side, when that side is a wallet.</summary>
    public Guid? CounterpartyUserId { get; private set; }

    public Guid ReferenceId { get; private set; }

    public string? Memo { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
