using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Creators.GetEarnings;

public sealed record GetEarnings(Guid CallerId) : IQuery<EarningsDto>;

public sealed record EarningsTotalsDto(long Tips, long Tickets, long Calls, long Total);

public sealed record EarningsDayDto(DateOnly Date, long Tips, long Tickets, long Calls);

public sealed record EarningsDto(EarningsTotalsDto Lifetime, IReadOnlyList<EarningsDayDto> Days);

/// <summary>
/// What a creator earned, by source: tips, tickets and call blocks received, net of their refunds. Lifetime,
/// and each of the last 30 days (UTC dates, today included, zeros where nothing came in).
/// </summary>
public sealed class GetEarningsHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetEarnings, EarningsDto>
{
    public const int Days = 30;

    private static readonly TransferKind[] Kinds =
    [
        TransferKind.Tip, TransferKind.Ticket, TransferKind.CallBlock,
        TransferKind.TipRefund, TransferKind.TicketRefund, TransferKind.CallBlockRefund,
    ];

    public async ValueTask<EarningsDto> Handle(GetEarnings query, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        // The creator's earnings and show escrows (a ticket counts when sold; what the creator spent as a fan is not theirs).
        var earningsAccounts = db.Accounts.AsNoTracking()
            .Where(a => a.UserId == query.CallerId && a.Kind != AccountKind.Wallet).Select(a => a.Id);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var since = new DateTimeOffset(today.AddDays(1 - Days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var entries = db.LedgerEntries.AsNoTracking().Where(e => earningsAccounts.Contains(e.AccountId) && Kinds.Contains(e.Kind));
        var lifetime = await entries
            .GroupBy(e => e.Kind)
            .Select(g => new { Kind = g.Key, Total = g.Sum(e => e.Amount) })
            .ToDictionaryAsync(g => g.Kind, g => g.Total, cancellationToken);
        var recent = await entries
            .Where(e => e.CreatedAt >= since)
            .GroupBy(e => new { e.CreatedAt.Year, e.CreatedAt.Month, e.CreatedAt.Day, e.Kind })
            .Select(g => new { Date = new DateOnly(g.Key.Year, g.Key.Month, g.Key.Day), g.Key.Kind, Total = g.Sum(e => e.Amount) })
            .ToListAsync(cancellationToken);

        var totals = Totals(lifetime);
        var days = Enumerable.Range(0, Days)
            .Select(i => today.AddDays(i + 1 - Days))
            .Select(date =>
            {
                var day = Totals(recent.Where(r => r.Date == date).ToDictionary(r => r.Kind, r => r.Total));
                return new EarningsDayDto(date, day.Tips, day.Tickets, day.Calls);
            })
            .ToList();
        return new EarningsDto(totals, days);
    }

    private static EarningsTotalsDto Totals(IReadOnlyDictionary<TransferKind, long> byKind)
    {
        long Of(TransferKind kind) => byKind.GetValueOrDefault(kind);
        var tips = Of(TransferKind.Tip) + Of(TransferKind.TipRefund);
        var tickets = Of(TransferKind.Ticket) + Of(TransferKind.TicketRefund);
        var calls = Of(TransferKind.CallBlock) + Of(TransferKind.CallBlockRefund);
        return new EarningsTotalsDto(tips, tickets, calls, tips + tickets + calls);
    }
}
