using Digis.Domain.Ledger;

namespace Digis.Application.Ledger;

/// <summary>
/// The ledger: the one writer of accounts, transfers and entries (docs/decisions/0001-one-posting-function.md). Use cases
/// describe what moves as <see cref="Posting"/>s; the ledger posts them with the database function <c>post_transfers</c>,
/// which owns every posting rule (lock order, no wallet below zero, two entries per transfer with the balance after each,
/// lifetime figures). Every call runs in the command's transaction and keeps its account locks until it ends; once the
/// transaction has committed, what was posted is announced (<see cref="LedgerEvents"/>).
/// </summary>
public interface ILedger
{
    /// <summary>
    /// Posts the movements in order, all or none: one that would take a wallet below zero refuses the whole call with the
    /// <see cref="WalletBalanceCannotGoNegativeRule"/> (402).
    /// </summary>
    Task<Posted> PostAsync(IReadOnlyList<Posting> postings, CancellationToken cancellationToken);

    Task<Posted> PostAsync(Posting posting, CancellationToken cancellationToken) => PostAsync([posting], cancellationToken);

    /// <summary>
    /// Locks the accounts and the wallets of <paramref name="walletsOf"/> (users) in ascending id order, in one statement,
    /// and answers them by account id, for a use case that decides from a balance before it posts (how many call blocks a
    /// fan can pay, how much of a creator's earnings has cleared). It names every account its posting will touch, so that
    /// no lock is taken out of order after. Unknown ids are a 404.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, AccountBalance>> LockAsync(
        IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<Guid> walletsOf, CancellationToken cancellationToken);

    /// <summary>What each account received (its credits) after <paramref name="since"/>; accounts that received nothing are absent.</summary>
    Task<IReadOnlyDictionary<Guid, long>> CreditsSinceAsync(
        IReadOnlyCollection<Guid> accountIds, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// What each account received after <paramref name="since"/> and up to <paramref name="until"/> as spends
    /// (<paramref name="spends"/>) from trusted fans (SPEC §16): fans with a completed purchase, none of whose purchases
    /// was ever disputed, charged back or refunded, and none completed within <paramref name="trustedAfter"/> before the
    /// spend. Accounts that received none are absent.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, long>> TrustedCreditsAsync(
        IReadOnlyCollection<Guid> accountIds, DateTimeOffset since, DateTimeOffset until, TimeSpan trustedAfter,
        IReadOnlyCollection<TransferKind> spends, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the accounts that do not exist yet (<see cref="Account.OpenWallet"/>, <see cref="Account.OpenEarnings"/>,
    /// <see cref="Account.OpenEscrow"/>, <see cref="Account.OpenHeld"/>); those that do stay as they are.
    /// </summary>
    Task OpenAsync(IReadOnlyCollection<Account> accounts, CancellationToken cancellationToken);
}
