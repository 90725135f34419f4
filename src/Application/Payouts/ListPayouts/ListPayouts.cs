using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.ListPayouts;

/// <summary>
/// A cash-out on its way to the bank, as staff follow it (SPEC §16 console): the cash-out with its transfer and bank
/// status, the payout job's attempts, the last error Stripe gave and when it tries again, and the creator's payout account.
/// </summary>
public sealed record PayoutReviewDto(
    CashoutDto Cashout, string CreatorName, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt, bool ReversalDue,
    PayoutAccountStatus AccountStatus, string? AccountId);

/// <summary>Approved, paid or failed cash-outs, newest first, keyset-paged.</summary>
public sealed record ListPayouts(PayoutFilter Filter, PageRequest Page) : IQuery<Page<PayoutReviewDto>>;

public sealed class ListPayoutsHandler(IDigisDbContext db) : IQueryHandler<ListPayouts, Page<PayoutReviewDto>>
{
    public async ValueTask<Page<PayoutReviewDto>> Handle(ListPayouts query, CancellationToken cancellationToken)
    {
        var status = query.Filter switch
        {
            PayoutFilter.Sending => CashoutStatus.Approved,
            PayoutFilter.Paid => CashoutStatus.Paid,
            _ => CashoutStatus.Failed,
        };
        var page = await db.Cashouts.AsNoTracking().Where(c => c.Status == status)
            .ToPageByIdAsync(c => c.Id, query.Page, c => c, cancellationToken);
        var creatorIds = page.Items.Select(c => c.CreatorId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => creatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var accounts = await db.PayoutAccounts.AsNoTracking().Where(a => creatorIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        return new Page<PayoutReviewDto>(
            [.. page.Items.Select(c => new PayoutReviewDto(
                CashoutDto.From(c), names.GetValueOrDefault(c.CreatorId, "?"), c.Attempts, c.LastError, c.NextAttemptAt, c.ReversalDue,
                accounts.GetValueOrDefault(c.CreatorId)?.Status ?? PayoutAccountStatus.None, accounts.GetValueOrDefault(c.CreatorId)?.AccountId))],
            page.NextCursor);
    }
}
