using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

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
