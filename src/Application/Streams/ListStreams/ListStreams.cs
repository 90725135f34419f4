using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.ListStreams;

/// <summary>Streams newest first, by status and/or creator, keyset-paged on the (time-ordered) id.</summary>
public sealed record ListStreams(StreamStatus? Status, Guid? CreatorId, PageRequest Page) : IQuery<Page<StreamDto>>;

public sealed class ListStreamsHandler(IDigisDbContext db) : IQueryHandler<ListStreams, Page<StreamDto>>
{
    public async ValueTask<Page<StreamDto>> Handle(ListStreams query, CancellationToken cancellationToken)
    {
        var streams = db.Streams.AsNoTracking();
        if (query.Status is { } status)
        {
            streams = streams.Where(s => s.Status == status);
        }

        if (query.CreatorId is { } creatorId)
        {
            streams = streams.Where(s => s.CreatorId == creatorId);
        }

        return await streams.ToPageByIdAsync(s => s.Id, query.Page, StreamDto.From, cancellationToken);
    }
}
