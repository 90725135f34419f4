using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.GetWalletStats;

public sealed record GetWalletStats(Guid UserId, string? Period) : IQuery<WalletStatsDto>;

public sealed record KindStatDto(string Kind, long Count, long Total);

public sealed record WalletStatsDto(string Period, long Spent, long Earned, IReadOnlyList<KindStatDto> ByKind);

/// <summary>
/// Figures of one user's accounts (wallet and earnings) over a period. <c>spent</c> is what left the wallet for tips, tickets and call
/// blocks; <c>earned</c> what came in for them; refunds show as their own kind. <c>total</c> is signed.
/// </summary>
public sealed class GetWalletStatsHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetWalletStats, WalletStatsDto>
{
    public async ValueTask<WalletStatsDto> Handle(GetWalletStats query, CancellationToken cancellationToken)
    {
        var period = query.Period ?? "all";
        Rule.Check(new StatsPeriodMustBeKnownRule(period));
        DateTimeOffset? since = period switch
        {
            "24h" => clock.GetUtcNow().AddHours(-24),
            "7d" => clock.GetUtcNow().AddDays(-7),
            "30d" => clock.GetUtcNow().AddDays(-30),
            _ => null,
        };

        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("The wallet");
        }

        // Every account the user owns, less the moves between them (an ended show's escrow reaching earnings,
        // earnings clearing, tokens held for a dispute and released): those are neither spent nor earned.
        var owned = db.Accounts.AsNoTracking().Where(a => a.UserId == query.UserId).Select(a => a.Id);
        var entries = db.LedgerEntries.AsNoTracking()
            .Where(e => owned.Contains(e.AccountId) && e.Kind != TransferKind.EscrowRelease && e.Kind != TransferKind.EarningsCleared
                && e.Kind != TransferKind.Hold && e.Kind != TransferKind.Release);
        if (since is { } from)
        {
            entries = entries.Where(e => e.CreatedAt >= from);
        }

        var groups = await entries
            .GroupBy(e => new { e.Kind, Debit = e.Amount < 0 })
            .Select(g => new { g.Key.Kind, g.Key.Debit, Count = (long)g.Count(), Total = g.Sum(e => e.Amount) })
            .ToListAsync(cancellationToken);

        var spent = -groups.Where(g => g.Debit && g.Kind.IsSpend()).Sum(g => g.Total);
        var earned = groups.Where(g => !g.Debit && g.Kind.IsSpend()).Sum(g => g.Total);
        var byKind = groups
            .GroupBy(g => EntryKinds.Of(g.Kind))
            .Select(g => new KindStatDto(g.Key, g.Sum(x => x.Count), g.Sum(x => x.Total)))
            .OrderBy(k => k.Kind, StringComparer.Ordinal)
            .ToList();
        return new WalletStatsDto(period, spent, earned, byKind);
    }
}
