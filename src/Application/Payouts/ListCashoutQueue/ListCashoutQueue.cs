using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Application.Wallets;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.ListCashoutQueue;

/// <summary>A staff adjustment of the creator's wallet, from the audit log: who, when, and the tokens (+ credit, − debit).</summary>
public sealed record RecentAdjustmentDto(string Staff, DateTimeOffset At, long Amount);

/// <summary>
/// What a reviewer decides a cash-out on: who the creator is, how old the account is, its lifetime figures, the
/// spending balance and the earnings (escrow, clearing, cashable), and staff adjustments of the wallet or the
/// earnings within the four-eyes period (<see cref="WalletAdjustmentAudit.FourEyesPeriod"/>), newest first.
/// </summary>
public sealed record CashoutCreatorDto(
    Guid Id,
    string DisplayName,
    DateTimeOffset JoinedAt,
    TimeSpan AccountAge,
    long Balance,
    EarningsFigures Earnings,
    LifetimeDto Lifetime,
    IReadOnlyList<RecentAdjustmentDto> RecentAdjustments);

public sealed record CashoutReviewDto(CashoutDto Cashout, CashoutCreatorDto Creator);

/// <summary>The pending cash-outs, oldest first (the queue's order), keyset-paged, each with its creator's review figures.</summary>
public sealed record ListCashoutQueue(PageRequest Page) : IQuery<Page<CashoutReviewDto>>;

public sealed class ListCashoutQueueHandler(IDigisDbContext db, WalletReader wallets, TimeProvider clock) : IQueryHandler<ListCashoutQueue, Page<CashoutReviewDto>>
{
    public async ValueTask<Page<CashoutReviewDto>> Handle(ListCashoutQueue query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var page = await db.Cashouts.AsNoTracking().Where(c => c.Status == CashoutStatus.Pending)
            .ToPageByIdOldestFirstAsync(c => c.Id, query.Page, CashoutDto.From, cancellationToken);
        var creatorIds = page.Items.Select(c => c.CreatorId).Distinct().ToList();
        if (creatorIds.Count == 0)
        {
            return new Page<CashoutReviewDto>([], page.NextCursor);
        }

        var creators = await db.Users.AsNoTracking().Where(u => creatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var walletsOf = await wallets.ReadAsync(creatorIds, cancellationToken);

        // One read of the audit log for the whole page: the adjustment lines whose target names one of its creators.
        var since = now - WalletAdjustmentAudit.FourEyesPeriod;
        var targets = creatorIds.Select(WalletAdjustmentAudit.TargetPrefix).ToList();
        var adjustments = (await db.StaffActions.AsNoTracking()
                .Where(a => a.At >= since
                    && WalletAdjustmentAudit.Actions.Contains(a.Action)
                    && targets.Contains(a.Target.Substring(0, WalletAdjustmentAudit.TargetPrefixLength)))
                .OrderByDescending(a => a.At)
                .Select(a => new { a.Staff, a.At, a.Action, a.Target })
                .ToListAsync(cancellationToken))
            .Select(a => (Prefix: a.Target[..WalletAdjustmentAudit.TargetPrefixLength], Amount: WalletAdjustmentAudit.Amount(a.Action, a.Target),
                Line: a))
            .Where(a => a.Amount is not null)
            .ToLookup(
                a => a.Prefix,
                a => new RecentAdjustmentDto(a.Line.Staff, a.Line.At, WalletAdjustmentAudit.IsCredit(a.Line.Action) ? a.Amount!.Value.Value : -a.Amount!.Value.Value));

        var items = page.Items.Select(cashout =>
        {
            var creator = creators[cashout.CreatorId];
            var wallet = walletsOf[cashout.CreatorId];
            return new CashoutReviewDto(cashout, new CashoutCreatorDto(
                creator.Id,
                creator.DisplayName,
                creator.CreatedAt,
                now - creator.CreatedAt,
                wallet.Balance,
                wallet.Earnings ?? EarningsFigures.None,
                wallet.Lifetime,
                adjustments[WalletAdjustmentAudit.TargetPrefix(cashout.CreatorId)].ToList()));
        }).ToList();
        return new Page<CashoutReviewDto>(items, page.NextCursor);
    }
}
