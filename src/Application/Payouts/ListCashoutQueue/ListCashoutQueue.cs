using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Application.Ledger;
using Digis.Application.Wallets;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.ListCashoutQueue;

/// <summary>
/// What a reviewer decides a cash-out on: who the creator is, how old the account is, its lifetime figures, the
/// spending balance and the earnings (escrow, clearing, cashable), and the staff credits that reached the creator
/// (<see cref="StaffCreditTrail"/>: adjustments of their own wallet or earnings, credits to fans who then paid them),
/// newest first.
/// </summary>
public sealed record CashoutCreatorDto(
    Guid Id,
    string DisplayName,
    DateTimeOffset JoinedAt,
    TimeSpan AccountAge,
    long Balance,
    EarningsFigures Earnings,
    LifetimeDto Lifetime,
    IReadOnlyList<StaffCreditDto> StaffCredits);

/// <summary>A pending cash-out, its creator's figures, the creator's payout account and the first of its two approvals (SPEC §16).</summary>
public sealed record CashoutReviewDto(CashoutDto Cashout, CashoutCreatorDto Creator, PayoutAccountStatus PayoutAccount, string? FirstApprovedBy);

/// <summary>The pending cash-outs, oldest first (the queue's order), keyset-paged, each with its creator's review figures.</summary>
public sealed record ListCashoutQueue(PageRequest Page) : IQuery<Page<CashoutReviewDto>>;

public sealed class ListCashoutQueueHandler(IDigisDbContext db, WalletReader wallets, StaffCreditTrail credits, TimeProvider clock)
    : IQueryHandler<ListCashoutQueue, Page<CashoutReviewDto>>
{
    public async ValueTask<Page<CashoutReviewDto>> Handle(ListCashoutQueue query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var page = await db.Cashouts.AsNoTracking().Where(c => c.Status == CashoutStatus.Pending)
            .ToPageByIdOldestFirstAsync(c => c.Id, query.Page, c => c, cancellationToken);
        var creatorIds = page.Items.Select(c => c.CreatorId).Distinct().ToList();
        if (creatorIds.Count == 0)
        {
            return new Page<CashoutReviewDto>([], page.NextCursor);
        }

        var creators = await db.Users.AsNoTracking().Where(u => creatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var walletsOf = await wallets.ReadAsync(creatorIds, cancellationToken);
        var accounts = await db.PayoutAccounts.AsNoTracking().Where(a => creatorIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Status, cancellationToken);

        var trail = await credits.ReachingAsync(creatorIds, now, cancellationToken);
        var items = page.Items.Select(cashout =>
        {
            var creator = creators[cashout.CreatorId];
            var wallet = walletsOf[cashout.CreatorId];
            return new CashoutReviewDto(CashoutDto.From(cashout), new CashoutCreatorDto(
                creator.Id,
                creator.DisplayName,
                creator.CreatedAt,
                now - creator.CreatedAt,
                wallet.Balance,
                wallet.Earnings ?? EarningsFigures.None,
                wallet.Lifetime,
                trail[cashout.CreatorId].ToList()),
                accounts.GetValueOrDefault(cashout.CreatorId, PayoutAccountStatus.None),
                cashout.FirstApprovedBy);
        }).ToList();
        return new Page<CashoutReviewDto>(items, page.NextCursor);
    }
}
