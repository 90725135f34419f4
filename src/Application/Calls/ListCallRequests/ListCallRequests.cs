using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Calls;
using Mediator;
using Microsoft.Extensions.Options;

namespace Digis.Application.Calls.ListCallRequests;

/// <summary>
/// The calls fans are asking the creator for now, oldest first: what a studio shows when it opens (later requests
/// arrive live as <c>callRequested</c>). Requests past their answer time are left out, expired or not yet.
/// </summary>
public sealed record ListCallRequests(Guid CallerId, PageRequest Page) : IQuery<Page<CallRequestedEvent>>;

public sealed class ListCallRequestsHandler(IDigisDbContext db, IOptions<CallsOptions> options, TimeProvider clock)
    : IQueryHandler<ListCallRequests, Page<CallRequestedEvent>>
{
    public async ValueTask<Page<CallRequestedEvent>> Handle(ListCallRequests query, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        var timeout = options.Value.Timeouts.Request;
        var answerableSince = clock.GetUtcNow() - timeout;
        var rows =
            from c in db.Calls
            where c.CreatorId == query.CallerId && c.Status == CallStatus.Requested && c.RequestedAt > answerableSince
            join u in db.Users on c.FanId equals u.Id
            select new { c.Id, c.FanId, u.DisplayName, c.RatePerMinute, c.BlockCost, c.RequestedAt };
        return await rows.ToPageByIdOldestFirstAsync(
            r => r.Id,
            query.Page,
            r => new CallRequestedEvent(r.Id, r.FanId, r.DisplayName, r.RatePerMinute.Value, r.BlockCost.Value, r.RequestedAt, r.RequestedAt + timeout),
            cancellationToken);
    }
}
