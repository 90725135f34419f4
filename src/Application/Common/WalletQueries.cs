using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Common;

public static class WalletQueries
{
    /// <summary>A user's wallet account, read without tracking.</summary>
    public static IQueryable<Account> WalletOf(this IDigisDbContext db, Guid userId) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => a);

    /// <summary>The wallet account ids of these users, by user (users that do not exist are absent).</summary>
    public static async Task<Dictionary<Guid, Guid>> WalletIdsAsync(this IDigisDbContext db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.WalletAccountId, cancellationToken);

    /// <summary>
    /// Refuses a spend (402 <c>insufficient-funds</c> with the <c>debt</c>) while the payer owes tokens for a charge taken
    /// back (SPEC §11). Read without a lock: a debt appears only with the wallet emptied under its lock, so a spend that
    /// read no debt and posts after it is refused by the balance.
    /// </summary>
    public static async Task CheckNoDebtAsync(this IDigisDbContext db, Guid userId, CancellationToken cancellationToken) =>
        CheckNoDebt(await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Debt).FirstOrDefaultAsync(cancellationToken));

    public static void CheckNoDebt(Tokens debt) => Rule.Check(new SpendingNeedsNoDebtRule(debt));
}
