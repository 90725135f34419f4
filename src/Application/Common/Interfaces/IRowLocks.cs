using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

/// <summary>
/// Row locks (<c>SELECT … FOR UPDATE</c>) held until the command's transaction ends. Ledger accounts are
/// always locked in ascending id order, all in one call, so concurrent transfers never deadlock. Where a
/// command locks an aggregate row too (a purchase, a stream), it locks that first, then the accounts.
/// </summary>
public interface IRowLocks
{
    /// <summary>
    /// Locks the accounts and the wallets of <paramref name="walletsOf"/> (users), all in one ascending
    /// statement, keyed by account id; <paramref name="tracked"/> false loads them untracked (for the bulk writer).
    /// </summary>
    Task<IReadOnlyDictionary<Guid, Account>> LockAccountsAsync(
        IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken, bool tracked = true, IReadOnlyCollection<Guid>? walletsOf = null);

    /// <summary>Loads one row by id, locked, and tracked for the rest of the unit of work; null when absent.</summary>
    Task<T?> LockAsync<T>(Guid id, CancellationToken cancellationToken)
        where T : class;
}
