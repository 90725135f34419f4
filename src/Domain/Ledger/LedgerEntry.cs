using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

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
