using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

/// <summary>An account as the ledger left it: its owner (null for system accounts) and its balance.</summary>
public sealed record AccountBalance(Guid AccountId, Guid? UserId, long Balance);

/// <summary>
/// The ledger's store: the only writer of accounts, transfers and entries. Both calls run in the command's
/// transaction and hold their account locks until it ends.
/// </summary>
public interface ILedger
{
    /// <summary>
    /// Locks the accounts and the wallets of <paramref name="walletsOf"/> (users) in ascending id order and
    /// returns them by account id, for a use case that decides from a balance before it posts (how many call
    /// blocks a fan can pay, how much of a refunded purchase the wallet still holds). Unknown ids are a 404.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, AccountBalance>> LockAsync(
        IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<Guid> walletsOf, CancellationToken cancellationToken);

    /// <summary>
    /// Posts the movements in order, all or none: a movement that would take a wallet below zero refuses the
    /// whole call with the <see cref="WalletBalanceCannotGoNegativeRule"/> (402). Returns every account touched.
    /// </summary>
    Task<IReadOnlyList<AccountBalance>> PostAsync(IReadOnlyList<Posting> postings, DateTimeOffset at, CancellationToken cancellationToken);
}
