using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.GetStreamAccess;

public enum StreamAccessReason
{
    Public,
    Owner,
    Ticket,
    TicketRequired,
}

public sealed record StreamAccessDto(bool CanWatch, StreamAccessReason Reason);

/// <summary>Whether the caller may watch: public, owner, ticket holder, or not (<c>ticket-required</c>).</summary>
public sealed record GetStreamAccess(Guid CallerId, Guid StreamId) : IQuery<StreamAccessDto>;

public sealed class GetStreamAccessHandler(IDigisDbContext db) : IQueryHandler<GetStreamAccess, StreamAccessDto>
{
    public async ValueTask<StreamAccessDto> Handle(GetStreamAccess query, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.AsNoTracking()
            .Where(s => s.Id == query.StreamId)
            .Select(s => new { s.CreatorId, Ticketed = s.TicketPrice != null })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The stream");
        if (!stream.Ticketed)
        {
            return new StreamAccessDto(true, StreamAccessReason.Public);
        }

        if (stream.CreatorId == query.CallerId)
        {
            return new StreamAccessDto(true, StreamAccessReason.Owner);
        }

        return await db.HasTicketAsync(query.StreamId, query.CallerId, cancellationToken)
            ? new StreamAccessDto(true, StreamAccessReason.Ticket)
            : new StreamAccessDto(false, StreamAccessReason.TicketRequired);
    }
}
