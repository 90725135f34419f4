using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Creators.GetEarnings;

public sealed record GetEarnings(Guid CallerId) : IQuery<EarningsDto>;

public sealed record EarningsTotalsDto(long Tips, long Tickets, long Calls, long Total, long Subscriptions);

public sealed record EarningsDayDto(DateOnly Date, long Tips, long Tickets, long Calls, long Subscriptions);

public sealed record EarningsDto(EarningsTotalsDto Lifetime, IReadOnlyList<EarningsDayDto> Days);

/// <summary>
/// What a creator earned, by source: tips, tickets, call blocks and subscriptions received, net of their refunds. Lifetime,
/// and each of the last 30 days (UTC dates, today included, zeros where nothing came in).
/// </summary>
public sealed class GetEarningsHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetEarnings, EarningsDto>
{
    public const int Days = 30;

    public async ValueTask<EarningsDto> Handle(GetEarnings query, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var since = new DateTimeOffset(today.AddDays(1 - Days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var entries = db.EarningsEntriesOf(query.CallerId);
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
                return new EarningsDayDto(date, day.Tips, day.Tickets, day.Calls, day.Subscriptions);
            })
            .ToList();
        return new EarningsDto(totals, days);
    }

    private static EarningsTotalsDto Totals(IReadOnlyDictionary<TransferKind, long> byKind)
    {
        long Of(TransferKind spend) => byKind.Where(k => k.Key.SpendOf() == spend).Sum(k => k.Value); // net of its refunds
        var (tips, tickets, calls, subscriptions) = (Of(TransferKind.Tip), Of(TransferKind.Ticket), Of(TransferKind.CallBlock), Of(TransferKind.Subscription));
        return new EarningsTotalsDto(tips, tickets, calls, tips + tickets + calls + subscriptions, subscriptions);
    }
}
