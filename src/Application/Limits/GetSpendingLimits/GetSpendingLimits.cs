using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Limits.GetSpendingLimits;

/// <summary>The caller's spending limits and what they spent today and this month (UTC).</summary>
public sealed record GetSpendingLimits(Guid CallerId) : IQuery<SpendingLimitsDto>;

public sealed class GetSpendingLimitsHandler(IDigisDbContext db, ISpentTokens spent, TimeProvider clock)
    : IQueryHandler<GetSpendingLimits, SpendingLimitsDto>
{
    public async ValueTask<SpendingLimitsDto> Handle(GetSpendingLimits query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var limits = await db.SpendingLimits.AsNoTracking().SingleOrDefaultAsync(l => l.UserId == query.CallerId, cancellationToken);
        var sums = await spent.OfAsync([query.CallerId], now, cancellationToken);
        return SpendingLimitsDto.From(limits, sums[query.CallerId], now);
    }
}
