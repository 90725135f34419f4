using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;

namespace Digis.Application.Ledger;

/// <summary>
/// The one place a posting is announced, once the command's transaction has committed (the ledger hands it every
/// <see cref="Posted"/>): each wallet's owner hears its new balance (<c>balanceChanged</c>), each creator whose earnings
/// moved hears them (<c>earningsChanged</c>), each with the kind and reference of the last movement that touched them,
/// and the movements are counted. Each announcement is an after-commit action of its own, so one that fails (the hub's
/// backplane is down) neither stops the others nor undoes the committed posting.
/// </summary>
public sealed class LedgerEvents(IPostCommitActions afterCommit, ILiveNotifier live, IMetrics metrics)
{
    public void Announce(Posted posted)
    {
        // The last movement of each account, found in one walk: a metering batch posts a thousand movements at once.
        var last = new Dictionary<Guid, Posting>();
        foreach (var posting in posted.Postings)
        {
            last[posting.DebitAccountId] = posting;
            last[posting.CreditAccountId] = posting;
        }

        var lastEarnings = new Dictionary<Guid, Posting>();
        foreach (var account in posted.Accounts)
        {
            if (account.Kind == AccountKind.Wallet)
            {
                var movement = last[account.AccountId];
                var change = new BalanceChangedEvent(account.Balance, EntryKinds.Of(movement.Kind), movement.ReferenceId);
                afterCommit.Add(ct => live.BalanceChangedAsync(account.UserId!.Value, change, ct));
            }
            else if (account.UserId is { } owner)
            {
                lastEarnings[owner] = last[account.AccountId];
            }
        }

        foreach (var (creator, figures) in posted.EarningsByUser)
        {
            var movement = lastEarnings[creator];
            var change = new EarningsChangedEvent(figures.Escrow, figures.Clearing, figures.Cashable, EntryKinds.Of(movement.Kind), movement.ReferenceId);
            afterCommit.Add(ct => live.EarningsChangedAsync(creator, change, ct));
        }

        afterCommit.Add(_ =>
        {
            foreach (var posting in posted.Postings)
            {
                metrics.Transferred(posting.Kind, posting.Amount.Value);
            }

            return Task.CompletedTask;
        });
    }
}
