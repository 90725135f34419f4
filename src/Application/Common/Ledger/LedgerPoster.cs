using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Application.Common.Ledger;

/// <summary>
/// The one way tokens move: lock the accounts (ascending id, one call), post a double-entry transfer,
/// and tell each wallet's owner about the new balance once the transaction has committed.
/// </summary>
public sealed class LedgerPoster(
    IDigisDbContext db,
    IRowLocks locks,
    IPostCommitActions afterCommit,
    ILiveNotifier live,
    TimeProvider clock)
{
    public Task<IReadOnlyDictionary<Guid, Account>> LockAsync(IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken) =>
        locks.LockAccountsAsync(accountIds, cancellationToken);

    /// <summary>Locks both accounts and moves the tokens.</summary>
    public async Task<Transfer> MoveAsync(
        Guid fromAccountId,
        Guid toAccountId,
        Tokens amount,
        TransferKind kind,
        Guid referenceId,
        string? memo,
        CancellationToken cancellationToken)
    {
        var accounts = await locks.LockAccountsAsync([fromAccountId, toAccountId], cancellationToken);
        return Post(accounts[fromAccountId], accounts[toAccountId], amount, kind, referenceId, memo);
    }

    /// <summary>Moves tokens between accounts already locked by <see cref="LockAsync"/> in this transaction.</summary>
    public Transfer Post(Account from, Account to, Tokens amount, TransferKind kind, Guid referenceId, string? memo)
    {
        var transfer = Transfer.Post(from, to, amount, kind, referenceId, clock.GetUtcNow(), memo);
        db.Transfers.Add(transfer);
        NotifyOwner(from, kind, referenceId);
        NotifyOwner(to, kind, referenceId);
        return transfer;
    }

    private void NotifyOwner(Account account, TransferKind kind, Guid referenceId)
    {
        if (account.UserId is not { } userId)
        {
            return;
        }

        var change = new BalanceChangedEvent(account.Balance.Value, EntryKinds.Of(kind), referenceId);
        afterCommit.Add(ct => live.BalanceChangedAsync(userId, change, ct));
    }
}
