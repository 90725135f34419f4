using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

/// <summary>
/// A movement the ledger is asked to make: <paramref name="Amount"/> from one account to another, for the tip,
/// ticket, call, purchase, cash-out or adjustment <paramref name="ReferenceId"/> names. The ledger posts it as
/// one <see cref="Transfer"/> with two entries, or refuses it whole.
/// </summary>
public sealed record Posting(Guid DebitAccountId, Guid CreditAccountId, Tokens Amount, TransferKind Kind, Guid ReferenceId, string? Memo);
