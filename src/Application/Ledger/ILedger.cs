using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

/// <summary>An account as the ledger left it: its owner (null for system accounts), kind and balance.</summary>
public sealed record AccountBalance(Guid AccountId, Guid? UserId, AccountKind Kind, long Balance);

/// <summary>A creator's earnings (SPEC §11): ticket revenue of shows not yet ended, clearing and cashable tokens.</summary>
public sealed record EarningsFigures(long Escrow, long Clearing, long Cashable)
{
    public static readonly EarningsFigures None = new(0, 0, 0);
}

/// <summary>What a posting did: every account it touched as it now is, and the earnings of their owners that have earnings.</summary>
public sealed record LedgerPosting(IReadOnlyList<AccountBalance> Accounts, IReadOnlyDictionary<Guid, EarningsFigures> EarningsByUser);

/// <summary>
/// The ledger's store: the only writer of accounts, transfers and entries. Every call runs in the command's
/// transaction and holds its account locks until it ends.
/// </summary>
public interface ILedger
{
    /// <summary>
    /// Locks the accounts and the wallets of <paramref name="walletsOf"/> (users) in ascending id order, in one
    /// statement, and returns them by account id, for a use case that decides from a balance before it posts
    /// (how many call blocks a fan can pay, how much of a creator's earnings has cleared). It names every account
    /// its posting will touch, so that no lock is taken out of order after. Unknown ids are a 404.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, AccountBalance>> LockAsync(
        IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<Guid> walletsOf, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the accounts that do not exist yet (<see cref="Account.OpenEarnings"/>, <see cref="Account.OpenHeld"/>, …); a
    /// no-op for those that do. Run before locking them.
    /// </summary>
    Task OpenAsync(IReadOnlyCollection<Account> accounts, CancellationToken cancellationToken);

    /// <summary>What each account received (its credits) after <paramref name="since"/>; accounts that received nothing are absent.</summary>
    Task<IReadOnlyDictionary<Guid, long>> CreditsSinceAsync(
        IReadOnlyCollection<Guid> accountIds, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Posts the movements in order, all or none: a movement that would take a wallet below zero refuses the
    /// whole call with the <see cref="WalletBalanceCannotGoNegativeRule"/> (402).
    /// </summary>
    Task<LedgerPosting> PostAsync(IReadOnlyList<Posting> postings, DateTimeOffset at, CancellationToken cancellationToken);
}
