using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Subscriptions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Subscriptions.ListSubscribers;

/// <summary>One subscriber of a creator: the fan, the tier, since when, and the subscription's state.</summary>
public sealed record SubscriberDto(
    Guid SubscriptionId, Guid FanId, string FanName, Guid TierId, string TierName, DateTimeOffset Since, SubscriptionStatus Status,
    bool Renews, DateTimeOffset CurrentPeriodEnd);

/// <summary>A creator's subscribers, newest first, optionally of one status (SPEC §18).</summary>
public sealed record ListSubscribers(Guid CallerId, SubscriptionStatus? Status, PageRequest Page) : IQuery<Page<SubscriberDto>>;

public sealed class ListSubscribersHandler(IDigisDbContext db) : IQueryHandler<ListSubscribers, Page<SubscriberDto>>
{
    public async ValueTask<Page<SubscriberDto>> Handle(ListSubscribers query, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        var subscriptions = db.Subscriptions.AsNoTracking().Where(s => s.CreatorId == query.CallerId);
        if (query.Status is { } status)
        {
            subscriptions = subscriptions.Where(s => s.Status == status);
        }

        return await subscriptions
            .Join(db.Users.AsNoTracking(), s => s.FanId, u => u.Id, (s, u) => new { s, FanName = u.DisplayName })
            .Join(db.SubscriptionTiers.AsNoTracking(), r => r.s.TierId, t => t.Id, (r, t) => new { r.s, r.FanName, TierName = t.Name })
            .ToPageByIdAsync(
                r => r.s.Id,
                query.Page,
                r => new SubscriberDto(r.s.Id, r.s.FanId, r.FanName, r.s.TierId, r.TierName, r.s.CreatedAt, r.s.Status, r.s.Renews, r.s.CurrentPeriodEnd),
                cancellationToken);
    }
}
