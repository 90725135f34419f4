using Digis.Domain.Common;
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
}

public static class TransferKinds
{
    /// <summary>What a creator earns from: tips, tickets and call blocks.</summary>
    public static bool IsSpend(this TransferKind kind) => kind is TransferKind.Tip or TransferKind.Ticket or TransferKind.CallBlock;

    public static bool IsSpendRefund(this TransferKind kind) =>
        kind is TransferKind.TipRefund or TransferKind.TicketRefund or TransferKind.CallBlockRefund;

    /// <summary>The kind of the transfer that gives back a spend of this kind.</summary>
    public static TransferKind RefundOf(this TransferKind kind) => kind switch
    {
        TransferKind.Tip => TransferKind.TipRefund,
        TransferKind.Ticket => TransferKind.TicketRefund,
        TransferKind.CallBlock => TransferKind.CallBlockRefund,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only spends are refunded."),
    };
}

/// <summary>
/// One movement of tokens from one account to another, with exactly two immutable entries
/// (TigerBeetle's transfer; pgledger's balance-after on each entry). Corrections are new transfers.
/// </summary>
public sealed class Transfer
{
    private readonly List<LedgerEntry> _entries = new(2);

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

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    /// <summary>
    /// Moves <paramref name="amount"/> from <paramref name="from"/> to <paramref name="to"/>. Both accounts
    /// must be locked by the caller for the rest of the transaction.
    /// </summary>
    public static Transfer Post(
        Account from,
        Account to,
        Tokens amount,
        TransferKind kind,
        Guid referenceId,
        DateTimeOffset now,
        string? memo = null)
    {
        Rule.Check(new AmountMovedMustBePositiveRule(amount.Value));
        Rule.Check(new TransferMustJoinTwoAccountsRule(from, to));

        from.Debit(amount, kind);
        to.Credit(amount, kind);

        var transfer = new Transfer
        {
            Id = Ids.New(now),
            DebitAccountId = from.Id,
            CreditAccountId = to.Id,
            Amount = amount,
            Kind = kind,
            ReferenceId = referenceId,
            Memo = memo,
            CreatedAt = now,
        };
        transfer._entries.Add(LedgerEntry.Create(transfer, from, to, -amount.Value));
        transfer._entries.Add(LedgerEntry.Create(transfer, to, from, amount.Value));
        return transfer;
    }
}

public sealed class TransferMustJoinTwoAccountsRule(Account from, Account to) : IBusinessRule
{
    public bool IsBroken() => from.Id == to.Id;

    public string Message => "A transfer moves tokens between two different accounts.";
}

/// <summary>One side of a transfer, as the account sees it: a signed amount and the balance after it.</summary>
public sealed class LedgerEntry
{
    private LedgerEntry()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Order of entries in the database (identity); a statement's keyset cursor.</summary>
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

    internal static LedgerEntry Create(Transfer transfer, Account account, Account counterparty, long amount) => new()
    {
        Id = Ids.New(transfer.CreatedAt),
        AccountId = account.Id,
        TransferId = transfer.Id,
        Kind = transfer.Kind,
        Amount = amount,
        BalanceAfter = account.Balance,
        CounterpartyAccountId = counterparty.Id,
        CounterpartyUserId = counterparty.UserId,
        ReferenceId = transfer.ReferenceId,
        Memo = transfer.Memo,
        CreatedAt = transfer.CreatedAt,
    };
}
