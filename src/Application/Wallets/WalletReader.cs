using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets;

/// <summary>
/// The one reader of balances without a lock (a locked read is <see cref="ILedger.LockAsync"/>; what a posting left,
/// <see cref="Posted"/>). Reads wallets as users see them: the balance of the spending wallet, tokens held for disputed purchases and the
/// debt left by charges taken back (SPEC §11), lifetime figures summed over every
/// account the user owns, and a creator's earnings with what has cleared by now counted as cashable, as a
/// cash-out would find it (<see cref="CreatorEarnings"/>), whether or not a sweep has moved it yet.
/// </summary>
public sealed class WalletReader(IDigisDbContext db, CreatorEarnings earnings)
{
    /// <summary>
    /// The user's spending wallet and debt, for a spend's first look (the ledger checks the balance again when it posts;
    /// a debt appears only with the wallet emptied under its lock, so a spend that read none is refused by the balance).
    /// </summary>
    public async Task<SpendingWallet> SpendingWalletAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new SpendingWallet(a.Id, a.Balance.Value, u.Debt))
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("The wallet");

    /// <summary>The spending balances of these users, by user (users that do not exist are absent).</summary>
    public async Task<Dictionary<Guid, long>> BalancesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { u.Id, a.Balance })
            .ToDictionaryAsync(w => w.Id, w => w.Balance.Value, cancellationToken);

    /// <summary>The wallet account ids of these users, by user (users that do not exist are absent).</summary>
    public async Task<Dictionary<Guid, Guid>> WalletIdsAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.WalletAccountId, cancellationToken);

    public async Task<WalletDto> ReadAsync(Guid userId, CancellationToken cancellationToken) =>
        (await ReadAsync([userId], cancellationToken)).GetValueOrDefault(userId) ?? throw new NotFoundException("The wallet");

    /// <summary>The wallets of these users, by user (users that do not exist are absent).</summary>
    public async Task<IReadOnlyDictionary<Guid, WalletDto>> ReadAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.UserId != null && userIds.Contains(a.UserId.Value))
            .Select(a => new { a.Id, UserId = a.UserId!.Value, a.Kind, a.Balance, a.Purchased, a.Spent, a.Earned, a.CashedOut })
            .ToListAsync(cancellationToken);
        var cleared = await earnings.ClearedAsync(
            [.. accounts.Where(a => a.Kind == AccountKind.EarningsClearing).Select(a => (a.Id, a.Balance.Value))], cancellationToken);
        var debts = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id) && u.Debt != Tokens.Zero)
            .ToDictionaryAsync(u => u.Id, u => u.Debt.Value, cancellationToken);

        return accounts.GroupBy(a => a.UserId).ToDictionary(owned => owned.Key, owned =>
        {
            var lifetime = new LifetimeDto(
                owned.Sum(a => a.Purchased.Value), owned.Sum(a => a.Spent.Value), owned.Sum(a => a.Earned.Value), owned.Sum(a => a.CashedOut.Value));
            var balance = owned.Single(a => a.Kind == AccountKind.Wallet).Balance.Value;
            var held = owned.Where(a => a.Kind == AccountKind.Held).Sum(a => a.Balance.Value);
            var debt = debts.GetValueOrDefault(owned.Key);
            if (!owned.Any(a => a.Kind == AccountKind.EarningsCashable))
            {
                return new WalletDto(balance, held, debt, lifetime, null, 0);
            }

            var shards = owned.Where(a => a.Kind == AccountKind.EarningsClearing).ToList();
            var clearedNow = shards.Sum(a => cleared.GetValueOrDefault(a.Id));
            var figures = new EarningsFigures(
                owned.Where(a => a.Kind == AccountKind.Escrow).Sum(a => a.Balance.Value),
                shards.Sum(a => a.Balance.Value) - clearedNow,
                owned.Single(a => a.Kind == AccountKind.EarningsCashable).Balance.Value + clearedNow);
            return new WalletDto(balance, held, debt, lifetime, figures, new Tokens(figures.Cashable).CashoutValue.Value);
        });
    }
}
