using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

/// <summary>
/// A fan's spend on a creator (tip, ticket, call block) in one statement, for the hot path: locks both
/// wallets in ascending id order, and only when the payer can pay moves the amount (balances and lifetime
/// counters), writes the transfer and its two entries (payer's first, each with its balance after) and
/// returns both wallets as they now are. One round trip, so the wallets stay locked only until the
/// commit that follows; as the command's last write (<c>lastWrite</c>) it carries that commit when the
/// unit of work allows, and the wallets are released as soon as PostgreSQL has written it.
/// It posts exactly what <see cref="Transfer.Post"/> posts for a spend.
/// </summary>
public interface ISpendStatement
{
    /// <summary>
    /// The two wallets after the spend, payer first; null when the payer cannot pay (nothing changed). When the
    /// statement carried the commit, a payer who cannot pay fails the command instead (the
    /// <see cref="WalletBalanceCannotGoNegativeRule"/>, nothing applied): there is no transaction left to go on in.
    /// </summary>
    Task<SpendLegs?> TrySpendAsync(SpendPosting posting, bool lastWrite, CancellationToken cancellationToken);
}

public sealed record SpendPosting(
    Guid TransferId,
    Guid PayerEntryId,
    Guid CreatorEntryId,
    Guid PayerWalletId,
    Guid CreatorWalletId,
    long Amount,
    TransferKind Kind,
    Guid ReferenceId,
    string? Memo,
    DateTimeOffset At);

public sealed record SpendLeg(Guid AccountId, Guid? UserId, long Balance);

public sealed record SpendLegs(SpendLeg Payer, SpendLeg Creator);
