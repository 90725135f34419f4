using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.GetPayoutSchedule;

/// <summary>The caller's weekly payout; null when none is set.</summary>
public sealed record GetPayoutSchedule(Guid CallerId) : IQuery<PayoutScheduleDto?>;

public sealed class GetPayoutScheduleHandler(IDigisDbContext db) : IQueryHandler<GetPayoutSchedule, PayoutScheduleDto?>
{
    public async ValueTask<PayoutScheduleDto?> Handle(GetPayoutSchedule query, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        return PayoutScheduleDto.From(await db.PayoutSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == query.CallerId, cancellationToken));
    }
}
