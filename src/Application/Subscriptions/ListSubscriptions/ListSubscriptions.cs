using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Subscriptions.ListSubscriptions;

/// <summary>The fan's subscriptions, every status, newest first (SPEC §18).</summary>
public sealed record ListSubscriptions(Guid CallerId, PageRequest Page) : IQuery<Page<SubscriptionDto>>;

public sealed class ListSubscriptionsHandler(IDigisDbContext db) : IQueryHandler<ListSubscriptions, Page<SubscriptionDto>>
{
    public async ValueTask<Page<SubscriptionDto>> Handle(ListSubscriptions query, CancellationToken cancellationToken) =>
        await db.Subscriptions.AsNoTracking()
            .Where(s => s.FanId == query.CallerId)
            .Join(db.Users.AsNoTracking(), s => s.CreatorId, u => u.Id, (s, u) => new { s, CreatorName = u.DisplayName })
            .Join(db.SubscriptionTiers.AsNoTracking(), r => r.s.TierId, t => t.Id, (r, t) => new { r.s, r.CreatorName, TierName = t.Name })
            .ToPageByIdAsync(r => r.s.Id, query.Page, r => SubscriptionDto.From(r.s) with { CreatorName = r.CreatorName, TierName = r.TierName }, cancellationToken);
}
