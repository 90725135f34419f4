using Digis.Application.Calls;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Payments;
using Digis.Application.Payouts;
using Digis.Application.Purchases;
using Digis.Application.Wallets;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.GetUserDetail;

/// <summary>A purchase as support sees it, with every provider event applied to it, oldest first.</summary>
public sealed record PurchaseHistoryDto(PurchaseDto Purchase, IReadOnlyList<PaymentEventRecord> Events);

public sealed record UserDetailDto(
    UserSummaryDto User,
    WalletDto Wallet,
    IReadOnlyList<CallDto> Calls,
    IReadOnlyList<TicketSummaryDto> Tickets,
    IReadOnlyList<TipSummaryDto> Tips,
    IReadOnlyList<CashoutDto> Cashouts,
    IReadOnlyList<PurchaseHistoryDto> Purchases,
    IReadOnlyList<SubscriptionChargeSummaryDto> SubscriptionCharges);

/// <summary>
/// Everything support needs on one user: wallet (held tokens and debt included) and lifetime figures, recent calls,
/// tickets, tips, cash-outs, purchases with the history of their provider events, and subscription charges.
/// </summary>
public sealed record GetUserDetail(Guid UserId) : IQuery<UserDetailDto>;

public sealed class GetUserDetailHandler(IDigisDbContext db, WalletReader wallets, IWebhookEventLog paymentEvents, TimeProvider clock) : IQueryHandler<GetUserDetail, UserDetailDto>
{
    private const int Recent = 20;

    public async ValueTask<UserDetailDto> Handle(GetUserDetail query, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking().Where(u => u.Id == query.UserId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { User = u, Wallet = a })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The user");
        var id = query.UserId;
        var now = clock.GetUtcNow();
        var calls = await db.Calls.AsNoTracking().Where(c => c.FanId == id || c.CreatorId == id)
            .OrderByDescending(c => c.RequestedAt).Take(Recent).ToListAsync(cancellationToken);
        var tickets = await db.Tickets.AsNoTracking().Where(t => t.FanId == id)
            .OrderByDescending(t => t.CreatedAt).Take(Recent).ToListAsync(cancellationToken);
        var tips = await db.Tips.AsNoTracking().Where(t => t.FanId == id || t.CreatorId == id)
            .OrderByDescending(t => t.CreatedAt).Take(Recent).ToListAsync(cancellationToken);
        var cashouts = await db.Cashouts.AsNoTracking().Where(c => c.CreatorId == id)
            .OrderByDescending(c => c.CreatedAt).Take(Recent).ToListAsync(cancellationToken);
        var purchases = await db.Purchases.AsNoTracking().Where(p => p.UserId == id)
            .OrderByDescending(p => p.CreatedAt).Take(Recent).ToListAsync(cancellationToken);
        var charges = await db.SubscriptionCharges.AsNoTracking().Where(c => c.FanId == id || c.CreatorId == id)
            .OrderByDescending(c => c.ChargedAt).Take(Recent).ToListAsync(cancellationToken);
        var events = (await paymentEvents.OfPurchasesAsync([.. purchases.Select(p => p.Id)], cancellationToken)).ToLookup(e => e.PurchaseId);
        return new UserDetailDto(
            new UserSummaryDto(row.User.Id, row.User.DisplayName, row.User.Role, row.Wallet.Balance.Value, row.User.CreatedAt),
            await wallets.ReadAsync(id, cancellationToken),
            calls.Select(c => CallDto.From(c, now)).ToList(),
            tickets.Select(t => new TicketSummaryDto(t.Id, t.StreamId, t.Price.Value, t.CreatedAt, t.RefundedAt)).ToList(),
            tips.Select(t => new TipSummaryDto(t.Id, t.FanId, t.CreatorId, t.Amount.Value, t.Message, t.CreatedAt, t.RefundedAt)).ToList(),
            cashouts.Select(CashoutDto.From).ToList(),
            purchases.Select(p => new PurchaseHistoryDto(PurchaseDto.From(p), [.. events[p.Id]])).ToList(),
            [.. charges.Select(c => new SubscriptionChargeSummaryDto(
                c.Id, c.SubscriptionId, c.FanId, c.CreatorId, c.Kind, c.PeriodIndex, c.Amount.Value, c.ChargedAt, c.RefundedAt))]);
    }
}
