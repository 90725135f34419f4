using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Creators;

internal static class EarningsEntries
{
    /// <summary>
    /// What a creator earned, entry by entry: the spends fans made on them and the refunds of those
    /// (<see cref="TransferKinds.SpendsAndRefunds"/>), on the creator's earnings and show escrows — a ticket counts when
    /// sold, and what the creator spent as a fan is not theirs.
    /// </summary>
    public static IQueryable<LedgerEntry> EarningsEntriesOf(this IDigisDbContext db, Guid creatorId)
    {
        var earningsAccounts = db.Accounts.AsNoTracking().Where(a => a.UserId == creatorId && a.Kind != AccountKind.Wallet).Select(a => a.Id);
        return db.LedgerEntries.AsNoTracking()
            .Where(e => earningsAccounts.Contains(e.AccountId) && TransferKinds.SpendsAndRefunds.Contains(e.Kind));
    }
}
