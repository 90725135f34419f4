using Digis.Application.Common.Interfaces;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.FindDuePayouts;

/// <summary>
/// What the payout job has to do now, read without locks (each step locks its own row): approved cash-outs whose next
/// attempt is due, transfers to reverse, and the creators whose weekly payout falls today (UTC) and has not run.
/// </summary>
public sealed record FindDuePayouts(int Max = 500) : IQuery<DuePayouts>;

public sealed record DuePayouts(IReadOnlyList<Guid> Cashouts, IReadOnlyList<Guid> ScheduledCreators);

public sealed class FindDuePayoutsHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<FindDuePayouts, DuePayouts>
{
    public async ValueTask<DuePayouts> Handle(FindDuePayouts query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var cashouts = await db.Cashouts.AsNoTracking()
            .Where(c => (c.Status == CashoutStatus.Approved && c.NextAttemptAt <= now) || c.ReversalDue)
            .OrderBy(c => c.NextAttemptAt).Take(query.Max).Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var scheduled = await db.PayoutSchedules.AsNoTracking()
            .Where(s => s.Weekday == today.DayOfWeek && (s.LastRunOn == null || s.LastRunOn < today))
            .OrderBy(s => s.Id).Take(query.Max).Select(s => s.Id)
            .ToListAsync(cancellationToken);
        return new DuePayouts(cashouts, scheduled);
    }
}
