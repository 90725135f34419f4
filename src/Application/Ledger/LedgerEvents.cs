using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;

namespace Digis.Application.Common.Ledger;

/// <summary>
/// How use cases move tokens: they describe the movements (<see cref="Posting"/>) and the ledger posts them
/// (<see cref="ILedger"/>: the database function <c>post_transfers</c> owns every posting rule). Once the
/// command's transaction has committed, each wallet's owner hears its new balance, each creator whose earnings
/// moved hears their earnings, and the movements are counted.
/// </summary>
public sealed class LedgerPoster(ILedger ledger, IPostCommitActions afterCommit, ILiveNotifier live, IMetrics metrics, TimeProvider clock)
{
    /// <summary>
    /// Locks accounts (and the wallets of <paramref name="walletsOf"/>) for a decision that needs their balances
    /// before posting; see <see cref="ILedger.LockAsync"/>.
    /// </summary>
    public Task<IReadOnlyDictionary<Guid, AccountBalance>> LockAsync(
        IReadOnlyCollection<Guid> accountIds, CancellationToken cancellationToken, IReadOnlyCollection<Guid>? walletsOf = null) =>
        ledger.LockAsync(accountIds, walletsOf ?? [], cancellationToken);

    public Task<Posted> PostAsync(Posting posting, CancellationToken cancellationToken) => PostAsync([posting], cancellationToken);

    /// <summary>Posts the movements, all or none (402 when one would take a wallet below zero).</summary>
    public async Task<Posted> PostAsync(IReadOnlyList<Posting> postings, CancellationToken cancellationToken)
    {
        var result = await ledger.PostAsync(postings, clock.GetUtcNow(), cancellationToken);
        foreach (var account in result.Accounts.Where(a => a.Kind == AccountKind.Wallet))
        {
            var last = LastTouching(postings, account.AccountId);
            var change = new BalanceChangedEvent(account.Balance, EntryKinds.Of(last.Kind), last.ReferenceId);
            afterCommit.Add(ct => live.BalanceChangedAsync(account.UserId!.Value, change, ct));
        }

        foreach (var (creator, figures) in result.EarningsByUser)
        {
            var last = LastTouching(postings, result.Accounts.Last(a => a.UserId == creator && a.Kind != AccountKind.Wallet).AccountId);
            var change = new EarningsChangedEvent(figures.Escrow, figures.Clearing, figures.Cashable, EntryKinds.Of(last.Kind), last.ReferenceId);
            afterCommit.Add(ct => live.EarningsChangedAsync(creator, change, ct));
        }

        afterCommit.Add(_ =>
        {
            foreach (var posting in postings)
            {
                metrics.Transferred(posting.Kind, posting.Amount.Value);
            }

            return Task.CompletedTask;
        });
        return new Posted(result.Accounts, result.EarningsByUser);
    }

    private static Posting LastTouching(IReadOnlyList<Posting> postings, Guid accountId) =>
        postings.Last(p => p.DebitAccountId == accountId || p.CreditAccountId == accountId);
}

/// <summary>The accounts a posting touched, as they now are, and the earnings of the creators whose earnings it moved.</summary>
public sealed record Posted(IReadOnlyList<AccountBalance> Accounts, IReadOnlyDictionary<Guid, EarningsFigures> EarningsByUser)
{
    public long BalanceOf(Guid accountId) => Accounts.Single(a => a.AccountId == accountId).Balance;

    /// <summary>The balance of <paramref name="userId"/>'s wallet, which the posting touched.</summary>
    public long BalanceOfUser(Guid userId) => Accounts.Single(a => a.UserId == userId && a.Kind == AccountKind.Wallet).Balance;

    /// <summary>The earnings of <paramref name="creatorId"/>, whose earnings the posting moved.</summary>
    public EarningsFigures EarningsOf(Guid creatorId) => EarningsByUser[creatorId];
}
