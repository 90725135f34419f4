using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Subscriptions;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.GetStreamAccess;

public enum StreamAccessReason
{
    Public,
    Owner,
    Ticket,
    TicketRequired,

    /// <summary>An active subscriber of the creator, at a show for subscribers (SPEC §18).</summary>
    Subscriber,

    /// <summary>A show for subscribers, and the caller is not one.</summary>
    SubscribersOnly,
}

public sealed record StreamAccessDto(bool CanWatch, StreamAccessReason Reason);

/// <summary>
/// Whether the caller may watch: public, owner, ticket holder, a subscriber at a show for subscribers, or not
/// (<c>ticket-required</c>, <c>subscribers-only</c>).
/// </summary>
public sealed record GetStreamAccess(Guid CallerId, Guid StreamId) : IQuery<StreamAccessDto>;

public sealed class GetStreamAccessHandler(IDigisDbContext db) : IQueryHandler<GetStreamAccess, StreamAccessDto>
{
    public async ValueTask<StreamAccessDto> Handle(GetStreamAccess query, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.AsNoTracking()
            .Where(s => s.Id == query.StreamId)
            .Select(s => new { s.CreatorId, Ticketed = s.TicketPrice != null, s.Audience })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The stream");
        if (!stream.Ticketed && stream.Audience != StreamAudience.Subscribers)
        {
            return new StreamAccessDto(true, StreamAccessReason.Public);
        }

        if (stream.CreatorId == query.CallerId)
        {
            return new StreamAccessDto(true, StreamAccessReason.Owner);
        }

        if (stream.Audience == StreamAudience.Subscribers)
        {
            return await db.ActiveTierAsync(query.CallerId, stream.CreatorId, cancellationToken) is not null
                ? new StreamAccessDto(true, StreamAccessReason.Subscriber)
                : new StreamAccessDto(false, StreamAccessReason.SubscribersOnly);
        }

        return await db.HasTicketAsync(query.StreamId, query.CallerId, cancellationToken)
            ? new StreamAccessDto(true, StreamAccessReason.Ticket)
            : new StreamAccessDto(false, StreamAccessReason.TicketRequired);
    }
}
