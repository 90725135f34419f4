using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
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
}
