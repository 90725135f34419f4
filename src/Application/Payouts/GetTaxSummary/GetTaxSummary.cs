using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.GetTaxSummary;

/// <summary>
/// A creator's year for their tax return (SPEC §16), UTC: what fans paid them by kind of spend (every kind of
/// <see cref="TransferKinds.Spends"/>, named as <see cref="SpendNames"/> says), what was refunded, the tokens cashed out
/// (less those that came back) — all from the ledger entries of the creator's earnings and escrow — and the money
/// their cash-outs sent (<c>paidCents</c>) and the money that did not arrive (<c>failedCents</c>) in the year.
/// </summary>
public sealed record GetTaxSummary(Guid CallerId, int Year) : IQuery<TaxSummaryDto>;

public sealed record TaxSummaryDto(int Year, IReadOnlyDictionary<string, long> EarnedTokens, long RefundedTokens, long CashedOutTokens, long PaidCents, long FailedCents);

public sealed class GetTaxSummaryHandler(IDigisDbContext db) : IQueryHandler<GetTaxSummary, TaxSummaryDto>
{
    private static readonly AccountKind[] Earnings = [AccountKind.EarningsClearing, AccountKind.EarningsCashable, AccountKind.Escrow];
    private static readonly TransferKind[] CashoutKinds = [TransferKind.Cashout, TransferKind.CashoutReversal];

    public async ValueTask<TaxSummaryDto> Handle(GetTaxSummary query, CancellationToken cancellationToken)
    {
        Rule.Check(new TaxYearMustBeInRangeRule(query.Year));
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        var start = new DateTimeOffset(query.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddYears(1);
        var spends = TransferKinds.Spends.ToArray();
        var refunds = TransferKinds.Refunds.ToArray();
        var kinds = spends.Concat(refunds).Concat(CashoutKinds).ToArray();
        var sums = await (
                from e in db.LedgerEntries.AsNoTracking()
                join a in db.Accounts.AsNoTracking() on e.AccountId equals a.Id
                where a.UserId == query.CallerId && Earnings.Contains(a.Kind) && e.CreatedAt >= start && e.CreatedAt < end && kinds.Contains(e.Kind)
                group e.Amount by e.Kind into g
                select new { Kind = g.Key, Sum = g.Sum() })
            .ToDictionaryAsync(s => s.Kind, s => s.Sum, cancellationToken);
        // A creator's cash-outs of one year are few: summed here (cents are a converted value EF does not sum).
        var money = (await db.Cashouts.AsNoTracking()
                .Where(c => c.CreatorId == query.CallerId
                    && ((c.Status == CashoutStatus.Paid && c.PaidAt >= start && c.PaidAt < end)
                        || (c.Status == CashoutStatus.Failed && c.TransferId != null && c.FailedAt >= start && c.FailedAt < end)))
                .Select(c => new { c.Status, c.UsdCents })
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.Status)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.UsdCents.Value));
        return new TaxSummaryDto(
            query.Year,
            spends.ToDictionary(SpendNames.Of, k => sums.GetValueOrDefault(k)),
            -refunds.Sum(sums.GetValueOrDefault),
            -CashoutKinds.Sum(sums.GetValueOrDefault),
            money.GetValueOrDefault(CashoutStatus.Paid),
            money.GetValueOrDefault(CashoutStatus.Failed));
    }
}
